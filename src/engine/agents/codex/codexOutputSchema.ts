// Codex sends `--output-schema` to the model API as strict structured output (`"strict": true`) and
// does not validate the reply itself. Strict mode accepts only a subset of JSON Schema: every object
// lists all its properties as required and forbids others, and value constraints such as
// `minLength` or `minimum` have been rejected with HTTP 400 ("… is not permitted"). The answer is
// validated against the full schema afterwards, so the constraints are dropped here, not lost.

/** Keywords kept: structure, types, enums, nullability and documentation. */
export const strictKeywords = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'description', 'title', '$defs', '$ref', 'definitions']);

/** `schema` reduced to what strict structured output accepts (a copy; the input is not changed). */
export function codexOutputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return strictNode(schema);
}

function strictNode(node: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!strictKeywords.has(key)) continue;
    if (key === 'properties' || key === '$defs' || key === 'definitions') result[key] = mapValues(value);
    else if (key === 'items') result[key] = isObject(value) ? strictNode(value) : value;
    else if (key === 'anyOf') result[key] = Array.isArray(value) ? value.map((entry: unknown) => (isObject(entry) ? strictNode(entry) : entry)) : value;
    else result[key] = value;
  }
  return result;
}

function mapValues(value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, isObject(entry) ? strictNode(entry) : entry]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
