import assert from 'node:assert/strict';
import { test } from 'node:test';
import { languageForPath } from '../../../src/shared/languageForPath';
import { fencedBlock, inlineCode, tableCell } from '../../../src/engine/report/markdownText';

test('a fenced block’s fence is longer than the longest backtick run in its content', () => {
  assert.equal(fencedBlock('plain', 'ts'), '```ts\nplain\n```');
  assert.equal(fencedBlock('a ``` b', ''), '````\na ``` b\n````');
  assert.equal(fencedBlock('x ````` y\n'), '``````\nx ````` y\n``````');
});

test('inline code survives backticks and line breaks in the text', () => {
  assert.equal(inlineCode('a.ts'), '`a.ts`');
  assert.equal(inlineCode('say `hi`'), '`` say `hi` ``');
  assert.equal(inlineCode('two\nlines'), '`two lines`');
});

test('table cells escape pipes and backslashes, drop raw HTML and keep line breaks', () => {
  assert.equal(tableCell('a | b\\c <b>\nnext'), 'a \\| b\\\\c &lt;b><br>next');
  assert.equal(tableCell('use `x|y<z>`'), 'use `x\\|y<z>`');
});

test('picks the code block language from the file name', () => {
  assert.equal(languageForPath('src/app.tsx'), 'tsx');
  assert.equal(languageForPath('scripts/deploy.SH'), 'bash');
  assert.equal(languageForPath('build/Dockerfile'), 'dockerfile');
  assert.equal(languageForPath('LICENSE'), '');
  assert.equal(languageForPath('.env'), '');
});
