import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fingerprintFinding } from '../../../src/engine/findings/fingerprint';
import { planFixAtReviewedCommit } from '../../../src/engine/fixes/fixAtHead';
import { applyPlannedEdits } from '../../../src/engine/fixes/planFix';
import { createCommitFileReader } from '../../../src/engine/git/commitFileReader';
import { readDiffRightLines } from '../../../src/engine/github/diffRightLines';
import { findingMarker } from '../../../src/engine/github/inlineCommentBody';
import { publishInlineReview, type InlineReviewResult } from '../../../src/engine/github/inlineReview';
import { PrReviewClient } from '../../../src/engine/github/prReviewClient';
import type { PullRequestAddress } from '../../../src/engine/github/reviewThreads';
import { applySuggestion } from '../../../src/engine/github/suggestionBlock';
import { reconcileRound } from '../../../src/engine/storage/reconcileRound';
import type { Finding, Fix, Severity } from '../../../src/shared/findingModel';
import { emptyLedger, type Ledger } from '../../../src/shared/ledgerModel';
import { TempRepo } from '../../fixtures/gitRepo';
import type { FakePullRequest, FakeThread } from '../../fixtures/githubServer/githubData';
import { startReviewsApiServer, type ReviewsApiServer, type ReviewsScenario } from '../../fixtures/githubServer/reviewsApiServer';
import { owner, repoName, requireGh, token } from './ghTestSetup';

// The inline review with the real gh and real git against a fake GitHub that speaks the review REST
// endpoints and the reviewThreads / resolveReviewThread GraphQL, over rounds of a real branch.

const baseCart = `export interface Item {
  price: number;
  quantity: number;
}

export function total(items: Item[]): number {
  let sum = 0;
  for (const item of items) {
    sum += item.price * item.quantity;
  }
  return sum;
}

export function label(name: string): string {
  return 'Item: ' + name;
}

export function tax(amount: number): number {
  return amount * 0.2;
}

export function discount(amount: number, code: string): number {
  return code === 'HALF' ? amount / 2 : amount;
}
`;
const branchCart = baseCart
  .replace('    sum += item.price * item.quantity;', '    sum += item.price;')
  .replace("  return code === 'HALF' ? amount / 2 : amount;\n", "  if (code == 'HALF') {\n    return amount / 2;\n  }\n  return amount;\n");
const cart = 'src/cart.ts';
/** The right side of `git diff main...feature` as GitHub shows it (3 lines of context), written out by hand. */
const diffHunks: Array<[number, number]> = [[6, 12], [20, 27]];

let repo: TempRepo;
let mergeBase: string;
let head1: string;
const servers: ReviewsApiServer[] = [];

before(() => {
  requireGh();
  repo = TempRepo.create({ [cart]: baseCart });
  repo.git('remote', 'add', 'origin', `https://github.com/${owner}/${repoName}.git`);
  mergeBase = repo.git('rev-parse', 'HEAD').trim();
  repo.branch('feature/cart');
  repo.write({ [cart]: branchCart });
  head1 = repo.commitAll('Count items, loosen the discount check');
});
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  repo.remove();
});

function finding(id: string, severity: Severity, title: string, lines: [number, number], snippet: string, fix: Fix | null): Finding {
  return {
    id,
    severity,
    title,
    body: `Found by @octocat's review: <img src=x onerror=alert(1)> ${title.toLowerCase()}.`,
    location: { path: cart, startLine: lines[0], endLine: lines[1], snippet },
    anchor: { status: 'exact', startLine: lines[0], endLine: lines[1] },
    extraLocations: [],
    fix,
    tags: [],
    reporters: [{ reviewerId: 'codex', severity }],
    fingerprint: fingerprintFinding({ path: cart, snippet, title }),
  };
}

const quantity = finding('C1', 'critical', 'Total ignores the quantity', [9, 9], '    sum += item.price;', {
  description: 'Multiply by the quantity.',
  // Quoted without its indentation: the planner places it, the suggestion keeps the file's.
  edits: [{ path: cart, original: 'sum += item.price;', replacement: 'sum += item.price * item.quantity;' }],
});
const looseEquality = finding('I1', 'important', 'Loose equality compares the discount code', [23, 25], "  if (code == 'HALF') {\n    return amount / 2;\n  }", {
  description: 'Compare strictly.',
  // Quoted at column 0 although the code is indented: re-indented by the tolerant planner.
  edits: [{ path: cart, original: "if (code == 'HALF') {\n  return amount / 2;\n}\n", replacement: "if (code === 'HALF') {\n  return amount / 2;\n}\n" }],
});
const signature = finding('S1', 'suggestion', 'Name the known discount codes', [26, 26], '  return amount;', {
  description: 'Type the code.',
  edits: [{ path: cart, original: 'export function discount(amount: number, code: string): number {', replacement: "export function discount(amount: number, code: 'HALF' | string): number {" }],
});
const concatenation = finding('I2', 'important', 'Label concatenates instead of using a template', [15, 15], "  return 'Item: ' + name;", {
  description: 'Use a template literal.',
  edits: [{ path: cart, original: "return 'Item: ' + name;", replacement: 'return `Item: ${name}`;' }],
});
const roundOne = [quantity, looseEquality, signature, concatenation];

const pr: PullRequestAddress = { host: 'github.com', owner, name: repoName, number: 31 };
const bot = 'deep-review-bot';

function pullRequest(number: number, threads: FakeThread[] = []): FakePullRequest {
  return { number, title: 'Cart', author: 'dana', body: '', baseRefName: 'main', headRefName: 'feature/cart', headRefOid: head1, threads };
}

async function serve(extra: Partial<ReviewsScenario> & Pick<ReviewsScenario, 'repository'>): Promise<ReviewsApiServer> {
  const server = await startReviewsApiServer({ token, viewer: bot, diff: { [cart]: diffHunks }, ...extra });
  servers.push(server);
  return server;
}

function client(server: ReviewsApiServer): PrReviewClient {
  const opened = PrReviewClient.open({ repoRoot: repo.root, signal: new AbortController().signal, baseEnv: { PATH: process.env.PATH, HOME: server.dir, GH_CONFIG_DIR: server.ghConfigDir, GH_TOKEN: token } });
  assert.ok(opened instanceof PrReviewClient, 'gh is there');
  return opened;
}

async function reconcile(ledger: Ledger, round: number, head: string, findings: readonly Finding[]): Promise<Ledger> {
  const reconciled = await reconcileRound(ledger, { round, createdAt: new Date(Date.UTC(2026, 0, round)).toISOString(), head, findings, readFileAtHead: createCommitFileReader(repo.root, head) });
  return reconciled.ledger;
}

async function runRound(server: ReviewsApiServer, head: string, round: number, findings: readonly Finding[], ledger: Ledger, budget = 20, number = pr.number): Promise<Extract<InlineReviewResult, { ok: true }>> {
  const result = await publishInlineReview({ client: client(server), pr: { ...pr, number }, repoRoot: repo.root, mergeBase, head, round, findings, ledger, budget, redactText: (text) => text });
  assert.ok(result.ok, result.ok ? '' : result.problem);
  assert.deepEqual(result.problems, []);
  return result;
}

/** The content of the ```suggestion block of a comment body, or null. */
function suggestionIn(body: string): string | null {
  const match = /^(`{3,})suggestion\n([\s\S]*?)^\1$/m.exec(body);
  return match === null ? null : (match[2] ?? '').replace(/\n$/, '');
}

function quickFix(text: string, target: Finding): string {
  const plan = planFixAtReviewedCommit(target, target.fix!, (path) => (path === cart ? text : null));
  assert.equal(plan.kind, 'ready');
  return applyPlannedEdits(text, plan.edits);
}

test('the diff lines come from git as GitHub shows them', async () => {
  assert.deepEqual(await readDiffRightLines(repo.root, mergeBase, head1), new Map([[cart, diffHunks]]));
});

test('rounds on a pull request: one review with suggestions, then the fixed thread resolved and only the new finding posted; a regression reopens it once', async () => {
  const planted: FakeThread = { id: 'PRRT_planted', path: cart, line: 9, isResolved: false, comments: [{ author: 'mallory', body: `${findingMarker(quantity.fingerprint)}\nAlready discussed, nothing to see.`, databaseId: 77 }] };
  const pr31 = pullRequest(31, [planted]);
  const server = await serve({ repository: { owner, name: repoName, pullRequests: [pr31] } });

  // Round 1: three findings on the diff, one outside it.
  const ledger1 = await reconcile(emptyLedger('feature/cart'), 1, head1, roundOne);
  const first = await runRound(server, head1, 1, roundOne, ledger1);

  assert.equal(server.reviews.length, 1, 'one review for the round');
  const review = server.reviews[0]!;
  assert.equal(review.commitId, head1);
  assert.deepEqual(review.comments.map((comment) => [comment.path, comment.startLine, comment.line]), [[cart, null, 9], [cart, 23, 25], [cart, null, 26]], 'most severe first, on the finding lines');
  assert.deepEqual([first.plan.outsideDiff, first.plan.alreadyPosted, first.plan.post.filter((comment) => comment.suggests).length], [1, 0, 2]);
  const [onQuantity, onEquality, onSignature] = review.comments;
  assert.equal(suggestionIn(onQuantity?.body ?? ''), '    sum += item.price * item.quantity;', 'exact indentation');
  assert.equal(suggestionIn(onEquality?.body ?? ''), "  if (code === 'HALF') {\n    return amount / 2;\n  }", 're-indented like the file');
  assert.equal(suggestionIn(onSignature?.body ?? ''), null, 'its fix edits a line outside the comment');
  assert.match(onSignature?.body ?? '', /\*\*Fix:\*\* Type the code\./);
  for (const comment of review.comments) {
    assert.ok(!comment.body.includes('<img'), 'agent HTML is inert');
    assert.ok(comment.body.includes('@\u2060octocat'), 'agent @mentions notify nobody');
  }

  // Each suggestion, committed as GitHub commits it, gives the file the quick fix gives.
  for (const [comment, target] of [[onQuantity, quantity], [onEquality, looseEquality]] as const) {
    const applied = applySuggestion(branchCart, comment?.startLine ?? comment?.line ?? 0, comment?.line ?? 0, suggestionIn(comment?.body ?? '') ?? '');
    assert.equal(applied, quickFix(branchCart, target), target.id);
  }

  // The author commits the quantity suggestion; round 2 still reports the others and one new finding.
  repo.write({ [cart]: applySuggestion(branchCart, 9, 9, suggestionIn(onQuantity?.body ?? '') ?? '') });
  const head2 = repo.commitAll('Apply suggestion from code review');
  // Its line is in the diff; the quantity line no longer is (the branch now has main's line there).
  const overflow = finding('S2', 'suggestion', 'Half of an odd amount is a fraction', [24, 24], '    return amount / 2;', null);
  const roundTwo = [looseEquality, signature, concatenation, overflow];
  const ledger2 = await reconcile(ledger1, 2, head2, roundTwo);
  const callsBefore = server.calls.length;
  const second = await runRound(server, head2, 2, roundTwo, ledger2);

  const ourQuantityThread = ourThread(pr31, quantity.fingerprint)!;
  assert.deepEqual(second.plan.resolve.map((entry) => entry.thread.id), [ourQuantityThread.id], 'exactly the fixed finding’s thread');
  assert.equal(ourQuantityThread.isResolved, true);
  assert.equal(ourQuantityThread.comments.at(-1)?.body, `Fixed in ${head2.slice(0, 12)} (Deep Review).`);
  assert.deepEqual([planted.isResolved, planted.comments.length], [false, 1], 'the planted thread is not touched');
  assert.equal(server.reviews.length, 2);
  assert.deepEqual(server.reviews[1]!.comments.map((comment) => comment.line), [24], 'only the new finding');
  assert.equal(second.plan.alreadyPosted, 2);
  assert.deepEqual(server.calls.slice(callsBefore).filter((call) => !call.startsWith('graphql DeepReviewOwnThreads') && call !== 'graphql anonymous'), [
    `POST /repos/${owner}/${repoName}/pulls/31/comments/${ourQuantityThread.comments[0]!.databaseId}/replies`,
    'graphql DeepReviewResolveThread',
    `POST /repos/${owner}/${repoName}/pulls/31/reviews`,
  ]);

  // Round 3, nothing changed: nothing posted, nothing resolved again.
  const ledger3 = await reconcile(ledger2, 3, head2, roundTwo);
  const third = await runRound(server, head2, 3, roundTwo, ledger3);
  assert.equal(server.reviews.length, 2);
  assert.deepEqual([third.plan.post.length, third.plan.resolve.length, third.plan.alreadyPosted], [0, 0, 3]);

  // Round 4: the old line comes back and is reported again: its thread reopens with a reply, once.
  repo.write({ [cart]: branchCart });
  const head4 = repo.commitAll('Revert the quantity');
  const roundFour = [...roundTwo, quantity];
  const ledger4 = await reconcile(ledger3, 4, head4, roundFour);
  const fourth = await runRound(server, head4, 4, roundFour, ledger4);
  assert.deepEqual([fourth.plan.reopen.map((entry) => entry.thread.id), fourth.reopened, fourth.plan.post.length], [[ourQuantityThread.id], 1, 0]);
  assert.equal(ourQuantityThread.isResolved, false);
  assert.equal(ourQuantityThread.comments.at(-1)?.body, `Reported again at ${head4.slice(0, 12)}: the problem is back (Deep Review).`);
  const fifth = await runRound(server, head4, 5, roundFour, await reconcile(ledger4, 5, head4, roundFour));
  assert.deepEqual([fifth.plan.reopen.length, fifth.plan.post.length, server.reviews.length], [0, 0, 2]);
});

/** The thread Deep Review's account opened on a finding, as the fake GitHub holds it. */
function ourThread(pullRequestData: FakePullRequest, fingerprint: string): FakeThread | undefined {
  return pullRequestData.threads?.find((thread) => thread.comments[0]?.author === bot && thread.comments[0].body.startsWith(findingMarker(fingerprint)));
}

test('a thread someone else opened with our marker: taken as ours if the author were not checked (control), ignored and untouched as it is', async () => {
  const planted: FakeThread = { id: 'PRRT_forged', path: cart, line: 9, isResolved: false, comments: [{ author: 'mallory', body: `${findingMarker(quantity.fingerprint)}\nForged`, databaseId: 88 }] };
  const pr32 = pullRequest(32, [planted]);
  const server = await serve({ repository: { owner, name: repoName, pullRequests: [pr32] } });

  // Control: read as mallory's, the forged thread carries the finding's marker and would stand for it.
  const asMallory = await client(server).ownThreads({ ...pr, number: 32 }, 'mallory');
  assert.ok(asMallory.ok);
  assert.deepEqual(asMallory.value, [{ id: 'PRRT_forged', isResolved: false, firstCommentId: 88, fingerprint: quantity.fingerprint }]);

  const ledger = await reconcile(emptyLedger('feature/forged'), 1, head1, [quantity]);
  const result = await runRound(server, head1, 1, [quantity], ledger, 20, 32);

  assert.equal(result.plan.alreadyPosted, 0, 'the forged thread does not stand for the finding');
  assert.deepEqual(server.reviews.map((review) => review.comments.map((comment) => comment.line)), [[9]]);
  assert.deepEqual([planted.isResolved, planted.comments.length], [false, 1]);
});

test('the budget keeps the most severe findings: with room for one thread, the critical one is posted', async () => {
  const server = await serve({ repository: { owner, name: repoName, pullRequests: [pullRequest(33)] } });
  const findings = [signature, looseEquality, quantity];
  const ledger = await reconcile(emptyLedger('feature/budget'), 1, head1, findings);

  const result = await runRound(server, head1, 1, findings, ledger, 1, 33);

  assert.deepEqual(result.plan.post.map((comment) => comment.findingId), ['C1']);
  assert.equal(result.plan.overBudget, 2);
  assert.match(server.reviews[0]?.body ?? '', /round 1: 1 new finding\(s\) on the changed lines, 2 over the inline-comment budget/);
});

test('GitHub refuses a comment off the diff (the fake checks lines as GitHub does), and a token that may not resolve still leaves the "fixed" answer', async () => {
  const pr34 = pullRequest(34);
  const server = await serve({ repository: { owner, name: repoName, pullRequests: [pr34] }, resolveForbidden: true });
  const offDiff = await client(server).postReview({ ...pr, number: 34 }, head1, 'x', [{ fingerprint: 'ab', findingId: 'I2', path: cart, startLine: null, line: 15, body: 'x', suggests: false }]);
  assert.deepEqual(offDiff, { ok: false, problem: 'GitHub API error while posting the review: Unprocessable Entity (HTTP 422). GitHub said: Line could not be resolved.' });

  const ledger1 = await reconcile(emptyLedger('feature/forbidden'), 1, head1, [quantity]);
  await runRound(server, head1, 1, [quantity], ledger1, 20, 34);
  const fixed = await reconcile(ledger1, 2, head1, []);
  // The history says fixed (as after a commit without the quoted line): the thread is answered, resolving is refused.
  const forcedFixed: Ledger = { ...fixed, entries: fixed.entries.map((entry) => ({ ...entry, history: [...entry.history, { ...entry.history[0]!, status: 'fixed' as const, action: 'fixed-in-code' as const, round: 2, commit: head1 }] })) };
  const result = await publishInlineReview({ client: client(server), pr: { ...pr, number: 34 }, repoRoot: repo.root, mergeBase, head: head1, round: 2, findings: [], ledger: forcedFixed, budget: 20, redactText: (text) => text });

  assert.ok(result.ok);
  assert.equal(result.resolved, 0);
  assert.match(result.problems.join('\n'), /resolving a review thread.*Resource not accessible by integration/);
  const thread = ourThread(pr34, quantity.fingerprint);
  assert.deepEqual([thread?.isResolved, thread?.comments.at(-1)?.body], [false, `Fixed in ${head1.slice(0, 12)} (Deep Review).`]);
});
