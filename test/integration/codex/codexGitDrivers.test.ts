import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { agentEnvironment } from '../../../src/engine/agents/agentEnvironment';
import { codexArgs } from '../../../src/engine/agents/codex/codexArgs';
import { codexEnvironmentSpec } from '../../../src/engine/agents/codex/codexEnvironment';
import { runAgentProcess } from '../../../src/engine/process/runAgentProcess';
import { createAttackerScripts, type AttackerScripts } from '../../fixtures/attackerScripts';
import { branchFiles } from '../../fixtures/discountBranch';
import { snapshotWorkingTree } from '../../fixtures/gitRepo';
import { step, type Step } from '../../fixtures/modelServer/modelServer';
import { functionCallOutputs } from '../../fixtures/modelServer/openaiProtocol';
import { codexBin, errorOf, runCodex, setUpCodex, twoFindings, type CodexHarness } from './codexHarness';

// The branch's .gitattributes send its files through diff and filter drivers the user configured for
// other files, under names the branch chose: a textconv, a diff command and a filter in ~/.gitconfig,
// and a filter in the repository's .git/config whose name is full of quotes, dots and '='. Each
// driver's program prints `PWNED-OUTPUT-<name>` to stderr (which reaches the model) and tries to leave a
// marker file: Codex's sandbox refuses the file for the model's commands, but Codex's own git (its
// status of the checkout) runs outside the sandbox. The model runs what a reviewer runs.

const weirdName = 'shop.js\'s"=driver';
const commands = ['git diff main...HEAD', 'git show HEAD', 'git log -p main..HEAD', 'git blame src/price.js', 'git blame src/cart.js', 'git status'];
const script: Step[] = [...commands.map((cmd) => step.tool('exec_command', { cmd })), step.structured(twoFindings)];
const priceLine = '  return price(item) * (100 - percent) / 10;';
const cartLine = branchFiles['src/cart.js']?.split('\n')[2] ?? '';

let harness: CodexHarness | undefined;
let attacker: AttackerScripts | undefined;
afterEach(async () => {
  await harness?.dispose();
  attacker?.dispose();
  harness = attacker = undefined;
});

async function setUpDrivers(): Promise<{ harness: CodexHarness; attacker: AttackerScripts }> {
  attacker = createAttackerScripts('deep-review-git-drivers-', 'echo "PWNED-OUTPUT-$1" >&2\n');
  harness = await setUpCodex({
    script,
    extraBranchFiles: {
      '.gitattributes': '*.js diff=js-textconv filter=js-filter\nsrc/cart.js diff=cart-command\n',
      'src/.gitattributes': `price.js filter=${weirdName}\n`,
    },
  });
  const run = (name: string, then: string): string => `sh -c '/bin/sh ${attacker?.pwn ?? ''} ${name}; ${then}' -`;
  const globalConfig = path.join(harness.baseEnv.HOME ?? '', '.gitconfig');
  for (const [key, value] of [
    ['diff.js-textconv.textconv', run('global-textconv', 'cat "$1"')],
    ['diff.cart-command.command', run('global-diff-command', 'true')],
    ['filter.js-filter.clean', run('global-clean', 'cat')],
    ['filter.js-filter.smudge', run('global-smudge', 'cat')],
  ] as const) {
    execFileSync('git', ['config', '--file', globalConfig, key, value]);
  }
  harness.repo.git('config', `filter.${weirdName}.clean`, run('local-weird-clean', 'cat'));
  harness.repo.git('config', `filter.${weirdName}.required`, 'true');
  return { harness, attacker };
}

/** What each git command printed to the model, in order. */
function toolOutputs(harness: CodexHarness): string[] {
  const last = harness.server.modelRequests.at(-1);
  return last ? functionCallOutputs(last).map((output) => output.text) : [];
}

test('git diff, show, log -p, blame and status run by Codex in a branch that picks the user’s drivers run none of them and show the real text', async () => {
  const { harness, attacker } = await setUpDrivers();
  const userFilesBefore = snapshotWorkingTree(harness.repo.root);

  const { outcome } = await runCodex(harness);

  assert.equal(outcome.status, 'succeeded', errorOf(outcome));
  const outputs = toolOutputs(harness);
  assert.equal(outputs.length, commands.length);
  outputs.forEach((output, index) => {
    assert.doesNotMatch(output, /PWNED|fatal/, `${commands[index] ?? ''} ran no driver and did not fail`);
  });
  const [diff = '', show = '', log = '', blamePrice = '', blameCart = '', status = ''] = outputs;
  for (const [name, output] of [['git diff', diff], ['git show', show], ['git log -p', log]] as const) {
    assert.ok(output.includes(`+${priceLine}`) && output.includes(`+${cartLine}`), `${name} shows both changed files`);
  }
  assert.ok(blamePrice.includes(priceLine) && blameCart.includes(cartLine), 'git blame shows the files as they are');
  assert.match(status, /nothing to commit, working tree clean/);
  assert.deepEqual(attacker.markers(), [], 'no driver ran, in the sandbox or in Codex’s own git');
  assert.deepEqual(snapshotWorkingTree(harness.repo.root), userFilesBefore, 'the user’s working tree and .git/config are unchanged');
});

// Control: the same run with the environment Deep Review gave agents before (the hardening only: the
// user's global config read, no driver replaced). Codex's shell runs the drivers the branch picked, and
// its diffs die where git must write a blob for the program to read (the sandbox refuses the file);
// Codex's own git, outside the sandbox, runs the filters for real.
test('the driver fixture is live: with only the base git hardening, the branch-picked textconv and filters run, the filters even outside Codex’s sandbox (control)', async () => {
  const { harness, attacker } = await setUpDrivers();
  const args = codexArgs({ reviewer: harness.reviewer, worktree: harness.worktree.path, schemaFile: '/dev/null', lastMessageFile: '/dev/null' });
  args.splice(args.indexOf('--output-schema'), 2);

  await runAgentProcess({
    command: codexBin,
    args,
    stdin: harness.prompt,
    cwd: harness.worktree.path,
    env: agentEnvironment(harness.baseEnv, codexEnvironmentSpec),
    timeoutMs: 20_000,
    signal: new AbortController().signal,
    onStdoutLine: () => undefined,
    notFoundHint: '',
  });

  const [diff = '', , , blamePrice = '', blameCart = ''] = toolOutputs(harness);
  assert.match(diff, /unable to create temp-file/, 'git diff tried to run the textconv and could not show the diff');
  for (const marker of ['local-weird-clean', 'global-textconv']) assert.ok(blamePrice.includes(`PWNED-OUTPUT-${marker}`), `${marker} ran in git blame: ${blamePrice}`);
  assert.ok(blameCart.includes('PWNED-OUTPUT-global-clean'), `the global clean filter ran in git blame: ${blameCart}`);
  // Outside the sandbox: Codex's own git, reading the checkout, ran both filters and they wrote their markers.
  assert.deepEqual(attacker.markers(), ['PWNED-global-clean', 'PWNED-local-weird-clean']);
});
