import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetNotes, consolidatorBudget, reviewerBudget } from '../../../src/engine/review/budgetShares';
import { ProgressiveFindings, progressiveFindingMarker } from '../../../src/engine/review/progressiveFindings';
import { twoFindings } from '../../fixtures/discountBranch';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';

const agent = (id: string, cli: ReviewerConfig['cli']): ReviewerConfig => ({ id, cli, model: 'm', effort: 'high', enabled: true });
const reviewers = [agent('claude', 'claude'), agent('sonnet', 'claude'), agent('codex', 'codex')];

test('reviewers share 75% of the time when a consolidator follows, all of it otherwise; spend goes to the CLIs that can enforce it', () => {
  const shares = reviewerBudget({ minutes: 10, usd: 3 }, 1_000, reviewers, true);
  assert.equal(shares.deadline, 1_000 + 7.5 * 60_000);
  assert.equal(shares.spendUsdFor(reviewers[0]!), 1.125);
  assert.equal(shares.spendUsdFor(reviewers[1]!), 1.125);
  assert.equal(shares.spendUsdFor(reviewers[2]!), undefined, 'Codex reports no cost');
  assert.equal(reviewerBudget({ minutes: 10, usd: null }, 0, reviewers, false).deadline, 10 * 60_000);
  const none = reviewerBudget(null, 0, reviewers, true);
  assert.equal(none.deadline, undefined);
  assert.equal(none.spendUsdFor(reviewers[0]!), undefined);
});

test('the consolidator gets what the reviewers left, and is skipped with the reason when they left nothing', () => {
  const consolidator = agent('consolidator', 'claude');
  assert.deepEqual(consolidatorBudget({ minutes: 10, usd: 2 }, 0, 7.5 * 60_000, 0.5, consolidator), { kind: 'run', deadline: 10 * 60_000, maxSpendUsd: 1.5 });
  assert.deepEqual(consolidatorBudget({ minutes: null, usd: 2 }, 0, 0, 0.5, agent('c', 'gemini')), { kind: 'run', deadline: undefined, maxSpendUsd: undefined });
  assert.deepEqual(consolidatorBudget({ minutes: 1, usd: null }, 0, 50_000, 0, consolidator), {
    kind: 'exhausted',
    reason: "The consolidator was not run: the review's time budget (1 min) was used up by the reviewers.",
  });
  assert.deepEqual(consolidatorBudget({ minutes: null, usd: 1 }, 0, 0, 1.2, consolidator), {
    kind: 'exhausted',
    reason: 'The consolidator was not run: the reviewers spent $1.20 of the $1.00 budget.',
  });
});

test('the report says how the budget was shared and which agents a spend budget cannot limit', () => {
  assert.deepEqual(budgetNotes(null, reviewers, true), []);
  assert.deepEqual(budgetNotes({ minutes: 12.5, usd: 4 }, reviewers, true), [
    'This review had a budget of 12.5 min and $4.00: the reviewers had 75% of it, the consolidator what they left; a reviewer stopped at its share keeps the findings it had announced, marked partial.',
    'The spend budget could not limit codex: only Claude Code reports its cost and stops at a limit; the time budget applies to every agent.',
  ]);
  assert.equal(budgetNotes({ minutes: 5, usd: null }, reviewers, false).length, 1);
});

test('announced findings are read from the reviewer’s messages: valid ones once each, anything else ignored', () => {
  const [divideBy10, negative] = twoFindings.findings;
  const announced = new ProgressiveFindings();
  announced.push(`First look.\n${progressiveFindingMarker} ${JSON.stringify(divideBy10)}\nmore text`);
  announced.push(`${progressiveFindingMarker} \`${JSON.stringify(negative)}\``);
  announced.push(`${progressiveFindingMarker} ${JSON.stringify(divideBy10)}`);
  announced.push(`${progressiveFindingMarker} {"severity":"critical","title":"half`);
  announced.push(`${progressiveFindingMarker} ${JSON.stringify({ ...divideBy10, file: '../outside.js' })}`);
  assert.equal(announced.count, 2);
  const answer = announced.answer('its share of the time budget (3 min)');
  assert.deepEqual(answer.findings, [divideBy10, negative]);
  assert.equal(answer.summary, 'Stopped before it finished (its share of the time budget (3 min)); these are the findings it had reported by then.');
});
