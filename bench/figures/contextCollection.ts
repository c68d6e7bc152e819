import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { collectBranchContext } from '../../src/engine/git/branchContext';
import { against, type FigureReport } from '../support/results';
import { formatMs, formatRatio, median, spread, timed } from '../support/stats';
import { createSyntheticRepo, type BranchShape } from '../support/syntheticRepo';

// Figure 2: our context step (collectBranchContext) against the three git commands a person would run by
// hand for the same facts, one after the other, on a generated 2,000-file / 100,000-line branch.

const run = promisify(execFile);
const target = 1.5;

export async function contextCollectionFigure(quick: boolean): Promise<FigureReport> {
  const shape: BranchShape = quick
    ? { modifiedFiles: 100, newFiles: 400, linesPerFile: 50, commits: 10 }
    : { modifiedFiles: 400, newFiles: 1_600, linesPerFile: 50, commits: 40 };
  const pairs = quick ? 3 : 9;
  const { repo, addedLines } = createSyntheticRepo(shape);
  try {
    const ours = () => collectBranchContext({ cwd: repo.root, baseBranch: 'main' });
    const raw = async () => {
      for (const args of [['diff', 'main...HEAD'], ['log', 'main..HEAD'], ['diff', '--numstat', 'main...HEAD']]) {
        await run('git', args, { cwd: repo.root, maxBuffer: 1 << 30 });
      }
    };
    const context = await ours();
    await raw();
    const oursMs: number[] = [];
    const rawMs: number[] = [];
    const ratios: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      // Alternate which goes first, so a slow moment of the machine does not always hit the same side.
      const [first, second] = pair % 2 === 0 ? [ours, raw] : [raw, ours];
      const a = await timed(first);
      const b = await timed(second);
      const [o, r] = pair % 2 === 0 ? [a, b] : [b, a];
      oursMs.push(o);
      rawMs.push(r);
      ratios.push(o / r);
    }
    const ratio = median(ratios);
    const files = shape.modifiedFiles + shape.newFiles;
    return {
      number: 2,
      title: 'Context collection',
      measurements: [
        {
          what: `collectBranchContext ÷ raw git diff + git log + git diff --numstat, ${files} files / ${addedLines} lines (median of ${pairs} paired runs)`,
          value: formatRatio(ratio),
          target: `≤ ${formatRatio(target)}`,
          status: against(ratio, target),
        },
      ],
      details: [
        `Generated branch: ${files} changed files (${shape.modifiedFiles} modified, ${shape.newFiles} new), ${addedLines} added lines in ${shape.commits} commits;`,
        `the context found ${context.files.length} files, +${context.additions}/−${context.deletions}, ${context.commits.length} commits; patch ${context.patchTruncated ? 'cut to the prompt budget' : 'whole'} (${Buffer.byteLength(context.patch)} bytes).`,
        '',
        `- ours (collectBranchContext: branch, base, merge base, log, numstat, diff, repo name): ${spread(oursMs)}`,
        `- raw (\`git diff main...HEAD\`, \`git log main..HEAD\`, \`git diff --numstat main...HEAD\`, one after the other): ${spread(rawMs)}`,
        `- ratio per pair: ${spread(ratios, formatRatio)}`,
        '',
        `The ratio is per pair of runs made back to back (alternating which goes first); absolute times are only for scale (ours ${formatMs(median(oursMs))}, raw ${formatMs(median(rawMs))}).`,
        'Ours runs about ten git processes (branch, HEAD, base, merge base, log, …) but the two big ones, the numstat and the diff, side by side (simple-git runs up to 3),',
        'where the commands run by hand go one after the other; ours also reads the whole diff and only then cuts it to the prompt budget.',
      ],
    };
  } finally {
    repo.remove();
  }
}
