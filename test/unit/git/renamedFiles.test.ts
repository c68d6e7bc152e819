import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renamedFiles, parseRenames } from '../../../src/engine/git/renamedFiles';
import { TempRepo } from '../../fixtures/gitRepo';

test('renames between two commits map old paths to new ones; edits, additions and deletions are not renames', async () => {
  const repo = TempRepo.create({ 'src/a file.js': 'export const a = 1;\n'.repeat(20), 'src/b.js': 'b\n', 'src/gone.js': 'gone\n' });
  try {
    const from = repo.git('rev-parse', 'HEAD').trim();
    repo.git('mv', 'src/a file.js', 'src/ä file.js');
    repo.git('rm', '-q', 'src/gone.js');
    repo.write({ 'src/b.js': 'b changed\n', 'src/new.js': 'new\n' });
    const to = repo.commitAll('Move and change');

    assert.deepEqual([...(await renamedFiles(repo.root, from, to))], [['src/a file.js', 'src/ä file.js']]);
  } finally {
    repo.remove();
  }
});

test('a rename to or from a path outside the repository is ignored', () => {
  assert.deepEqual([...parseRenames('R100\0src/a.js\0../../etc/a.js\0R090\0src/b.js\0src/c.js\0M\0src/d.js\0')], [['src/b.js', 'src/c.js']]);
});
