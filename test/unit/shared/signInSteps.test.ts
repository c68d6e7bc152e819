import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { agentClis, type AgentCli } from '../../../src/shared/reviewerConfig';
import { cliSignIn, installCommand, loginCommand } from '../../../src/shared/signInSteps';

// README's *Signing in* and the walkthrough's reviewers step say how to install and sign in each CLI. They
// must name exactly the steps src/shared/signInSteps.ts gives Check Reviewers, the readiness message and errors.

const root = path.resolve(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const walkthrough = fs.readFileSync(path.join(root, 'media', 'walkthrough', 'reviewers.md'), 'utf8');

/** The text of README's "#### <CLI name>" subsection of *Signing in*. */
function readmeSection(cli: AgentCli): string {
  const start = readme.indexOf(`\n#### ${cliSignIn[cli].name}\n`);
  assert.notEqual(start, -1, `README has no "#### ${cliSignIn[cli].name}" section`);
  const end = readme.slice(start + 1).search(/\n#{2,4} /);
  return readme.slice(start, end === -1 ? undefined : start + 1 + end);
}

/** The walkthrough's table row of the CLI. */
function walkthroughRow(cli: AgentCli): string {
  const row = walkthrough.split('\n').find((line) => line.startsWith(`| ${cliSignIn[cli].name} |`));
  assert.ok(row, `the walkthrough has no row for ${cliSignIn[cli].name}`);
  return row;
}

/** The login, the key variable and (where one) the variable the CLI ignores, with why; no other CLI's key. */
function assertSameSteps(cli: AgentCli, text: string, where: string): void {
  const { login, apiKeyVariable, ignoredVariable } = cliSignIn[cli];
  assert.ok(text.includes(loginCommand(cli)), `${where} does not name the login ${loginCommand(cli)}`);
  if (login.then !== null) assert.ok(text.includes(login.then), `${where} does not say "${login.then}"`);
  assert.ok(text.includes(apiKeyVariable), `${where} does not name ${apiKeyVariable}`);
  for (const other of agentClis.filter((candidate) => candidate !== cli)) {
    assert.equal(text.includes(cliSignIn[other].apiKeyVariable), false, `${where} names ${cliSignIn[other].name}'s ${cliSignIn[other].apiKeyVariable}`);
  }
  const keyVariables = new Set(text.match(/\b[A-Z]+_API_KEY\b/g) ?? []);
  if (ignoredVariable !== null && keyVariables.has(ignoredVariable.name)) {
    assert.ok(text.includes(ignoredVariable.why), `${where} names ${ignoredVariable.name} without saying ${ignoredVariable.why}`);
  }
}

for (const cli of agentClis) {
  test(`README's Signing in names ${cliSignIn[cli].name}'s login and key variable as src/shared does`, () => {
    assertSameSteps(cli, readmeSection(cli), `README's ${cliSignIn[cli].name} section`);
  });

  test(`the walkthrough names ${cliSignIn[cli].name}'s install, login and key variable as src/shared does`, () => {
    const row = walkthroughRow(cli);
    assert.ok(row.includes(`\`${installCommand(cli)}\``), `the walkthrough's ${cliSignIn[cli].name} row does not give ${installCommand(cli)}`);
    assertSameSteps(cli, row, `the walkthrough's ${cliSignIn[cli].name} row`);
  });
}

test("README's Requirements give the same install commands", () => {
  for (const cli of agentClis) assert.ok(readme.includes(`\`${installCommand(cli)}\``), installCommand(cli));
});

test("README's Quick start goes through Check Reviewers to Review Branch, and the walkthrough opens with Check Reviewers", () => {
  const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
  const check = quickStart.indexOf('Check Reviewers');
  assert.ok(check !== -1 && check < quickStart.indexOf('Review Branch'), 'Quick start: Check Reviewers, then Review Branch');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { walkthroughs: Array<{ steps: Array<{ media: { markdown?: string }; description: string }> }> } };
  const first = manifest.contributes.walkthroughs[0]?.steps[0];
  assert.equal(first?.media.markdown, 'media/walkthrough/reviewers.md');
  assert.match(first.description, /command:deepReview\.checkReviewers/);
});
