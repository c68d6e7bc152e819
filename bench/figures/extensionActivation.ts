import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { repoRoot } from '../support/machine';

// Extension activation inside real VS Code: scripts/code-shim.mjs (code-server + headless Chromium, the way
// `npm run test:exthost` runs) loads bench/exthost/activationProbe.ts as the extension's tests.

const run = promisify(execFile);
const resultFileVariable = 'DEEP_REVIEW_BENCH_ACTIVATION_FILE';

export interface ActivationSample {
  /** `await extension.activate()`: loading the entry bundle and running activate(). */
  activateMs: number;
  /** From the same start until the first command (deepReview.refreshView) has run: everything loaded. */
  firstCommandMs: number;
  /** Loading the entry bundle, from VS Code's marks around it (null when this VS Code sets none). */
  loadCodeMs: number | null;
  /** The call of activate() until its result, from VS Code's marks. */
  activateCallMs: number | null;
  /** Loading each start-up bundle again after activation (module cache cleared, file cached). */
  reloads: Array<{ bundle: string; ms: number }>;
  wasActive: boolean;
  node: string;
  vscode: string;
}

/** An extension folder to activate: the repository (dist/ as built) or a production build's copy. */
export interface ActivationBuild {
  name: string;
  extensionPath: string;
}

export interface ActivationResult {
  build: ActivationBuild;
  samples: ActivationSample[];
  failures: string[];
}

/** `runs` fresh extension hosts per build, one activation each (an extension activates once per host); the builds take turns. */
export async function measureActivation(runs: number, builds: readonly ActivationBuild[]): Promise<ActivationResult[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-bench-exthost-'));
  const results: ActivationResult[] = builds.map((build) => ({ build, samples: [], failures: [] }));
  try {
    if (!fs.existsSync(path.join(repoRoot, 'tools', 'code-server', 'node_modules', '.bin', 'code-server'))) {
      for (const result of results) result.failures.push('code-server is not installed in tools/code-server (scripts/setup-tools.sh)');
      return results;
    }
    const probe = path.join(work, 'activationProbe.js');
    await esbuild.build({ entryPoints: [path.join(repoRoot, 'bench', 'exthost', 'activationProbe.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: probe, external: ['vscode'], logLevel: 'silent' });
    const folder = fs.mkdtempSync(path.join(work, 'workspace-'));
    fs.writeFileSync(path.join(folder, 'README.md'), '# activation\n');
    for (let sample = 0; sample < runs; sample++) {
      for (const result of results) {
        const resultFile = path.join(work, `activation-${sample}.json`);
        fs.rmSync(resultFile, { force: true });
        try {
          await run(process.execPath, [path.join(repoRoot, 'scripts', 'code-shim.mjs'), `--extensionDevelopmentPath=${result.build.extensionPath}`, `--extensionTestsPath=${probe}`, folder], {
            cwd: repoRoot,
            env: { ...process.env, [resultFileVariable]: resultFile, TEST_TIMEOUT_MS: '120000' },
            timeout: 180_000,
            maxBuffer: 16 << 20,
          });
          const parsed = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ActivationSample;
          if (parsed.wasActive) result.failures.push(`run ${sample + 1}: the extension was already active`);
          else result.samples.push(parsed);
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          result.failures.push(`run ${sample + 1}: ${text.split('\n').slice(0, 3).join(' ')}`);
        }
      }
    }
    return results;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
