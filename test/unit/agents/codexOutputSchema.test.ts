import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codexOutputSchema, strictKeywords } from '../../../src/engine/agents/codex/codexOutputSchema';
import { reviewerAnswerJsonSchema } from '../../../src/shared/reviewerAnswer';

/** Why `schema` would not pass OpenAI's strict structured output (as Codex sends --output-schema). */
function strictProblems(schema: unknown, where = '(root)'): string[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [];
  const node = schema as Record<string, unknown>;
  const problems = Object.keys(node)
    .filter((key) => !strictKeywords.has(key))
    .map((key) => `${where}: "${key}"`);
  const properties = node.properties as Record<string, unknown> | undefined;
  if (properties !== undefined) {
    const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
    const optional = Object.keys(properties).filter((name) => !required.includes(name));
    if (optional.length > 0) problems.push(`${where}: not required: ${optional.join(', ')}`);
    if (node.additionalProperties !== false) problems.push(`${where}: additionalProperties is not false`);
    for (const [name, entry] of Object.entries(properties)) problems.push(...strictProblems(entry, `${where}.${name}`));
  } else if (node.type === 'object') {
    problems.push(`${where}: object without properties`);
  }
  problems.push(...strictProblems(node.items, `${where}[]`));
  if (Array.isArray(node.anyOf)) node.anyOf.forEach((entry: unknown, index) => problems.push(...strictProblems(entry, `${where}|${index}`)));
  return problems;
}

test('the answer schema sent to Codex passes strict structured output: every property required, no extras, no value constraints', () => {
  const schema = codexOutputSchema(reviewerAnswerJsonSchema());

  assert.deepEqual(strictProblems(schema), []);
  assert.equal(schema.type, 'object');
});

test('only $schema and value constraints are dropped (the full schema still validates the answer afterwards)', () => {
  const full = reviewerAnswerJsonSchema();
  const strict = codexOutputSchema(full);
  const dropped = new Set<string>();
  const collect = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Record<string, unknown>;
    for (const key of Object.keys(schema)) if (!strictKeywords.has(key)) dropped.add(key);
    Object.values((schema.properties ?? {}) as Record<string, unknown>).forEach(collect);
    collect(schema.items);
    if (Array.isArray(schema.anyOf)) schema.anyOf.forEach(collect);
  };
  collect(full);

  assert.deepEqual([...dropped].sort(), ['$schema', 'maximum', 'minItems', 'minLength', 'minimum']);
  assert.ok(strictProblems(full).length > 0, 'the unreduced schema would be rejected');
  const withoutDropped = JSON.parse(JSON.stringify(full), (key, value: unknown) => (dropped.has(key) ? undefined : value)) as unknown;
  assert.deepEqual(strict, withoutDropped);
});

test('the input schema is not changed', () => {
  const full = reviewerAnswerJsonSchema();
  const before = JSON.stringify(full);

  codexOutputSchema(full);

  assert.equal(JSON.stringify(full), before);
});
