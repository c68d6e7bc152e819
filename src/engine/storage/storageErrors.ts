import { ReviewError } from '../errors';

export type StoreProblem = 'unreadable' | 'corrupt' | 'newer-version' | 'older-version' | 'locked' | 'write-failed' | 'unknown-finding' | 'not-found';

/** A problem with Deep Review's stored rounds and ledger, naming the file involved. */
export class ReviewStoreError extends ReviewError {
  constructor(
    readonly problem: StoreProblem,
    readonly file: string | null,
    message: string,
    hint: string,
  ) {
    super('storage-failed', message, hint);
    this.name = 'ReviewStoreError';
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function writeFailed(file: string, error: unknown): ReviewStoreError {
  return new ReviewStoreError(
    'write-failed',
    file,
    `Could not write ${file}: ${errorText(error)}.`,
    'Check free space and that the repository’s .git folder is writable, then run the review again.',
  );
}

export function unreadable(file: string, error: unknown): ReviewStoreError {
  return new ReviewStoreError('unreadable', file, `Could not read ${file}: ${errorText(error)}.`, 'Check the file’s permissions.');
}

export function corrupt(file: string, problem: string): ReviewStoreError {
  return new ReviewStoreError(
    'corrupt',
    file,
    `${file} is damaged: ${problem}.`,
    'Deep Review left it as it is. Move it away (or restore it from a backup) to continue; the other rounds are not affected.',
  );
}

export function newerVersion(file: string, version: unknown): ReviewStoreError {
  return new ReviewStoreError(
    'newer-version',
    file,
    `${file} was written by a newer Deep Review (format version ${String(version)}).`,
    'Update the Deep Review extension; the file was left untouched.',
  );
}

export function olderVersion(file: string, version: number): ReviewStoreError {
  return new ReviewStoreError(
    'older-version',
    file,
    `${file} was written by an older Deep Review (format version ${version}) that this version cannot read.`,
    'The file was left untouched; open it as JSON, or run the review again for a new round.',
  );
}
