import { runAgentProcess } from '../process/runAgentProcess';

/** How one `gh` call ended; stdout is complete, stderr only its end. */
export interface GhResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
}

export interface GhRunnerOptions {
  /** Absolute path of the gh binary. */
  ghPath: string;
  /** The reviewed repository: gh reads its remotes to know which GitHub repository it is. */
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
  /** When every call together must be done (Date.now() time). */
  deadline: number;
}

export type GhRunner = (args: readonly string[]) => Promise<GhResult>;

const killGraceMs = 1_000;

/** Runs gh calls that share one deadline: each call gets the time the earlier ones left. */
export function createGhRunner(options: GhRunnerOptions): GhRunner {
  return async (args) => {
    const timeoutMs = options.deadline - Date.now();
    if (timeoutMs <= 0) return { stdout: '', stderr: '', exitCode: null, timedOut: true, cancelled: false };
    const stdoutLines: string[] = [];
    const result = await runAgentProcess({
      command: options.ghPath,
      args,
      cwd: options.cwd,
      env: options.env,
      timeoutMs,
      signal: options.signal,
      onStdoutLine: (line) => stdoutLines.push(line),
      notFoundHint: ghInstallHint,
      killGraceMs,
    });
    return {
      stdout: stdoutLines.join('\n'),
      stderr: result.stderrTail,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      cancelled: result.cancelled,
    };
  };
}

export const ghInstallHint =
  'Install the GitHub CLI (Debian/Ubuntu: `sudo apt-get install gh`; macOS: `brew install gh`; others: https://cli.github.com), then run `gh auth login`.';
