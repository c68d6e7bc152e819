import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorSnippet, prepareFile } from '../../../src/engine/findings/anchorSnippet';

const source = [
  'export function total(items: Item[]): number {', // 1
  '  let sum = 0;', // 2
  '  for (const item of items) {', // 3
  '    sum += item.price;', // 4
  '  }', // 5
  '  return sum;', // 6
  '}', // 7
  '', // 8
  'export function count(items: Item[]): number {', // 9
  '  let sum = 0;', // 10
  '  for (const item of items) {', // 11
  '    sum += 1;', // 12
  '  }', // 13
  '  return sum;', // 14
  '}', // 15
  '',
].join('\n');

test('finds a snippet quoted verbatim and reports its 1-based lines', () => {
  const anchor = anchorSnippet(source, '  for (const item of items) {\n    sum += item.price;\n  }\n', 40);
  assert.deepEqual(anchor, { status: 'exact', startLine: 3, endLine: 5 });
});

test('a snippet that starts mid-line is still an exact match on its line', () => {
  assert.deepEqual(anchorSnippet(source, 'sum += 1;', 1), { status: 'exact', startLine: 12, endLine: 12 });
});

test('with several exact matches the one nearest to the reviewer line wins', () => {
  const snippet = '  let sum = 0;\n  for (const item of items) {';
  assert.deepEqual(anchorSnippet(source, snippet, 9), { status: 'exact', startLine: 10, endLine: 11 });
  assert.deepEqual(anchorSnippet(source, snippet, 3), { status: 'exact', startLine: 2, endLine: 3 });
});

test('ignores indentation, tabs and runs of spaces when the exact text is not there', () => {
  const snippet = '\tfor (const item   of items) {\n\t\tsum += item.price;   \n}';
  assert.deepEqual(anchorSnippet(source, snippet, 3), { status: 'whitespace', startLine: 3, endLine: 5 });
});

test('whitespace-insensitive matching also picks the occurrence nearest the hint', () => {
  const snippet = 'let sum  =  0;\nfor (const item of items) {';
  assert.deepEqual(anchorSnippet(source, snippet, 12), { status: 'whitespace', startLine: 10, endLine: 11 });
});

test('a re-indented snippet that starts mid-line is located by the ends of its lines', () => {
  const snippet = 'total(items: Item[]): number {\n      let sum = 0;\n  for';
  assert.deepEqual(anchorSnippet(source, snippet, 1), { status: 'whitespace', startLine: 1, endLine: 3 });
});

test('CRLF files match LF snippets exactly, with the same line numbers', () => {
  const crlf = source.replace(/\n/g, '\r\n');
  assert.deepEqual(anchorSnippet(crlf, '    sum += 1;\n  }\n  return sum;\n', 1), { status: 'exact', startLine: 12, endLine: 14 });
});

test('CRLF snippets match LF files exactly', () => {
  assert.deepEqual(anchorSnippet(source, '  }\r\n  return sum;\r\n}\r\n', 14), { status: 'exact', startLine: 13, endLine: 15 });
});

test('blank lines around the quoted code do not shift the anchor', () => {
  assert.deepEqual(anchorSnippet(source, '\n\n  return sum;\n\n', 6), { status: 'exact', startLine: 6, endLine: 6 });
});

test('code that is not in the file is unanchored and keeps the reviewer lines', () => {
  assert.deepEqual(anchorSnippet(source, 'return items.length;', 12, 13), { status: 'unanchored', startLine: 12, endLine: 13 });
});

test('an empty or whitespace-only snippet is unanchored', () => {
  assert.deepEqual(anchorSnippet(source, '', 4), { status: 'unanchored', startLine: 4, endLine: 4 });
  assert.deepEqual(anchorSnippet(source, '  \n\t\n', 4, 2), { status: 'unanchored', startLine: 4, endLine: 4 });
});

test('a snippet needs its lines in order: the same lines shuffled do not match', () => {
  assert.equal(anchorSnippet(source, '  }\n    sum += item.price;', 5).status, 'unanchored');
});

test('one prepared file anchors many snippets, exact and re-indented, at their own lines', () => {
  const lines: string[] = [];
  for (let index = 0; index < 2000; index++) lines.push(`  const value${index} = compute(${index}, options);  // step ${index}`);
  const file = prepareFile(lines.join('\n'));
  for (let index = 0; index < 200; index++) {
    const at = index * 10;
    const quoted = lines.slice(at, at + 3).join('\n');
    // Every other snippet is re-indented, so both search stages are exercised. (Speed is measured in bench/.)
    const snippet = index % 2 === 0 ? quoted : quoted.replace(/^ +/gm, '\t');
    assert.deepEqual(anchorSnippet(file, snippet, at + 1), { status: index % 2 === 0 ? 'exact' : 'whitespace', startLine: at + 1, endLine: at + 3 });
  }
});

test('a verbatim match wins over a re-indented one nearer to the reviewer line', () => {
  const text = 'if (ready) {\n  start();\n}\n\n    if (ready) {\n      start();\n    }\n';
  assert.deepEqual(anchorSnippet(text, 'if (ready) {\n  start();\n}', 5), { status: 'exact', startLine: 1, endLine: 3 });
});
