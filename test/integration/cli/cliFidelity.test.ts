import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { reviewReportSchema } from '../../../src/shared/reportModel';
import type { ReviewerAnswer } from '../../../src/shared/reviewerAnswer';
import { TempRepo } from '../../fixtures/gitRepo';
import { startModelServer, step } from '../../fixtures/modelServer/modelServer';
import { bundleCli, claudeBin, claudeEnv, runCli, scratchDir } from './cliHarness';

// Findings as real reviewers write them (issue 15), through `deep-review review` with a real Claude Code
// CLI answering from a scripted model server, no consolidator: the JSON report, SARIF and Markdown say
// where each finding is (the named lines), how faithfully, and what each fix does at the reviewed commit.

const store = [
  'package store',
  '',
  'import "sync"',
  '',
  'type Store struct {',
  '\tmu    sync.Mutex',
  '\titems map[string]string',
  '}',
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
  'func (s *Store) Put(key, value string) {',
  '\ts.items[key] = value',
  '}',
  '',
  'func (s *Store) Len() int {',
  '\ts.mu.Lock()',
  '\tdefer s.mu.Unlock()',
  '\treturn len(s.items)',
  '}',
  '',
].join('\n');

const answer: ReviewerAnswer = {
  summary: 'Adds a mutex-guarded store.',
  findings: [
    {
      // Context before the named line, the blank line dropped, spaces for tabs: at line 16 exactly.
      severity: 'important',
      title: 'A missing key is not an error',
      body: 'Callers cannot tell a missing key from an empty value.',
      file: 'store.go',
      startLine: 16,
      endLine: 16,
      snippet: '    s.mu.Lock()\n    defer s.mu.Unlock()\n    value, ok := s.items[key]\n    if !ok {\n        return "", nil\n    }',
      fix: {
        description: 'Return ErrNotFound.',
        edits: [{ file: 'store.go', original: '    if !ok {\n        return "", nil\n    }\n', replacement: '    if !ok {\n        return "", ErrNotFound\n    }\n' }],
      },
      tags: ['correctness'],
    },
    {
      // One quoted line paraphrased: placed approximately, at the named line, and said so.
      severity: 'critical',
      title: 'Put writes the map without the lock',
      body: 'Concurrent Put and Get race.',
      file: 'store.go',
      startLine: 22,
      endLine: 22,
      snippet: 'func (s *Store) Put(key string, value string) {\n\ts.items[key] = value\n}\n\nfunc (s *Store) Len() int {\n\ts.mu.Lock()',
      fix: {
        // Already in the file: the author fixed Len's lock before the review ended.
        description: 'Lock in Len.',
        edits: [{ file: 'store.go', original: 'func (s *Store) Len() int {\n\treturn len(s.items)\n', replacement: 'func (s *Store) Len() int {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\treturn len(s.items)\n' }],
      },
      tags: ['concurrency'],
    },
    {
      severity: 'suggestion',
      title: 'Document the zero value',
      body: 'A zero Store panics on Put.',
      file: 'store.go',
      startLine: 5,
      endLine: 5,
      snippet: 'type Store struct {',
      fix: { description: 'Add a constructor.', edits: [{ file: 'store.go', original: 'func New() *Store {\n', replacement: 'func New() *Store { // documented\n' }] },
      tags: ['docs'],
    },
  ],
  designObservations: [],
  testingAssessment: 'No tests.',
  documentationAssessment: '',
};

const reviewers = JSON.stringify([{ id: 'claude', cli: 'claude', model: 'claude-test-model', effort: 'high', command: claudeBin }]);

let scratch: string;
let cli: string;
before(async () => {
  scratch = scratchDir('deep-review-cli-fidelity-');
  cli = await bundleCli(scratch);
});
after(() => { fs.rmSync(scratch, { recursive: true, force: true }); });

interface SarifResult {
  properties: Record<string, unknown>;
  locations: Array<{ message?: { text: string }; properties?: Record<string, unknown>; physicalLocation: { region?: { startLine: number; endLine: number }; contextRegion?: { startLine: number } } }>;
  fixes?: Array<{ artifactChanges: Array<{ replacements: Array<{ deletedRegion: { startLine: number; startColumn: number; endLine: number; endColumn: number }; insertedContent: { text: string } }> }> }>;
}

/** Applies a SARIF replacement (1-based lines and UTF-16 columns) to the text, as a SARIF consumer does. */
function applySarif(text: string, replacement: NonNullable<SarifResult['fixes']>[number]['artifactChanges'][number]['replacements'][number]): string {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const offset = (line: number, column: number): number => (starts[line - 1] ?? text.length) + column - 1;
  const { deletedRegion: region, insertedContent } = replacement;
  return text.slice(0, offset(region.startLine, region.startColumn)) + insertedContent.text + text.slice(offset(region.endLine, region.endColumn));
}

test('real reviewers\' quotes: named lines, approximate marked, tab fix from a spaces quote, already applied, true refusal', async () => {
  const repo = TempRepo.create({ 'README.md': '# store\n' });
  repo.branch('feature/store');
  repo.write({ 'store.go': store });
  repo.commitAll('Add the store');
  const server = await startModelServer({ protocol: 'anthropic', script: [step.structured(answer)] });
  const out = path.join(scratch, 'out');
  try {
    const run = await runCli(cli, ['review', '--repo', repo.root, '--base', 'main', '--out', out, '--reviewers', reviewers, '--format', 'md,json,sarif', '--fail-on', 'never'], claudeEnv(scratch, server.url));
    assert.equal(run.code, 0, run.stderr);
    const files = run.stdout.trim().split('\n');
    const report = reviewReportSchema.parse(JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.json'))!, 'utf8')));
    const byTitle = (title: string) => report.findings.find((finding) => finding.title === title)!;

    const missing = byTitle('A missing key is not an error');
    assert.deepEqual(missing.anchor, { status: 'whitespace', startLine: 16, endLine: 16, quoteStartLine: 11, quoteEndLine: 17 });
    const fixed = store.replace('\t\treturn "", nil', '\t\treturn "", ErrNotFound');
    if (missing.fixAtHead?.status !== 'applicable') assert.fail(`the fix applies at the reviewed commit: ${JSON.stringify(missing.fixAtHead)}`);
    const edit = missing.fixAtHead.edits[0]!;
    assert.equal(store.slice(0, edit.startOffset) + edit.newText + store.slice(edit.endOffset), fixed, 'the replacement takes the file\'s tabs');

    const race = byTitle('Put writes the map without the lock');
    assert.equal(race.anchor.status, 'approximate');
    assert.equal(race.anchor.startLine, 22);
    assert.deepEqual(race.fixAtHead, { status: 'already-applied' });

    const docs = byTitle('Document the zero value');
    if (docs.fixAtHead?.status !== 'refused') assert.fail(`the fix is refused: ${JSON.stringify(docs.fixAtHead)}`);
    assert.match(docs.fixAtHead.reason, /not in store\.go at the reviewed commit/);

    const sarif = JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.sarif'))!, 'utf8')) as { runs: Array<{ results: SarifResult[] }> };
    const results = new Map(sarif.runs[0]!.results.map((result) => [String(result.properties.findingId), result]));
    const missingResult = results.get(missing.id)!;
    const [missingLocation] = missingResult.locations;
    assert.equal(missingLocation!.physicalLocation.region?.startLine, 16);
    assert.equal(missingLocation!.physicalLocation.contextRegion?.startLine, 11, 'the whole quote is the context region');
    assert.equal(missingResult.properties.fixStatus, 'applicable');
    assert.equal(applySarif(store, missingResult.fixes![0]!.artifactChanges[0]!.replacements[0]!), fixed, 'the SARIF fix reproduces the fixed file byte for byte');
    const raceResult = results.get(race.id)!;
    const [raceLocation] = raceResult.locations;
    assert.equal(raceLocation!.properties?.anchor, 'approximate');
    assert.match(raceLocation!.message?.text ?? '', /Location approximate/);
    assert.equal(raceResult.properties.fixStatus, 'already-applied');
    assert.equal(results.get(docs.id)!.properties.fixStatus, 'refused');

    const markdown = fs.readFileSync(files.find((file) => file.endsWith('.md'))!, 'utf8');
    assert.match(markdown, /Location approximate/);
    assert.match(markdown, /@@ -13,7 \+13,7 @@/, 'the fix diff has the real line numbers of store.go');
    assert.match(markdown, /\*\*Fix already applied\*\*/);
  } finally {
    await server.close();
    repo.remove();
  }
});
