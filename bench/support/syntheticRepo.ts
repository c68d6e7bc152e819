import { TempRepo } from '../../test/fixtures/gitRepo';

// Generated repositories: every line of every file is unique, so a quoted line locates exactly one place.

/** Line `line` (0-based) of generated file `file`. */
export function codeLine(file: number, line: number): string {
  return `export const value_${file}_${line} = (input) => input * ${line + 1} + ${file}; // step ${line} of module ${file}`;
}

function addedLine(file: number, line: number): string {
  return `export const added_${file}_${line} = (input) => Math.max(input, ${line}) - ${file}; // added on the branch`;
}

export function filePath(file: number): string {
  return `src/part${Math.floor(file / 50)}/module${file}.js`;
}

export function codeFile(file: number, lineCount: number): string {
  return `${Array.from({ length: lineCount }, (_, line) => codeLine(file, line)).join('\n')}\n`;
}

export interface BranchShape {
  /** Files on main that the branch changes (it inserts `linesPerFile` lines in the middle of each). */
  modifiedFiles: number;
  /** Files the branch adds, `linesPerFile` lines each. */
  newFiles: number;
  linesPerFile: number;
  /** The branch's changes are spread over this many commits. */
  commits: number;
}

export interface SyntheticRepo {
  repo: TempRepo;
  /** Every file the branch adds or changes, as it is at HEAD. */
  headFiles: Map<string, string>;
  /** Lines the branch adds. */
  addedLines: number;
}

/**
 * A repository on `feature/bench` whose branch (from `main`) changes `modifiedFiles + newFiles` files.
 * Files 0 … modifiedFiles-1 exist on main; the new ones follow.
 */
export function createSyntheticRepo(shape: BranchShape, prefix = 'deep-review-bench-'): SyntheticRepo {
  const base: Record<string, string> = { 'README.md': '# bench\n\nA generated repository.\n' };
  for (let file = 0; file < shape.modifiedFiles; file++) base[filePath(file)] = codeFile(file, shape.linesPerFile);
  const repo = TempRepo.create(base, prefix);
  repo.branch('feature/bench');
  const headFiles = new Map<string, string>();
  const total = shape.modifiedFiles + shape.newFiles;
  const perCommit = Math.ceil(total / Math.max(1, shape.commits));
  for (let first = 0, commit = 1; first < total; first += perCommit, commit++) {
    const batch: Record<string, string> = {};
    for (let file = first; file < Math.min(total, first + perCommit); file++) {
      const content = file < shape.modifiedFiles ? modifiedFile(file, shape.linesPerFile) : codeFile(file, shape.linesPerFile);
      batch[filePath(file)] = content;
      headFiles.set(filePath(file), content);
    }
    repo.write(batch);
    repo.commitAll(`Generated change ${commit}\n\nTouches ${Object.keys(batch).length} files.`);
  }
  return { repo, headFiles, addedLines: total * shape.linesPerFile };
}

function modifiedFile(file: number, lineCount: number): string {
  const original = Array.from({ length: lineCount }, (_, line) => codeLine(file, line));
  const middle = lineCount >> 1;
  const added = Array.from({ length: lineCount }, (_, line) => addedLine(file, line));
  return `${[...original.slice(0, middle), ...added, ...original.slice(middle)].join('\n')}\n`;
}
