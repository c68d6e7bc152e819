import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPlannedEdits, planFix, type FixPlan } from '../../../src/engine/fixes/planFix';
import type { Fix } from '../../../src/shared/findingModel';

// Fixes as real reviewers write them: spaces for the file's tabs, indentation lost, blank lines dropped,
// lines elided. Each is applied in the file's own form, or refused with a true reason.

const goFile = [
  'package store',
  '',
  'func (s *Store) Get(key string) (string, error) {',
  '\ts.mu.Lock()',
  '\tdefer s.mu.Unlock()',
  '',
  '\tvalue, ok := s.items[key]',
  '\tif !ok {',
  '\t\treturn "", nil',
  '\t}',
  '\treturn value, nil',
  '}',
  '',
].join('\n');

function reasonOf(plan: FixPlan): string {
  if (plan.kind !== 'refused') assert.fail(`expected a refusal, got ${plan.kind}`);
  return plan.reason;
}

function applied(plan: FixPlan, text: string): string {
  if (plan.kind !== 'ready') assert.fail(`expected a ready plan, got ${plan.kind === 'refused' ? plan.reason : plan.kind}`);
  return applyPlannedEdits(text, plan.edits);
}

function fixOf(original: string, replacement: string): Fix {
  return { description: 'Report a missing key.', edits: [{ path: 'store.go', original, replacement }] };
}

const expected = goFile.replace('\t\treturn "", nil', '\t\treturn "", ErrNotFound');

test('a fix quoted with spaces for tabs and without the blank line applies with tabs, keeping the blank line', () => {
  const fix = fixOf('    defer s.mu.Unlock()\n    value, ok := s.items[key]\n    if !ok {\n        return "", nil\n    }\n', '    defer s.mu.Unlock()\n    value, ok := s.items[key]\n    if !ok {\n        return "", ErrNotFound\n    }\n');
  assert.equal(applied(planFix(fix, () => goFile), goFile), expected);
});

test('a fix quoted without indentation adds its lines at the level of the lines they replace or follow', () => {
  const fix = fixOf('if !ok {\n    return "", nil\n}', 'if !ok {\n    log.Printf("missing %s", key)\n    return "", ErrNotFound\n}');
  const result = applied(planFix(fix, () => goFile), goFile);
  assert.equal(result, goFile.replace('\t\treturn "", nil', '\t\tlog.Printf("missing %s", key)\n\t\treturn "", ErrNotFound'));
});

test('an elision in the original keeps the lines it stands for', () => {
  const fix = fixOf('func (s *Store) Get(key string) (string, error) {\n    // ...\n    if !ok {\n        return "", nil', 'func (s *Store) Get(key string) (string, error) {\n    // ...\n    if !ok {\n        return "", ErrNotFound');
  assert.equal(applied(planFix(fix, () => goFile), goFile), expected);
});

test('an elision the replacement drops is refused: what replaces the elided lines is not known', () => {
  const fix = fixOf('s.mu.Lock()\n...\nreturn value, nil', 's.mu.Lock()\nreturn value, nil');
  assert.match(reasonOf(planFix(fix, () => goFile)), /elision/);
});

test('a fix whose replacement is already there, quoted with other whitespace, is already applied', () => {
  const fix = fixOf('  if !ok {\n    return "", nil\n  }', '  if !ok {\n    return "", ErrNotFound\n  }');
  assert.deepEqual(planFix(fix, () => expected), { kind: 'already-applied' });
});

test('an original found tolerantly in two places at the same distance is refused as ambiguous', () => {
  const twice = `${goFile}\nfunc (s *Store) Peek(key string) (string, error) {\n\tvalue, ok := s.items[key]\n\tif !ok {\n\t\treturn "", nil\n\t}\n\treturn value, nil\n}\n`;
  const fix = fixOf('if !ok {\n  return "", nil\n}', 'if !ok {\n  return "", ErrNotFound\n}');
  assert.match(reasonOf(planFix(fix, () => twice)), /appears 2 times/);
  // The finding's line picks the nearer one.
  assert.equal(applied(planFix(fix, () => twice, 8), twice), twice.replace('\t\treturn "", nil', '\t\treturn "", ErrNotFound'));
});

test('CRLF files keep CRLF in the re-indented replacement', () => {
  const crlf = goFile.replace(/\n/g, '\r\n');
  const fix = fixOf('if !ok {\n    return "", nil\n}', 'if !ok {\n    return "", ErrNotFound\n}');
  assert.equal(applied(planFix(fix, () => crlf), crlf), expected.replace(/\n/g, '\r\n'));
});

test('a quote wrapped in a Markdown code fence is found, and the fix applies without the fence', () => {
  const fix = fixOf('```go\nif !ok {\n    return "", nil\n}\n```\n', '```go\nif !ok {\n    return "", ErrNotFound\n}\n```\n');
  assert.equal(applied(planFix(fix, () => goFile), goFile), expected);
});
