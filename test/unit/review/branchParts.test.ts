import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupChangedFiles } from '../../../src/engine/review/branchParts';
import type { ChangedFile } from '../../../src/shared/reportModel';

const file = (path: string, additions: number | null, deletions: number | null = 0): ChangedFile => ({ path, additions, deletions, previousPath: null });

test('every changed file is in exactly one group, and no group’s estimated diff is over the budget', () => {
  const files = Array.from({ length: 2_000 }, (_, index) => file(`pkg${index % 40}/sub${index % 3}/file${index}.ts`, 20 + (index % 90), index % 7));
  const groups = groupChangedFiles(files, 60_000);

  const placed = groups.flat().map((changed) => changed.path);
  assert.equal(placed.length, files.length);
  assert.deepEqual(new Set(placed), new Set(files.map((changed) => changed.path)));
  for (const group of groups) {
    const estimate = group.reduce((sum, changed) => sum + 400 + ((changed.additions ?? 0) + (changed.deletions ?? 0)) * 60, 0);
    assert.ok(group.length === 1 || estimate <= 60_000, `a group of ${group.length} files is estimated at ${estimate} bytes`);
  }
  assert.ok(groups.length > 1);
});

test('files of one folder stay together when they fit, and groups follow folder order', () => {
  const files = [file('b/two.ts', 300), file('a/one.ts', 300), file('b/one.ts', 300), file('a/two.ts', 300), file('c/one.ts', 300)];
  const groups = groupChangedFiles(files, 60_000);

  assert.deepEqual(
    groups.map((group) => group.map((changed) => changed.path)),
    [['a/one.ts', 'a/two.ts'], ['b/one.ts', 'b/two.ts'], ['c/one.ts']],
  );
});

test('a file too big for any group, and binary files, still get a group', () => {
  const groups = groupChangedFiles([file('huge/data.json', 9_000), file('img/logo.png', null, null), file('src/a.ts', 10)], 60_000);

  assert.deepEqual(groups.flat().map((changed) => changed.path).sort(), ['huge/data.json', 'img/logo.png', 'src/a.ts']);
});
