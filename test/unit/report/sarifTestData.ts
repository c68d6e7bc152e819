import type { Region, Replacement } from 'sarif';
import { fingerprintFinding } from '../../../src/engine/findings/fingerprint';
import type { Finding } from '../../../src/shared/findingModel';
import type { ReviewReport } from '../../../src/shared/reportModel';
import { sampleReport } from '../../fixtures/sampleReport';

// Files at the reviewed commit and findings about them, written for the SARIF tests: a line with
// characters outside ASCII (two of them outside the BMP), a CRLF file, and fixes that cannot be placed.

/** Line 2 has "ö", "ß", "ü", "ï", "é" (one UTF-16 unit, two UTF-8 bytes each) and "👋" (two units, four bytes). */
export const greetTs = 'export function greet(name: string): string {\n  const label = "Gr\u00f6\u00dfe \u{1F44B} \u00fcn\u00efc\u00f6d\u00e9"; return lable + name;\n}\n';

export const legacyTs = 'function total(items) {\r\n  let sum = 0;\r\n  for (const item of items) sum += item.price;\r\n  return sum;\r\n}\r\n';

export const headFiles: Readonly<Record<string, string>> = {
  'src/greet.ts': greetTs,
  'src/legacy.ts': legacyTs,
  'docs/read me.md': '# Guide\n\nCall `greet()`.\n',
};

export function readFrom(files: Readonly<Record<string, string>>): (path: string) => Promise<string | null> {
  return (path) => Promise.resolve(files[path] ?? null);
}

type FindingDraft = Pick<Finding, 'id' | 'severity' | 'title' | 'location'> & Partial<Omit<Finding, 'fingerprint'>>;

export function finding(draft: FindingDraft): Finding {
  return {
    body: '',
    anchor: { status: 'exact', startLine: draft.location.startLine, endLine: draft.location.endLine },
    extraLocations: [],
    fix: null,
    tags: [],
    reporters: [{ reviewerId: 'claude', severity: draft.severity }],
    ...draft,
    fingerprint: fingerprintFinding({ path: draft.location.path, snippet: draft.location.snippet, title: draft.title }),
  };
}

export const typoFinding = finding({
  id: 'C1',
  severity: 'critical',
  title: 'greet returns an undefined variable',
  body: '`lable` is not declared, so every call throws a `ReferenceError`.',
  location: { path: 'src/greet.ts', startLine: 1, endLine: 1, snippet: 'return lable + name;' },
  // The reviewer said line 1; the snippet was found on line 2.
  anchor: { status: 'exact', startLine: 2, endLine: 2 },
  extraLocations: [{ path: 'docs/read me.md', startLine: 3, endLine: 3, snippet: 'Call `greet()`.' }],
  fix: { description: 'Return the declared label.', edits: [{ path: 'src/greet.ts', original: 'lable + name', replacement: 'label + name' }] },
  tags: ['style', 'security'],
  reporters: [
    { reviewerId: 'claude', severity: 'critical' },
    { reviewerId: 'codex-fast', severity: 'important' },
  ],
});

export const lostFinding = finding({
  id: 'I1',
  severity: 'important',
  title: 'Worker pool never drains',
  body: 'Jobs added after `close()` are silently dropped.',
  location: { path: 'src/pool.ts', startLine: 40, endLine: 44, snippet: 'if (this.closed) return;' },
  anchor: { status: 'unanchored', startLine: 40, endLine: 44 },
  tags: ['Concurrency'],
});

export const loopFinding = finding({
  id: 'I2',
  severity: 'important',
  title: 'Hand-written loop where reduce is clearer',
  location: { path: 'src/legacy.ts', startLine: 2, endLine: 4, snippet: '  let sum = 0;\n  for (const item of items) sum += item.price;\n  return sum;\n' },
  fix: {
    description: 'Sum with reduce.',
    // Written with LF by the reviewer; the file has CRLF.
    edits: [{ path: 'src/legacy.ts', original: '  let sum = 0;\n  for (const item of items) sum += item.price;\n  return sum;\n', replacement: '  return items.reduce((sum, item) => sum + item.price, 0);\n' }],
  },
  tags: ['tests', 'docs'],
});

export const staleFinding = finding({
  id: 'S1',
  severity: 'suggestion',
  title: 'Prefer a template literal',
  location: { path: 'src/greet.ts', startLine: 2, endLine: 2, snippet: 'return lable + name;' },
  fix: { description: 'Use a template literal.', edits: [{ path: 'src/greet.ts', original: "return 'Hello ' + name;", replacement: 'return `Hello ${name}`;' }] },
});

export const goneFinding = finding({
  id: 'S2',
  severity: 'suggestion',
  title: 'Dead helper',
  location: { path: 'src/legacy.ts', startLine: 1, endLine: 1, snippet: 'function total(items) {' },
  fix: { description: 'Delete the old helper.', edits: [{ path: 'src/old/helpers.ts', original: 'export function old() {}\n', replacement: '' }] },
  tags: ['design'],
});

/** The sample report (reviewers, branch, one failed reviewer) with the findings above. */
export function sarifTestReport(findings: Finding[] = [typoFinding, lostFinding, loopFinding, staleFinding, goneFinding]): ReviewReport {
  return { ...sampleReport(), findings };
}

/**
 * Applies SARIF replacements to a text as a consumer would, one after another in array order, turning
 * 1-based line/column (UTF-16 code units; lines end at "\n") into offsets independently of the code
 * under test.
 */
export function applyReplacements(text: string, replacements: readonly Replacement[]): string {
  let result = text;
  for (const replacement of replacements) {
    const start = offsetOf(result, replacement.deletedRegion, 'start');
    const end = offsetOf(result, replacement.deletedRegion, 'end');
    result = result.slice(0, start) + (replacement.insertedContent?.text ?? '') + result.slice(end);
  }
  return result;
}

function offsetOf(text: string, region: Region, which: 'start' | 'end'): number {
  const line = which === 'start' ? region.startLine : region.endLine;
  const column = which === 'start' ? region.startColumn : region.endColumn;
  if (line === undefined || column === undefined) throw new Error('the region has no line/column');
  const lines = text.split('\n');
  const before = lines.slice(0, line - 1).reduce((sum, content) => sum + content.length + 1, 0);
  return before + column - 1;
}
