import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { renderSarifReport } from '../../../src/engine/report/sarifReport';
import { sampleHeadFiles, sampleReport } from '../../fixtures/sampleReport';
import { tempDir } from '../git/gitTestSupport';
import { headFiles, readFrom, sarifTestReport } from './sarifTestData';

// The official SARIF 2.1.0 schema (OASIS, with its errata, as JSON Schema draft 2020-12) ships in the
// SARIF SDK's Multitool package, next to the Multitool itself (the devDependency
// @microsoft/sarif-multitool installs the package of this platform).
const multitoolPackage = `@microsoft/sarif-multitool-${process.platform}`;

function multitoolDir(): string {
  try {
    return path.dirname(require.resolve(`${multitoolPackage}/package.json`));
  } catch (error) {
    assert.fail(`${multitoolPackage} is not installed (run npm ci): ${String(error)}`);
  }
}

const schema = JSON.parse(fs.readFileSync(path.join(multitoolDir(), 'sarif-2.1.0.json'), 'utf8')) as Record<string, unknown>;
// strictRequired flags the schema's own `anyOf: [{ required: [...] }]` idiom, which is valid JSON Schema.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function schemaErrors(log: unknown): string[] {
  // Validate the JSON text a consumer reads, not the object in memory.
  return validateSarif(JSON.parse(JSON.stringify(log))) ? [] : (validateSarif.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

async function fullLog(): Promise<Log> {
  return renderSarifReport(sarifTestReport(), { readFileAtHead: readFrom(headFiles), toolVersion: '0.1.0' });
}

test('the schema is the official SARIF 2.1.0 schema', () => {
  assert.equal(schema.title, 'Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
});

test('the SARIF export of a report with every kind of location and fix is valid against the official schema', async () => {
  const log = await fullLog();
  assert.ok(log.runs[0]?.results?.some((result) => result.fixes), 'the log has fixes');
  assert.ok(log.runs[0]?.results?.some((result) => result.properties?.fixOmitted), 'the log has omitted fixes');
  assert.deepEqual(schemaErrors(log), []);
});

test('the SARIF export of the sample report is valid against the official schema', async () => {
  const log = await renderSarifReport(sampleReport(), { readFileAtHead: readFrom(sampleHeadFiles), toolVersion: '' });
  assert.deepEqual(schemaErrors(log), []);
});

test('the schema check catches what SARIF forbids', async () => {
  const log = await fullLog();
  const broken = JSON.parse(JSON.stringify(log)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
  const result = broken.runs[0]!.results[0]!;
  result.level = 'critical';
  result.partialFingerprints = { 'deepReview/v1': 7 };
  assert.deepEqual(schemaErrors(broken).sort(), ['/runs/0/results/0/level must be equal to one of the allowed values', '/runs/0/results/0/partialFingerprints/deepReview~1v1 must be string']);
});

test("Microsoft's SARIF Multitool validates the export; its only remarks are the two warnings we accept", async (t) => {
  // The package's main module is the path of its executable.
  const { default: multitool } = (await import(multitoolPackage)) as { default: string };
  try {
    fs.accessSync(multitool, fs.constants.X_OK);
  } catch {
    t.skip(`${multitool} is not executable (its package's postinstall did not run)`);
    return;
  }
  const dir = tempDir(t, 'deep-review-sarif-');
  const input = path.join(dir, 'review.sarif');
  const output = path.join(dir, 'validation.sarif');
  fs.writeFileSync(input, JSON.stringify(await fullLog(), null, 2));
  await promisify(execFile)(multitool, ['validate', '--output', output, input], { timeout: 60_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });

  // The Multitool exits 0 even when it finds errors, so its own SARIF output is what tells.
  const validation = JSON.parse(fs.readFileSync(output, 'utf8')) as Log;
  const run = validation.runs[0];
  assert.equal(run?.invocations?.[0]?.executionSuccessful, true);
  assert.deepEqual(run.invocations[0].toolExecutionNotifications ?? [], []);
  const remarks = (run.results ?? []).map((result) => `${result.ruleId ?? '?'} ${result.level ?? 'warning'} ${JSON.stringify(result.message.arguments ?? result.message.text)}`);
  // SARIF2005: no informationUri, since Deep Review has no public page to point at.
  // SARIF2017: the unanchored finding (I1) points at its file without a region, on purpose.
  assert.deepEqual(remarks.sort(), [
    'SARIF2005 warning ["runs[0].tool.driver","Deep Review"]',
    'SARIF2017 warning ["runs[0].results[1].locations[0].physicalLocation"]',
  ]);
});
