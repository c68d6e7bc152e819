import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { sandboxSupport } from '../../../src/engine/sandbox/sandboxSupport';
import { step, type Step } from '../../fixtures/modelServer/modelServer';
import { functionCallOutputs } from '../../fixtures/modelServer/openaiProtocol';
import { leakedSecrets, plantSecrets, type PlantedSecrets } from '../../fixtures/plantedSecrets';
import { errorOf, runCodex, setUpCodex, twoFindings, type CodexHarness } from './codexHarness';

// A prompt-injected reviewer goes for the user's credentials through every command Codex gives it. Codex's
// read-only sandbox limits writes, not reads: only Deep Review's sandbox keeps the files out of reach.

const folders: string[] = [];
let harness: CodexHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function scriptFor(secrets: PlantedSecrets): Step[] {
  return [
    step.tool('exec_command', { cmd: `cat ${secrets.sshKey} ~/.config/gh/hosts.yml` }),
    step.tool('exec_command', { cmd: `git diff --no-ext-diff --no-index /dev/null ${secrets.ghHosts}` }),
    step.tool('exec_command', { cmd: `git diff --no-ext-diff /dev/null ${secrets.sshKey}` }),
    step.structured(twoFindings),
  ];
}

async function setUpWithSecrets(): Promise<{ harness: CodexHarness; secrets: PlantedSecrets }> {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-secret-home-')));
  folders.push(home);
  const secrets = plantSecrets(home);
  harness = await setUpCodex({ script: scriptFor(secrets) });
  harness.baseEnv.HOME = home;
  return { harness, secrets };
}

test('sandboxed, Codex’s commands cannot read ~/.ssh or ~/.config/gh: nothing of them reaches the model', { skip: !sandboxSupport().available && 'no sandbox on this machine' }, async () => {
  const { harness, secrets } = await setUpWithSecrets();

  const { outcome } = await runCodex(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.equal(harness.server.modelRequests.length, 4);
  assert.deepEqual(leakedSecrets(harness.server, secrets), []);
  const outputs = functionCallOutputs(harness.server.modelRequests[3]!).map((output) => output.text);
  assert.equal(outputs.length, 3);
  for (const output of outputs) assert.match(output, /No such file or directory|Could not access/, 'the home is empty in the sandbox');
});

// Control: the same run without Deep Review's sandbox reads the key with a plain `cat`.
test('without the sandbox, Codex’s cat returns the planted SSH key and gh token to the model', async () => {
  const { harness, secrets } = await setUpWithSecrets();
  // Outside the system temp folder: with the system's bwrap installed, Codex's own sandbox needs a CODEX_HOME there.
  const homeParent = fs.mkdtempSync(path.join('/var/tmp', 'deep-review-codex-homes-'));
  folders.push(homeParent);

  const { outcome } = await runCodex(harness, { runner: { sandbox: false, homeParent } });

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  assert.deepEqual(leakedSecrets(harness.server, secrets), [...secrets.values]);
});
