import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorSnippet, prepareFile } from '../../../src/engine/findings/anchorSnippet';
import { seededRandom as randomFrom } from '../../fixtures/seededRandom';
import { referenceAnchorSnippet } from './referenceAnchorSnippet';

// anchorSnippet looks lines up lazily (the reviewer's line first, scans before an index, collapsing only
// the lines that can match). These tests compare it with the algorithm as it was before, on generated
// files, snippets and edits: every anchor must be the same, except where the old algorithm found
// nothing and the tolerant tier (blank lines ignored) finds the same code lines.

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, from: number, to: number): number => from + Math.floor(random() * (to - from + 1));

// Few distinct words and statements, so that lines repeat and every tier of the search has ties to break.
const statements = ['let sum = 0;', 'sum += item.price;', 'return sum;', '}', 'if (ready) {', 'start(options,  done);', 'const\tvalue = compute(1, 2);', '// note: keep  this', ''];
const indents = ['', '  ', '    ', '\t', ' \t '];

function generatedFile(random: Random): string {
  const lines = Array.from({ length: between(random, 1, 60) }, () => `${pick(random, indents)}${pick(random, statements)}${random() < 0.2 ? '  ' : ''}`);
  const text = lines.join(random() < 0.2 ? '\r\n' : '\n');
  return random() < 0.5 ? `${text}\n` : text;
}

/** A snippet as a reviewer might quote the file: verbatim, re-indented, re-spaced, cut mid-line, or not there at all. */
function quotedSnippet(random: Random, text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = between(random, 0, lines.length - 1);
  let quoted = lines.slice(start, start + between(random, 1, 4));
  switch (between(random, 0, 6)) {
    case 0:
      quoted = quoted.map((line) => line.trimStart());
      break;
    case 1:
      quoted = quoted.map((line) => line.replace(/ /g, '   '));
      break;
    case 2:
      quoted[0] = (quoted[0] ?? '').slice(between(random, 0, 8));
      break;
    case 3:
      quoted[quoted.length - 1] = (quoted.at(-1) ?? '').slice(0, between(random, 1, 12));
      break;
    case 4:
      quoted = [pick(random, ['missing();', 'return total;', 'sum += 2;', 'x'])];
      break;
    case 5:
      quoted = quoted.map((line) => `\t${line.replace(/\s+/g, ' ')}`);
      break;
  }
  return `${random() < 0.2 ? '\n' : ''}${quoted.join(random() < 0.2 ? '\r\n' : '\n')}${random() < 0.2 ? '  \n' : ''}`;
}

/** One edit as an editor makes it: a character typed, a line broken, joined, deleted or duplicated. */
function edited(random: Random, text: string): string {
  const at = between(random, 0, text.length);
  switch (between(random, 0, 4)) {
    case 0:
      return `${text.slice(0, at)}${pick(random, ['x', ' ', '\t', ';'])}${text.slice(at)}`;
    case 1:
      return `${text.slice(0, at)}\n${text.slice(at)}`;
    case 2:
      return text.replace('\n', '');
    case 3:
      return `${text.slice(0, at)}${text.slice(at + 1)}`;
    default: {
      const lines = text.split('\n');
      const line = between(random, 0, lines.length - 1);
      return [...lines.slice(0, line + 1), lines[line] ?? '', ...lines.slice(line + 1)].join('\n');
    }
  }
}

/** Non-blank lines, whitespace-collapsed, one per line. */
function codeOf(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

function assertSameAnchors(text: string, snippets: ReadonlyArray<{ snippet: string; hint: number }>, context: string): void {
  // One prepared file for all snippets, as the language server uses it: its lookups switch to an index on the way.
  const prepared = prepareFile(text);
  for (const { snippet, hint } of snippets) {
    const expected = referenceAnchorSnippet(text, snippet, hint);
    const actual = anchorSnippet(prepared, snippet, hint);
    assert.deepEqual(anchorSnippet(text, snippet, hint), actual, `${context} (unprepared): ${JSON.stringify({ text, snippet, hint })}`);
    if (expected.status === 'unanchored' && actual.status !== 'unanchored') {
      // The tolerant tier (blank lines ignored) finds what the old algorithm could not: the same code lines.
      assert.equal(actual.status, 'whitespace', context);
      assert.ok(codeOf(text.replace(/\r\n?/g, '\n').split('\n').slice(actual.startLine - 1, actual.endLine).join('\n')).includes(codeOf(snippet)), `${context}: ${JSON.stringify({ text, snippet, hint, actual })}`);
      continue;
    }
    assert.deepEqual(actual, expected, `${context}: ${JSON.stringify({ text, snippet, hint })}`);
  }
}

test('every snippet gets the same anchor as before, at every kind of reviewer line', () => {
  const random = randomFrom(20261123);
  for (let round = 0; round < 400; round++) {
    const text = generatedFile(random);
    const lineCount = text.split('\n').length;
    const snippets = Array.from({ length: 12 }, () => ({ snippet: quotedSnippet(random, text), hint: pick(random, [1, between(random, 1, lineCount), lineCount + 5, 0, -3]) }));
    assertSameAnchors(text, snippets, `round ${round}`);
  }
});

test('after each edit of a file, re-anchoring its findings at their previous anchors gives the same anchors as before', () => {
  const random = randomFrom(8);
  for (let round = 0; round < 100; round++) {
    let text = generatedFile(random);
    // Findings anchored in the reviewed text, then followed through a run of edits as the language server does.
    const findings = Array.from({ length: 8 }, () => {
      const snippet = quotedSnippet(random, text);
      return { snippet, anchor: referenceAnchorSnippet(text, snippet, between(random, 1, 20)) };
    });
    for (let edit = 0; edit < 10; edit++) {
      text = edited(random, text);
      assertSameAnchors(text, findings.map((finding) => ({ snippet: finding.snippet, hint: finding.anchor.startLine })), `round ${round}, edit ${edit}`);
    }
  }
});

test('a prepared file answers many lookups the same after it switches from scanning to its index', () => {
  const lines = Array.from({ length: 300 }, (_, line) => `  step(${line % 7});`);
  const text = lines.join('\n');
  const prepared = prepareFile(text);
  // Line h holds step((h - 1) % 7); each snippet is the next step, so it is never at its reviewer's line
  // and every lookup searches the whole file.
  const lookups = Array.from({ length: 20 }, (_, at) => ({ hint: 1 + at * 13, snippet: `step(${(at * 13 + 1) % 7});` }));
  const answers = lookups.map(({ hint, snippet }) => anchorSnippet(prepared, snippet, hint));
  assert.deepEqual(answers, lookups.map(({ hint, snippet }) => referenceAnchorSnippet(text, snippet, hint)));
  assert.deepEqual(answers[3], { status: 'exact', startLine: 41, endLine: 41 });
});

test('an edit is seen by the next preparation: nothing about a file outlives its text', () => {
  const before = 'function a() {\n  run(1);\n}\nfunction b() {\n  run(2);\n}\n';
  assert.deepEqual(anchorSnippet(prepareFile(before), '  run(2);', 5), { status: 'exact', startLine: 5, endLine: 5 });
  // A line inserted above the finding moves it down; the quoted line edited makes it unanchored.
  assert.deepEqual(anchorSnippet(prepareFile(`// header\n${before}`), '  run(2);', 5), { status: 'exact', startLine: 6, endLine: 6 });
  assert.deepEqual(anchorSnippet(prepareFile(before.replace('run(2)', 'run(3)')), '  run(2);', 5), { status: 'unanchored', startLine: 5, endLine: 5 });
  // The same text prepared again, after the edits, anchors as the first time.
  assert.deepEqual(anchorSnippet(prepareFile(before), '  run(2);', 5), { status: 'exact', startLine: 5, endLine: 5 });
});
