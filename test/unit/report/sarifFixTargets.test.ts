import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sarifFixFor } from '../../../src/engine/report/sarifFixes';
import type { Finding, Fix } from '../../../src/shared/findingModel';
import { sampleReport } from '../../fixtures/sampleReport';

// Code-scanning tools can apply a SARIF fix with no preview: none is ever exported into .git or a tool's configuration.

const files = new Map<string, string | null>([
  ['src/app.js', 'const a = 1;\n'],
  ['package.json', '{ "scripts": {} }\n'],
  ['.git/config', '[core]\n'],
]);

function withFix(fix: Fix): Finding & { fix: Fix } {
  const finding = sampleReport().findings[0]!;
  return { ...finding, location: { ...finding.location, path: 'src/app.js' }, fix };
}

test('a fix of an ordinary file is exported; one that also edits .git/config or package.json is omitted, with the reason', () => {
  const ordinary = { path: 'src/app.js', original: 'const a = 1;', replacement: 'const a = 2;' };
  assert.equal(sarifFixFor(withFix({ description: 'Two.', edits: [ordinary] }), files).kind, 'fix');

  const intoGit = sarifFixFor(withFix({ description: 'Two.', edits: [ordinary, { path: '.git/config', original: '[core]\n', replacement: '[core]\n\tfsmonitor = x\n' }] }), files);
  assert.deepEqual(intoGit, { kind: 'omitted', status: 'refused', reason: "The fix is not offered: .git/config is inside git's own directory (.git)." });

  const manifest = sarifFixFor(withFix({ description: 'Two.', edits: [ordinary, { path: 'package.json', original: '{}', replacement: '{ "test": "x" }' }] }), files);
  assert.deepEqual(manifest, {
    kind: 'omitted',
    status: 'refused',
    reason: 'The fix is not exported: it edits package.json, which configure tools that run code; apply it from the editor, through its preview.',
  });
});
