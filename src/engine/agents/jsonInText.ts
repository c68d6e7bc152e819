// Finding the JSON answer inside an agent's prose. Fences are matched at line starts only: a JSON
// string cannot hold a raw line break, so a ``` inside a finding's markdown body never ends a block.
const fencedBlock = /^[ \t]*```[ \t]*(?:json|JSON|jsonc)?[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*```[ \t]*$/gm;

/** The last fenced JSON object in `text`, else the last balanced `{…}` that parses as an object. */
export function findJsonObjectInText(text: string): Record<string, unknown> | undefined {
  const fenced = [...text.matchAll(fencedBlock)].map((match) => match[1] ?? '');
  for (const block of fenced.reverse()) {
    const parsed = parseObject(block);
    if (parsed !== undefined) return parsed;
  }
  return lastBalancedObject(text);
}

function lastBalancedObject(text: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  let start = text.indexOf('{');
  while (start !== -1) {
    const end = matchingBrace(text, start);
    const parsed = end === -1 ? undefined : parseObject(text.slice(start, end + 1));
    if (parsed !== undefined) {
      found = parsed;
      start = text.indexOf('{', end + 1);
    } else {
      start = text.indexOf('{', start + 1);
    }
  }
  return found;
}

/** Index of the `}` closing the `{` at `start`, skipping braces inside JSON strings; -1 if none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{') {
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function parseObject(candidate: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(candidate) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
