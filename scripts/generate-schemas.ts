// Writes the JSON schemas agents answer in to prompts/, from the zod models in src/shared.
// Run: node --import tsx scripts/generate-schemas.ts   (a unit test fails when the files are stale)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { consolidatorAnswerJsonSchema } from '../src/shared/consolidatorAnswer';
import { reviewerAnswerJsonSchema } from '../src/shared/reviewerAnswer';

export const generatedSchemas: ReadonlyArray<{ file: string; content: () => string }> = [
  { file: 'reviewer-answer.schema.json', content: () => `${JSON.stringify(reviewerAnswerJsonSchema(), null, 2)}\n` },
  { file: 'consolidator-answer.schema.json', content: () => `${JSON.stringify(consolidatorAnswerJsonSchema(), null, 2)}\n` },
];

if (require.main === module) {
  const promptsDir = path.resolve(__dirname, '..', 'prompts');
  for (const schema of generatedSchemas) {
    writeFileSync(path.join(promptsDir, schema.file), schema.content());
    console.log(`wrote prompts/${schema.file}`);
  }
}
