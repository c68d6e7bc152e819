import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

// The official SARIF 2.1.0 schema as the SARIF SDK's Multitool package ships it, checked the way
// test/unit/report/sarifSchema.test.ts checks it.
const schemaFile = path.join(path.dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`)), 'sarif-2.1.0.json');
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>);

/** What the official schema finds wrong with the SARIF text; empty when it is valid. */
export function sarifSchemaErrors(text: string): string[] {
  return validateSarif(JSON.parse(text)) ? [] : (validateSarif.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}
