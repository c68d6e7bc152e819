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
  activateMs: number;
  /** Loading dist/extension.js again after activation (module cache cleared, file cached). */
  reloadMs: number;
  wasActive: boolean;
  node: string;
  vscode: string;
}

export interface ActivationResult {
  samples: ActivationSample[];
  failures: string[];
}

/** `runs` fresh extension hosts, one activation each (an extension activates once per host). */
export async function measureActivation(runs: number): Promise<ActivationResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-bench-exthost-'));
  const result: ActivationResult = { samples: [], failures: [] };
  try {
    if (!fs.existsSync(path.join(repoRoot, 'tools', 'code-server', 'node_modules', '.bin', 'code-server'))) {
      result.failures.push('code-server is not installed in tools/code-server (scripts/setup-tools.sh)');
      return result;
    }
    const probe = path.join(work, 'activationProbe.js');
    await esbuild.build({ entryPoints: [path.join(repoRoot, 'bench', 'exthost', 'activationProbe.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: probe, external: ['vscode'], logLevel: 'silent' });
    const folder = fs.mkdtempSync(path.join(work, 'workspace-'));
    fs.writeFileSync(path.join(folder, 'README.md'), '# activation\n');
    for (let sample = 0; sample < runs; sample++) {
      const resultFile = path.join(work, `activation-${sample}.json`);
      try {
        await run(process.execPath, [path.join(repoRoot, 'scripts', 'code-shim.mjs'), `--extensionDevelopmentPath=${repoRoot}`, `--extensionTestsPath=${probe}`, folder], {
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
    return result;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
