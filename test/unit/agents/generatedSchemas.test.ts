import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generatedSchemas } from '../../../scripts/generate-schemas';

const promptsDir = path.join(__dirname, '..', '..', '..', 'prompts');

for (const schema of generatedSchemas) {
  test(`prompts/${schema.file} matches the zod model (regenerate with: node --import tsx scripts/generate-schemas.ts)`, () => {
    assert.equal(fs.readFileSync(path.join(promptsDir, schema.file), 'utf8'), schema.content());
  });
}
