import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonForScriptElement, reportPageHtml } from '../../../src/extension/reportHtml';
import { initialMessageElementId } from '../../../src/shared/webviewMessages';

const sources = { assetUri: (...segments: string[]) => `https://assets.example/${segments.join('/')}`, cspSource: 'https://assets.example' };
const hostile = { type: 'showReport', title: '</script><script>alert(1)</script><!-- \u2028\u2029 & "quoted"' };

/** The text of the page's data block, as the browser hands it to the page's script. */
function dataBlock(html: string): string {
  const match = new RegExp(`<script type="application/json" id="${initialMessageElementId}">([\\s\\S]*?)</script>`).exec(html);
  assert.ok(match, 'the page carries a data block');
  return match[1]!;
}

test('the report in the page\'s HTML cannot end its data block: the first </script> after it is the real one', () => {
  const html = reportPageHtml(sources, 'nonce', hostile);
  assert.deepEqual(JSON.parse(dataBlock(html)), hostile, 'the page reads back exactly what the host put in');
  assert.equal(html.match(/<script/g)?.length, 2, 'the data block and the nonce\'d bundle, nothing the report wrote');
  assert.ok(!/[\u2028\u2029]/.test(dataBlock(html)));
});

test('control: the same report as plain JSON would end the data block early and add a script', () => {
  const unescaped = `<script type="application/json">${JSON.stringify(hostile)}</script>`;
  assert.equal(unescaped.match(/<script/g)?.length, 2);
  assert.notEqual(jsonForScriptElement(hostile), JSON.stringify(hostile));
});

test('a page without a report to show carries no data block (it waits for showReport)', () => {
  assert.ok(!reportPageHtml(sources, 'nonce').includes(initialMessageElementId));
});
