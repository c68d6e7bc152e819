import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { reviewReportSchema } from '../../../src/shared/reportModel';
import { TempRepo } from '../../fixtures/gitRepo';
import { storeAnswer, storeGo, storeGoFixed } from '../../fixtures/realReviewerFindings';
import { startModelServer, step } from '../../fixtures/modelServer/modelServer';
import { bundleCli, claudeBin, claudeEnv, runCli, scratchDir } from './cliHarness';

// Findings as real reviewers write them (issue 15), through `deep-review review` with a real Claude Code
// CLI answering from a scripted model server, no consolidator: the JSON report, SARIF and Markdown say
// where each finding is (the named lines), how faithfully, and what each fix does at the reviewed commit.

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
  repo.write({ 'store.go': storeGo });
  repo.commitAll('Add the store');
  const server = await startModelServer({ protocol: 'anthropic', script: [step.structured(storeAnswer)] });
  const out = path.join(scratch, 'out');
  try {
    const run = await runCli(cli, ['review', '--repo', repo.root, '--base', 'main', '--out', out, '--reviewers', reviewers, '--format', 'md,json,sarif', '--fail-on', 'never'], claudeEnv(scratch, server.url));
    assert.equal(run.code, 0, run.stderr);
    const files = run.stdout.trim().split('\n');
    const report = reviewReportSchema.parse(JSON.parse(fs.readFileSync(files.find((file) => file.endsWith('.json'))!, 'utf8')));
    const byTitle = (title: string) => report.findings.find((finding) => finding.title === title)!;

    const missing = byTitle('A missing key is not an error');
    assert.deepEqual(missing.anchor, { status: 'whitespace', startLine: 16, endLine: 16, quoteStartLine: 11, quoteEndLine: 17 });
    const fixed = storeGoFixed;
    if (missing.fixAtHead?.status !== 'applicable') assert.fail(`the fix applies at the reviewed commit: ${JSON.stringify(missing.fixAtHead)}`);
    const edit = missing.fixAtHead.edits[0]!;
    assert.equal(storeGo.slice(0, edit.startOffset) + edit.newText + storeGo.slice(edit.endOffset), fixed, 'the replacement takes the file\'s tabs');

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
    assert.equal(applySarif(storeGo, missingResult.fixes![0]!.artifactChanges[0]!.replacements[0]!), fixed, 'the SARIF fix reproduces the fixed file byte for byte');
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
