import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The `prompts` folder: next to `dist/` in the packaged extension (code runs from <extension>/dist/*.js)
 * and at the repository root when running from source (src/engine/prompts/*.ts).
 */
export function findPromptsDir(from: string = __dirname): string {
  const candidates = [path.resolve(from, '..', 'prompts'), path.resolve(from, '..', '..', '..', 'prompts')];
  const found = candidates.find((candidate) => existsSync(path.join(candidate, 'reviewer.md')));
  if (found === undefined) {
    throw new Error(`Deep Review's prompts folder is missing (looked in ${candidates.join(' and ')}). Reinstall the extension.`);
  }
  return found;
}
