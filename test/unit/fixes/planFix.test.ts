import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPlannedEdits, planFix, type FixPlan } from '../../../src/engine/fixes/planFix';
import type { Fix } from '../../../src/shared/findingModel';

const config = ['export const limits = {', '  retries: 3,', '  timeoutMs: 500,', '};', ''].join('\n');

const raiseTimeout: Fix = {
  description: 'Give slow backends more time.',
  edits: [{ path: 'src/config.ts', original: '  timeoutMs: 500,\n', replacement: '  timeoutMs: 5_000,\n' }],
};

function filesOf(map: Record<string, string>): (path: string) => string | null {
  return (path) => map[path] ?? null;
}

function refusalReason(plan: FixPlan): string {
  if (plan.kind !== 'refused') assert.fail(`expected a refusal, got ${plan.kind}`);
  return plan.reason;
}

/** Applies a ready plan to the files, as the editor would. */
function applyPlan(plan: FixPlan, files: Record<string, string>): Record<string, string> {
  if (plan.kind !== 'ready') assert.fail(`expected a ready plan, got ${plan.kind === 'refused' ? plan.reason : plan.kind}`);
  const result = { ...files };
  for (const path of new Set(plan.edits.map((edit) => edit.path))) {
    result[path] = applyPlannedEdits(result[path] ?? '', plan.edits.filter((edit) => edit.path === path));
  }
  return result;
}

test('plans an edit at the exact offsets of the original text', () => {
  const plan = planFix(raiseTimeout, filesOf({ 'src/config.ts': config }));
  const start = config.indexOf('  timeoutMs');
  assert.deepEqual(plan, { kind: 'ready', edits: [{ path: 'src/config.ts', startOffset: start, endOffset: start + 18, newText: '  timeoutMs: 5_000,\n' }] });
  assert.equal(applyPlan(plan, { 'src/config.ts': config })['src/config.ts'], config.replace('500', '5_000'));
});

test('follows the original when lines were added above it since the review', () => {
  const moved = `// Tuned for the EU cluster.\n// See ops/limits.md.\n${config}`;
  const result = applyPlan(planFix(raiseTimeout, filesOf({ 'src/config.ts': moved })), { 'src/config.ts': moved });
  assert.equal(result['src/config.ts'], moved.replace('timeoutMs: 500', 'timeoutMs: 5_000'));
});

test('reports a fix whose replacement is already there as already applied', () => {
  const fixed = config.replace('500', '5_000');
  assert.deepEqual(planFix(raiseTimeout, filesOf({ 'src/config.ts': fixed })), { kind: 'already-applied' });
});

test('recognises an applied fix whose replacement still contains the original', () => {
  const fix: Fix = { description: 'Add jitter.', edits: [{ path: 'src/config.ts', original: '  retries: 3,\n', replacement: '  retries: 3,\n  jitter: true,\n' }] };
  const once = applyPlan(planFix(fix, filesOf({ 'src/config.ts': config })), { 'src/config.ts': config });
  assert.deepEqual(planFix(fix, filesOf(once)), { kind: 'already-applied' });
});

test('refuses, naming the file, when the code changed since the review', () => {
  const changed = config.replace('500', '750');
  const reason = refusalReason(planFix(raiseTimeout, filesOf({ 'src/config.ts': changed })));
  // The editor does not know whether the file changed since the review: it says what is true now, with the closest line.
  assert.match(reason, /not in src\/config\.ts as it is now \(the closest is line 3: `timeoutMs: 750,`\)/);
  assert.doesNotMatch(reason, /changed since the review/);
  const atCommit = refusalReason(planFix(raiseTimeout, filesOf({ 'src/config.ts': changed }), undefined, { atReviewedCommit: true }));
  assert.match(atCommit, /not in src\/config\.ts at the reviewed commit/);
});

test('refuses when the file no longer exists', () => {
  const plan = planFix(raiseTimeout, filesOf({}));
  assert.deepEqual(plan, { kind: 'refused', reason: 'src/config.ts does not exist any more, so the fix cannot be applied.' });
});

test('refuses a repeated original without a line to choose by, and picks the nearest with one', () => {
  const twice = `${config}\nexport const testLimits = {\n  retries: 3,\n  timeoutMs: 500,\n};\n`;
  assert.match(refusalReason(planFix(raiseTimeout, filesOf({ 'src/config.ts': twice }))), /appears 2 times in src\/config\.ts/);

  const near = applyPlan(planFix(raiseTimeout, filesOf({ 'src/config.ts': twice }), 9), { 'src/config.ts': twice });
  assert.equal(near['src/config.ts'], `${config}\nexport const testLimits = {\n  retries: 3,\n  timeoutMs: 5_000,\n};\n`);
  const first = applyPlan(planFix(raiseTimeout, filesOf({ 'src/config.ts': twice }), { path: 'src/config.ts', line: 2 }), { 'src/config.ts': twice });
  assert.equal(first['src/config.ts'], twice.replace('500', '5_000'));
});

test('a line hint for another file does not pick between repeats', () => {
  const twice = `${config}${config}`;
  const plan = planFix(raiseTimeout, filesOf({ 'src/config.ts': twice }), { path: 'src/other.ts', line: 3 });
  assert.equal(plan.kind, 'refused');
});

test('applies an LF fix to a CRLF file, writing the replacement with CRLF line endings', () => {
  const crlf = config.replace(/\n/g, '\r\n');
  const fix: Fix = { description: 'Retry more.', edits: [{ path: 'src/config.ts', original: '  retries: 3,\n  timeoutMs: 500,\n', replacement: '  retries: 5,\n  timeoutMs: 500,\n' }] };
  const result = applyPlan(planFix(fix, filesOf({ 'src/config.ts': crlf })), { 'src/config.ts': crlf });
  assert.equal(result['src/config.ts'], crlf.replace('retries: 3', 'retries: 5'));
  assert.doesNotMatch(result['src/config.ts'] ?? '', /[^\r]\n/);
});

test('tolerates trailing whitespace the reviewer did not copy, replacing exactly the lines it covers', () => {
  const trailing = config.replace('  retries: 3,', '  retries: 3,   ');
  const fix: Fix = { description: 'Retry more.', edits: [{ path: 'src/config.ts', original: '  retries: 3,\n  timeoutMs: 500,\n', replacement: '  retries: 5,\n  timeoutMs: 500,\n' }] };
  const result = applyPlan(planFix(fix, filesOf({ 'src/config.ts': trailing })), { 'src/config.ts': trailing });
  assert.equal(result['src/config.ts'], config.replace('retries: 3', 'retries: 5'));
});

test('applies a fix quoted with other indentation in the file\'s own indentation', () => {
  const reindented = config.replace('  timeoutMs', '\ttimeoutMs');
  const result = applyPlan(planFix(raiseTimeout, filesOf({ 'src/config.ts': reindented })), { 'src/config.ts': reindented });
  assert.equal(result['src/config.ts'], reindented.replace('500', '5_000'));
});

test('plans every file of a multi-file fix together', () => {
  const files = { 'src/config.ts': config, 'docs/limits.md': 'Requests time out after 500 ms.\n' };
  const fix: Fix = {
    description: 'Raise the timeout and document it.',
    edits: [raiseTimeout.edits[0]!, { path: 'docs/limits.md', original: 'after 500 ms', replacement: 'after 5 s' }],
  };
  const result = applyPlan(planFix(fix, filesOf(files)), files);
  assert.deepEqual(result, { 'src/config.ts': config.replace('500', '5_000'), 'docs/limits.md': 'Requests time out after 5 s.\n' });
});

test('refuses the whole multi-file fix when one file changed', () => {
  const files = { 'src/config.ts': config, 'docs/limits.md': 'Requests time out after half a second.\n' };
  const fix: Fix = {
    description: 'Raise the timeout and document it.',
    edits: [raiseTimeout.edits[0]!, { path: 'docs/limits.md', original: 'after 500 ms', replacement: 'after 5 s' }],
  };
  assert.match(refusalReason(planFix(fix, filesOf(files))), /not in docs\/limits\.md/);
});

test('plans only the edits still to do when part of a fix is already applied', () => {
  const files = { 'src/config.ts': config.replace('500', '5_000'), 'docs/limits.md': 'Requests time out after 500 ms.\n' };
  const fix: Fix = {
    description: 'Raise the timeout and document it.',
    edits: [raiseTimeout.edits[0]!, { path: 'docs/limits.md', original: 'after 500 ms', replacement: 'after 5 s' }],
  };
  const plan = planFix(fix, filesOf(files));
  assert.deepEqual(plan.kind === 'ready' ? plan.edits.map((edit) => edit.path) : plan, ['docs/limits.md']);
});

test('refuses edits that overlap in one file', () => {
  const fix: Fix = {
    description: 'Two views of one change.',
    edits: [
      { path: 'src/config.ts', original: '  retries: 3,\n  timeoutMs: 500,\n', replacement: '  retries: 5,\n  timeoutMs: 500,\n' },
      { path: 'src/config.ts', original: '  timeoutMs: 500,\n', replacement: '  timeoutMs: 900,\n' },
    ],
  };
  const plan = planFix(fix, filesOf({ 'src/config.ts': config }));
  assert.deepEqual(plan, { kind: 'refused', reason: "The fix's edits overlap in src/config.ts, so it cannot be applied as one change." });
});

test('applies several separate edits in one file', () => {
  const fix: Fix = {
    description: 'Retry more, wait longer.',
    edits: [
      { path: 'src/config.ts', original: '  timeoutMs: 500,\n', replacement: '  timeoutMs: 900,\n' },
      { path: 'src/config.ts', original: '  retries: 3,\n', replacement: '  retries: 5,\n' },
    ],
  };
  const result = applyPlan(planFix(fix, filesOf({ 'src/config.ts': config })), { 'src/config.ts': config });
  assert.equal(result['src/config.ts'], config.replace('3,', '5,').replace('500', '900'));
});

test('refuses an edit with no original text', () => {
  const fix: Fix = { description: 'Append.', edits: [{ path: 'src/config.ts', original: '', replacement: 'export {};\n' }] };
  assert.equal(planFix(fix, filesOf({ 'src/config.ts': config })).kind, 'refused');
});

test('applyPlannedEdits rejects edits outside the text or overlapping each other', () => {
  assert.throws(() => applyPlannedEdits('short', [{ startOffset: 2, endOffset: 40, newText: 'x' }]), RangeError);
  assert.throws(
    () =>
      applyPlannedEdits('abcdef', [
        { startOffset: 1, endOffset: 4, newText: 'x' },
        { startOffset: 3, endOffset: 5, newText: 'y' },
      ]),
    RangeError,
  );
});
