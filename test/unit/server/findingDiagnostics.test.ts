import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { findingDiagnostic, locateFinding } from '../../../src/server/findingDiagnostics';
import type { Finding } from '../../../src/shared/findingModel';

const text = 'function total(items) {\n  let sum = 0;\n  for (const item of items) sum += item;\n  return sum;\n}\n';
const uriOf = (path: string) => `file:///repo/${path}`;

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'I1',
    severity: 'important',
    title: 'Sum ignores item quantities',
    body: 'Each item counts once.',
    location: { path: 'src/total.js', startLine: 3, endLine: 3, snippet: '  for (const item of items) sum += item;' },
    anchor: { status: 'exact', startLine: 3, endLine: 3 },
    extraLocations: [],
    fix: null,
    tags: [],
    reporters: [{ reviewerId: 'claude', severity: 'important' }],
    fingerprint: 'abc',
    ...overrides,
  };
}

test('a finding maps to a diagnostic on its code: severity, source, code, range from the first non-blank column', () => {
  const at = locateFinding(finding(), text)!;
  const diagnostic = findingDiagnostic(finding(), text.split('\n'), at, uriOf('src/total.js'), uriOf);
  assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
  assert.equal(diagnostic.source, 'Deep Review');
  assert.equal(diagnostic.code, 'I1');
  assert.equal(diagnostic.message, 'Sum ignores item quantities');
  assert.deepEqual(diagnostic.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 40 } });
  assert.equal(diagnostic.relatedInformation, undefined, 'one reviewer at the same severity adds nothing to say');
});

test('critical is an error and suggestion is information', () => {
  const lines = text.split('\n');
  assert.equal(findingDiagnostic(finding({ severity: 'critical' }), lines, { startLine: 3, endLine: 3 }, '', uriOf).severity, DiagnosticSeverity.Error);
  assert.equal(findingDiagnostic(finding({ severity: 'suggestion' }), lines, { startLine: 3, endLine: 3 }, '', uriOf).severity, DiagnosticSeverity.Information);
});

test('co-reporters with their own severities and extra locations become related information', () => {
  const shared = finding({
    reporters: [{ reviewerId: 'claude', severity: 'important' }, { reviewerId: 'gemini', severity: 'critical' }],
    extraLocations: [{ path: 'src/cart.js', startLine: 10, endLine: 12, snippet: 'total(items)' }],
  });
  const diagnostic = findingDiagnostic(shared, text.split('\n'), { startLine: 3, endLine: 3 }, uriOf('src/total.js'), uriOf);
  assert.deepEqual(diagnostic.relatedInformation?.map((info) => [info.location.uri, info.location.range.start.line, info.message]), [
    ['file:///repo/src/cart.js', 9, 'I1: also here'],
    ['file:///repo/src/total.js', 2, 'Reported by claude (important), gemini (critical)'],
  ]);
});

test('the finding follows its code in the current text, and has no place once the code is gone', () => {
  assert.deepEqual(locateFinding(finding(), `// header\n\n${text}`), { startLine: 5, endLine: 5 });
  assert.equal(locateFinding(finding(), text.replace('sum += item', 'sum += item.qty')), null);
  assert.equal(locateFinding(finding({ anchor: { status: 'unanchored', startLine: 3, endLine: 3 } }), text), null);
});

test('a finding narrowed to its named line keeps that line inside its quote after edits, and an approximate one says so', () => {
  const quoted = 'function total(items) {\n  let sum = 0;\n  for (const item of items) sum += item;';
  const named = finding({ location: { path: 'src/total.js', startLine: 3, endLine: 3, snippet: quoted }, anchor: { status: 'exact', startLine: 3, endLine: 3, quoteStartLine: 1, quoteEndLine: 3 } });
  const moved = `// header\n\n${text}`;
  assert.deepEqual(locateFinding(named, moved), { startLine: 5, endLine: 5 });
  // A blank line typed inside the quote: still found (tolerant tier); where the named line went inside it is
  // not known, so the diagnostic covers the whole quote.
  const spaced = text.replace('  let sum = 0;\n', '  let sum = 0;\n\n');
  assert.deepEqual(locateFinding(named, spaced), { startLine: 1, endLine: 4 });

  const paraphrased = 'function total(items) {\n  let total = 0;\n  for (const item of items) sum += item;\n  return sum;';
  const approximate = finding({ location: { path: 'src/total.js', startLine: 3, endLine: 3, snippet: paraphrased }, anchor: { status: 'approximate', startLine: 3, endLine: 3, quoteStartLine: 1, quoteEndLine: 4 } });
  const at = locateFinding(approximate, text);
  assert.deepEqual(at, { startLine: 3, endLine: 3, approximate: true });
  assert.equal(findingDiagnostic(approximate, text.split('\n'), at, uriOf('src/total.js'), uriOf).message, 'Sum ignores item quantities (location approximate: the quoted code differs from the file)');
});
