import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { commentLimit, composeCommentBody, readEmbeddedLedger, reportCommentMarker } from '../../../src/engine/github/prCommentBody';

const hint = 'the artifacts of run 7';
const smallLedger = { version: 1, branch: 'b', rounds: [], entries: [{ title: 'x'.repeat(50) }], rejections: [] };

test('a short report goes in whole, after the marker and the hidden history, which reads back', () => {
  const composed = composeCommentBody({ markdown: '# Deep Review\n\nAll good.', ledger: smallLedger, fullReportHint: hint });

  assert.deepEqual({ trimmed: composed.trimmed, ledgerEmbedded: composed.ledgerEmbedded }, { trimmed: false, ledgerEmbedded: true });
  assert.ok(composed.body.startsWith(`${reportCommentMarker}\n<!-- deep-review:ledger v1 gzip+base64\n`));
  assert.ok(composed.body.endsWith('-->\n# Deep Review\n\nAll good.'));
  assert.deepEqual(readEmbeddedLedger(composed.body), { found: true, ledger: smallLedger });
});

test('without a ledger there is no history block and nothing to read back', () => {
  const composed = composeCommentBody({ markdown: 'Report', ledger: null, fullReportHint: hint });
  assert.equal(composed.body, `${reportCommentMarker}\nReport`);
  assert.deepEqual(readEmbeddedLedger(composed.body), { found: false });
});

test('a history too large for the comment is left out, and the comment says so', () => {
  // Random text does not compress: its base64 is larger than half a comment.
  const huge = { ...smallLedger, entries: [{ title: randomBytes(30_000).toString('hex') }] };
  const composed = composeCommentBody({ markdown: '# Report', ledger: huge, fullReportHint: hint });

  assert.equal(composed.ledgerEmbedded, false);
  assert.deepEqual(readEmbeddedLedger(composed.body), { found: false });
  assert.match(composed.body, /The review history of this branch is too large to carry in this comment, so the next run on this pull request starts a new Resolution table/);
  assert.ok(composed.body.length <= commentLimit);
});

test('a report cut inside a code block gets the block closed before the note', () => {
  const markdown = `# Report\n\n\`\`\`ts\n${'const x = 1;\n'.repeat(8000)}\`\`\`\n`;
  const composed = composeCommentBody({ markdown, ledger: null, fullReportHint: hint });

  assert.equal(composed.trimmed, true);
  assert.ok(composed.body.length <= commentLimit);
  const beforeNote = composed.body.slice(0, composed.body.indexOf('\n\n---\n_This report is cut here'));
  assert.ok(beforeNote.endsWith('const x = 1;\n```'), beforeNote.slice(-40));
  assert.equal(beforeNote.split('\n').filter((line) => line.startsWith('```')).length % 2, 0);
});

test('a history block quoted further down the body, or in a body without the marker first, is not read', () => {
  const real = composeCommentBody({ markdown: 'Report', ledger: smallLedger, fullReportHint: hint }).body;
  const block = real.slice(reportCommentMarker.length + 1, real.indexOf('-->') + 3);
  assert.deepEqual(readEmbeddedLedger(`${reportCommentMarker}\nSome text\n${block}`), { found: false });
  assert.deepEqual(readEmbeddedLedger(`Quote:\n${real}`), { found: false });
  const damaged = readEmbeddedLedger(real.replace(/H4sI/, 'AAAA'));
  assert.ok(damaged.found && 'problem' in damaged && /cannot be decoded/.test(damaged.problem));
});

test('a report cut inside a code block with a long fence is closed with that fence, and the whole still fits', () => {
  const fence = '`'.repeat(12);
  const code = Array.from({ length: 4000 }, (_, index) => `line ${index} with ${'`'.repeat(11)} backticks`).join('\n');
  const markdown = `## C1\n\n${fence}js\n${code}\n${fence}\n\n## After\n`;

  const { body, trimmed } = composeCommentBody({ markdown, ledger: null, fullReportHint: 'the artifacts' });

  assert.equal(trimmed, true);
  assert.ok(body.length <= commentLimit, String(body.length));
  const tokens = new MarkdownIt().parse(body, {});
  assert.ok(tokens.some((token) => token.type === 'fence' && token.markup === fence), 'the code block is closed with its own fence');
  assert.ok(tokens.some((token) => token.type === 'inline' && token.content.includes('This report is cut here')), 'the note after it is text, not code');
});
