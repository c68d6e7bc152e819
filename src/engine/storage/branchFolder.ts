import { createHash } from 'node:crypto';

/**
 * A folder name for a branch that is safe on every file system and unique per branch name: a readable
 * slug plus a hash of the exact name, so `feat/a`, `feat-a` and `Feat/A` never share a folder (also on
 * case-insensitive file systems, where the slug alone would collide).
 */
export function branchFolderName(branch: string): string {
  const slug = branch
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');
  const hash = createHash('sha256').update(branch, 'utf8').digest('hex').slice(0, 12);
  return `${slug === '' ? 'branch' : slug}-${hash}`;
}
