import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { readEmbeddedLedger } from '../../../src/engine/github/prCommentBody';
import { reviewReportSchema } from '../../../src/shared/reportModel';
import type { ReviewerAnswer } from '../../../src/shared/reviewerAnswer';
import { answerWith, createDiscountRepo, twoFindings } from '../../fixtures/discountBranch';
import type { FakePullRequest } from '../../fixtures/githubServer/githubData';
import { startModelServer, step, type Step } from '../../fixtures/modelServer/modelServer';
import { codexBin, errorOf, runCodex, scriptedEndpointArgs, scriptedKey, scriptedKeyVariable, setUpCodex, type CodexHarness } from '../codex/codexHarness';
import { startFakeGithubWithComments } from '../github/fakeGithubWithComments';
import { owner, repoName, requireGh, token } from '../github/ghTestSetup';
import { bundleCli, runCli, scratchDir } from './cliHarness';

// Issue 17, "why" 2: a prompt-injected reviewer (the real Codex CLI, scripted) quotes the OPENAI_API_KEY of
// its environment and the token of the user's ~/.config/gh/hosts.yml in a finding's title, body, snippet and
// fix. The scripted model writes what an injected model that had read them would write (whether it can read
// them at all is the sandbox's business, tested with it). The control shows the values reach Deep Review
// from the agent; the CLI run shows they reach no report file, no stored round, no log line and not the PR
// comment (real gh against a fake GitHub).

// Fresh values per run, so nothing else on the machine can contain them by chance.
const openAiKey = `sk-proj-${randomBytes(24).toString('base64url')}`;
const ghHostsToken = `ghp_${randomBytes(27).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 36)}`;
const secrets = [openAiKey, ghHostsToken, Buffer.from(openAiKey).toString('base64').slice(0, 40)];

const leakyAnswer: ReviewerAnswer = answerWith([
  {
    ...twoFindings.findings[0]!,
    title: `Credentials are readable: OPENAI_API_KEY=${openAiKey}`,
    body: `The reviewer's environment has OPENAI_API_KEY=${openAiKey} and ~/.config/gh/hosts.yml holds ${ghHostsToken} (base64: ${Buffer.from(openAiKey).toString('base64')}).`,
    snippet: `OPENAI_API_KEY=${openAiKey}`,
    fix: null,
  },
  {
    ...twoFindings.findings[1]!,
    fix: { description: 'Use the token.', edits: [{ file: 'src/price.js', original: '  if (percent > 100) throw new Error("too much");\n', replacement: `  if (percent > 100) throw new Error("${ghHostsToken}");\n` }] },
  },
]);
const script: Step[] = [step.structured(leakyAnswer)];

/** A home with gh's hosts.yml holding the user's token, as on a developer's machine. */
function homeWithGhToken(dir: string): string {
  const home = path.join(dir, 'home');
  fs.mkdirSync(path.join(home, '.config', 'gh'), { recursive: true });
  fs.writeFileSync(path.join(home, '.config', 'gh', 'hosts.yml'), `github.com:\n    oauth_token: ${ghHostsToken}\n    git_protocol: https\n    user: dana\n`);
  return home;
}

function assertNoSecret(text: string, where: string): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `${where} holds a secret value`);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => path.join(dir, name)).filter((file) => fs.statSync(file).isFile());
}

let scratch: string;
let cli: string;
let harness: CodexHarness | null = null;
before(async () => {
  requireGh();
  scratch = scratchDir('deep-review-cli-redact-');
  cli = await bundleCli(scratch);
});
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });

test('control: the agent hands Deep Review its key and the gh token in the finding, its fix and its transcript', async () => {
  harness = await setUpCodex({ script });
  harness.baseEnv = { ...harness.baseEnv, HOME: homeWithGhToken(fs.mkdtempSync(path.join(scratch, 'control-'))), OPENAI_API_KEY: openAiKey };

  const { outcome } = await runCodex(harness);

  assert.ok(outcome.status === 'succeeded', errorOf(outcome));
  const [finding, withFix] = outcome.answer.findings;
  assert.ok(finding!.title.includes(openAiKey) && finding!.body.includes(ghHostsToken) && finding!.snippet.includes(openAiKey));
  assert.ok(withFix!.fix!.edits[0]!.replacement.includes(ghHostsToken));
  assert.ok(outcome.transcript.includes(openAiKey), 'the raw transcript quotes the key');
});

test('the report JSON, Markdown, SARIF, the stored round, stderr and the PR comment hold no secret, and the report says what was redacted where', async () => {
  const repo = createDiscountRepo();
  repo.git('remote', 'add', 'origin', `https://github.com/${owner}/${repoName}.git`);
  const pullRequest: FakePullRequest = { number: 17, title: 'Discounts', author: 'dana', body: '', baseRefName: 'main', headRefName: 'feature/discount', headRefOid: repo.git('rev-parse', 'HEAD') };
  const github = await startFakeGithubWithComments({ repository: { owner, name: repoName, pullRequests: [pullRequest] }, token, viewer: 'deep-review-bot' });
  const server = await startModelServer({ protocol: 'openai', script });
  const out = path.join(scratch, 'out');
  try {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OPENAI_|CODEX_|ANTHROPIC_|CLAUDE_|GITHUB_|GH_)/.test(name)));
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      HOME: homeWithGhToken(scratch),
      CODEX_HOME: fs.mkdtempSync(path.join(scratch, 'codex-home-')),
      [scriptedKeyVariable]: scriptedKey,
      OPENAI_API_KEY: openAiKey,
      GH_CONFIG_DIR: github.ghConfigDir,
      GH_TOKEN: token,
    };
    const reviewers = JSON.stringify([{ id: 'codex', cli: 'codex', model: 'gpt-5.5', effort: 'high', command: codexBin, baseUrl: `${server.url}/v1`, apiKeyEnv: scriptedKeyVariable, args: scriptedEndpointArgs }]);

    const run = await runCli(cli, ['review', '--repo', repo.root, '--base', 'main', '--out', out, '--reviewers', reviewers, '--consolidator', 'off', '--format', 'md,json,sarif', '--pr-comment'], env);

    assert.equal(run.code, 0, run.stderr);
    assertNoSecret(run.stderr, 'stderr');
    const files = run.stdout.trim().split('\n');
    assert.deepEqual(files.map((file) => path.extname(file)).sort(), ['.json', '.md', '.sarif']);
    for (const file of files) assertNoSecret(fs.readFileSync(file, 'utf8'), file);

    const report = reviewReportSchema.parse(JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.json'))!, 'utf8')));
    const [c1, s1] = report.findings;
    assert.equal(c1!.title, 'Credentials are readable: OPENAI_API_KEY=[REDACTED OPENAI_API_KEY]');
    assert.match(c1!.body, /OPENAI_API_KEY=\[REDACTED OPENAI_API_KEY\] and ~\/\.config\/gh\/hosts\.yml holds \[REDACTED (gh hosts\.yml|GitHub token)\]/);
    assert.equal(c1!.location.snippet, 'OPENAI_API_KEY=[REDACTED OPENAI_API_KEY]');
    assert.equal(s1!.fix, null, 'the fix that would write the token into the code is left out, not altered');
    const where = report.redactions?.map((entry) => entry.where) ?? [];
    for (const place of ['C1 title', 'C1 body', 'C1 snippet', 'S1 fix']) assert.ok(where.includes(place), `${place} is named in ${where.join(', ')}`);
    assert.equal(report.redactions?.find((entry) => entry.where === 'S1 fix')?.fixDropped, true);
    const markdown = fs.readFileSync(files.find((file) => file.endsWith('.md'))!, 'utf8');
    assert.match(markdown, /Secrets were redacted from this report \([^)]*OPENAI_API_KEY[^)]*\) in: C1 title; C1 body; C1 snippet; S1 fix \(the fix is left out\)/);
    const sarif = JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.sarif'))!, 'utf8')) as { runs: Array<{ properties: { redactions: unknown } }> };
    assert.deepEqual(sarif.runs[0]!.properties.redactions, report.redactions);

    const stored = filesUnder(path.join(repo.root, '.git', 'deep-review'));
    assert.ok(stored.some((file) => file.endsWith(path.join('transcripts', 'codex.jsonl'))), 'the transcript is stored');
    for (const file of stored) assertNoSecret(fs.readFileSync(file, 'utf8'), file);

    const comment = github.comments.at(-1);
    assert.ok(comment, 'the PR comment was written');
    assertNoSecret(comment.body, 'the PR comment');
    assert.match(comment.body, /Secrets were redacted from this report/);
    const embedded = readEmbeddedLedger(comment.body);
    assert.ok(embedded.found && 'ledger' in embedded);
    assertNoSecret(JSON.stringify(embedded.ledger), "the comment's embedded history");
  } finally {
    await server.close();
    await github.close();
    repo.remove();
  }
});
