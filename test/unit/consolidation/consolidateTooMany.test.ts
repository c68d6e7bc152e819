import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consolidate } from '../../../src/engine/consolidation/consolidate';
import { buildFindings } from '../../../src/engine/findings/buildFindings';
import type { ReviewerAnswer } from '../../../src/shared/reviewerAnswer';
import { answerWith } from '../../fixtures/discountBranch';
import { sampleReport } from '../../fixtures/sampleReport';

test('clusters too many for one consolidator prompt make the report from the clusters, and say why, without starting the CLI', async () => {
  const files: Record<string, string> = {};
  const findings: ReviewerAnswer['findings'] = [];
  for (let index = 0; index < 400; index += 1) {
    const path = `src/module${index}/handler${index}.ts`;
    const line = `export const value${index} = compute${index}(input${index}, options${index});`;
    files[path] = `${line}\n`;
    findings.push({ severity: 'suggestion', title: `Finding number ${index} about handler ${index}`, body: 'x'.repeat(400), file: path, startLine: 1, endLine: 1, snippet: line, fix: null, tags: [] });
  }
  const answers = [{ reviewerId: 'claude', answer: answerWith(findings) }];
  const built = await buildFindings({ answers, readFileAtHead: (path) => Promise.resolve(files[path] ?? null) });
  const sections = await consolidate({
    consolidator: { id: 'consolidator', cli: 'claude', model: 'opus', effort: 'high', enabled: true },
    // No runner at all: the consolidator must not be started.
    registry: {},
    worktree: '/nonexistent',
    signal: new AbortController().signal,
    emit: () => undefined,
    branch: sampleReport().branch,
    built,
    answers,
    failedReviewers: [],
  });
  assert.equal(sections.consolidation.mode, 'deterministic');
  assert.equal(sections.findings.length, 400);
  assert.match(sections.consolidation.fallbackReason ?? '', /^The consolidator \(Claude Code \(opus, high\)\) was not run: 400 groups of findings are too many for one consolidator prompt\./);
});
