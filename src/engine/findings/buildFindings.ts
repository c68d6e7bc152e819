import { isSafeRepoPath, severities, severityIdPrefix, type Finding, type Fix, type Severity } from '../../shared/findingModel';
import type { ReviewerAnswer, ReviewerFinding } from '../../shared/reviewerAnswer';
import { classifyFixPath } from '../fixes/fixTargets';
import { prepareFile, type PreparedFile } from './anchorSnippet';
import { anchorAtNamedLines } from './namedLines';
import { clusterFindings, compareText, type ClusterCandidate } from './clusterFindings';
import { fingerprintFinding } from './fingerprint';

export interface BuildFindingsInput {
  answers: ReadonlyArray<{ reviewerId: string; answer: ReviewerAnswer }>;
  /** The file at the reviewed HEAD, or null when it does not exist there (or cannot be read). */
  readFileAtHead: (path: string) => Promise<string | null>;
}

/** A problem with one reviewer's answer that did not fail its run; shown in the retro. */
export interface FindingWarning {
  reviewerId: string;
  message: string;
}

/** Reviewers whose findings were merged into one report finding, each with the severity it gave. */
export interface FindingMerge {
  findingId: string;
  reviewerIds: string[];
  severities: Record<string, Severity>;
}

/** One reviewer's finding as it was filed, located at HEAD. */
export type ReportedFinding = Omit<Finding, 'id'>;

export interface BuiltFindings {
  findings: Finding[];
  warnings: FindingWarning[];
  /** One entry per finding reported by two or more reviewers. */
  merges: FindingMerge[];
  /** For each finding (same order), the reviewers' findings merged into it. */
  members: ReportedFinding[][];
}

type UnnumberedFinding = ReportedFinding;

/**
 * Turns reviewers' findings into report findings: located at HEAD by their snippet, fingerprinted,
 * merged when several reviewers report the same problem, and numbered by severity (C1…, I1…, S1…).
 */
export async function buildFindings(input: BuildFindingsInput): Promise<BuiltFindings> {
  const warnings: FindingWarning[] = [];
  const files = new HeadFiles(input.readFileAtHead);
  const built: UnnumberedFinding[] = [];
  for (const { reviewerId, answer } of input.answers) {
    for (const reviewerFinding of answer.findings) {
      const warn = (message: string): void => {
        warnings.push({ reviewerId, message: `Finding "${oneLine(reviewerFinding.title)}": ${message}` });
      };
      if (!isSafeRepoPath(reviewerFinding.file)) {
        warn(`dropped because its path "${reviewerFinding.file}" is not inside the repository.`);
        continue;
      }
      built.push(buildOne(reviewerId, reviewerFinding, await files.get(reviewerFinding.file), warn));
    }
  }
  const clusters = clusterFindings(built.map(clusterCandidate)).map((cluster) => cluster.map(({ finding }) => finding));
  const numbered = numberBySeverity(clusters.map((members) => ({ merged: mergeCluster(members), members })));
  const findings = numbered.map(({ finding }) => finding);
  const merges = findings.filter((finding) => finding.reporters.length > 1).map(describeMerge);
  return { findings, warnings, merges, members: numbered.map(({ members }) => members) };
}

function clusterCandidate(finding: UnnumberedFinding): ClusterCandidate & { finding: UnnumberedFinding } {
  return {
    reviewerId: finding.reporters[0]?.reviewerId ?? '',
    severity: finding.severity,
    path: finding.location.path,
    // Where the quote is, as before findings were narrowed to their named lines: reviewers quoting the same
    // code with different context still overlap.
    startLine: finding.anchor.quoteStartLine ?? finding.anchor.startLine,
    endLine: finding.anchor.quoteEndLine ?? finding.anchor.endLine,
    anchored: finding.anchor.status !== 'unanchored',
    title: finding.title,
    snippet: finding.location.snippet,
    body: finding.body,
    finding,
  };
}

/**
 * One finding for a cluster, told by its most severe reporter (then the one who explained most): the
 * highest severity, every reporter with its own severity, and the other reporters' lines as extra locations.
 */
function mergeCluster(members: UnnumberedFinding[]): UnnumberedFinding {
  const [representative, ...others] = [...members].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || b.body.length - a.body.length || compareText(reviewerOf(a), reviewerOf(b)),
  );
  if (!representative) throw new Error('A cluster has at least one finding.');
  if (others.length === 0) return representative;
  const seenLines = new Set([lineKey(representative.anchor)]);
  const extraLocations: UnnumberedFinding['extraLocations'] = [];
  for (const other of others) {
    const key = lineKey(other.anchor);
    if (seenLines.has(key)) continue;
    seenLines.add(key);
    extraLocations.push({ path: other.location.path, startLine: other.anchor.startLine, endLine: other.anchor.endLine, snippet: other.location.snippet });
  }
  return {
    ...representative,
    extraLocations,
    // The most severe reporter may not have offered a fix when another one did.
    fix: representative.fix ?? others.find((other) => other.fix !== null)?.fix ?? null,
    tags: [...new Set(members.flatMap((member) => member.tags))].sort(compareText),
    reporters: members.flatMap((member) => member.reporters).sort((a, b) => compareText(a.reviewerId, b.reviewerId)),
  };
}

function describeMerge(finding: Finding): FindingMerge {
  return {
    findingId: finding.id,
    reviewerIds: finding.reporters.map((reporter) => reporter.reviewerId),
    severities: Object.fromEntries(finding.reporters.map((reporter) => [reporter.reviewerId, reporter.severity])),
  };
}

function reviewerOf(finding: UnnumberedFinding): string {
  return finding.reporters[0]?.reviewerId ?? '';
}

/** Where a member points at HEAD (its reviewer's lines when unanchored); members are all in one file. */
function lineKey(anchor: Finding['anchor']): string {
  return `${anchor.startLine}-${anchor.endLine}`;
}

function rank(severity: Severity): number {
  return severities.indexOf(severity);
}

function buildOne(reviewerId: string, source: ReviewerFinding, file: PreparedFile | null, warn: (message: string) => void): UnnumberedFinding {
  const path = source.file;
  const { startLine, endLine } = clampLines(source.startLine, source.endLine, file);
  let anchor: Finding['anchor'] = { status: 'unanchored', startLine, endLine };
  if (file) {
    anchor = anchorAtNamedLines(file, source.snippet, startLine, endLine);
    if (anchor.status === 'unanchored') warn(`its quoted code was not found in ${path} at HEAD; it has no editor location.`);
  } else {
    warn(`${path} does not exist at HEAD (or could not be read); the finding is kept without an editor location.`);
  }
  const title = findingTitle(source.title);
  return {
    severity: source.severity,
    title,
    body: source.body,
    location: { path, startLine, endLine, snippet: source.snippet },
    anchor,
    extraLocations: [],
    fix: mapFix(source.fix, warn),
    tags: [...new Set(source.tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))],
    reporters: [{ reviewerId, severity: source.severity }],
    fingerprint: fingerprintFinding({ path, snippet: source.snippet, title }),
  };
}

function mapFix(fix: ReviewerFinding['fix'], warn: (message: string) => void): Fix | null {
  if (!fix) return null;
  const unsafe = fix.edits.find((edit) => classifyFixPath(edit.file).kind === 'forbidden');
  if (unsafe) {
    const where = isSafeRepoPath(unsafe.file) ? "git's own directory (.git)" : 'the repository';
    warn(`its fix was dropped because it edits "${unsafe.file}", which is ${isSafeRepoPath(unsafe.file) ? 'inside' : 'not inside'} ${where}.`);
    return null;
  }
  return {
    description: fix.description,
    edits: fix.edits.map((edit) => ({ path: edit.file, original: edit.original, replacement: edit.replacement })),
  };
}

/** Reviewer lines clamped to the file (when it exists) and put in order. */
function clampLines(start: number, end: number, file: PreparedFile | null): { startLine: number; endLine: number } {
  const lastLine = file ? Math.max(1, contentLineCount(file)) : Number.MAX_SAFE_INTEGER;
  const startLine = Math.min(Math.max(1, Math.min(start, end)), lastLine);
  const endLine = Math.min(Math.max(startLine, Math.max(start, end)), lastLine);
  return { startLine, endLine };
}

/** Lines an editor shows, not counting the empty "line" after a final newline. */
function contentLineCount(file: PreparedFile): number {
  const count = file.lineStarts.length;
  return file.lfText.endsWith('\n') ? count - 1 : count;
}

/** Ids C1…, I1…, S1… in severity order, then by file and line; `T` carries along whatever else belongs to each. */
export function numberBySeverity<T extends { merged: UnnumberedFinding }>(items: readonly T[]): Array<T & { finding: Finding }> {
  const ordered = items
    .map((item, order) => ({ item, order }))
    .sort(
      (a, b) =>
        rank(a.item.merged.severity) - rank(b.item.merged.severity) ||
        compareText(a.item.merged.location.path, b.item.merged.location.path) ||
        a.item.merged.anchor.startLine - b.item.merged.anchor.startLine ||
        a.order - b.order,
    );
  const counters: Record<Severity, number> = { critical: 0, important: 0, suggestion: 0 };
  return ordered.map(({ item }) => {
    const severity = item.merged.severity;
    counters[severity] += 1;
    return { ...item, finding: { id: `${severityIdPrefix[severity]}${counters[severity]}`, ...item.merged } };
  });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// A title is one line in the Problems panel; agents occasionally write a paragraph (or worse) there.
const maxTitleLength = 200;

/** An agent's title as one line of at most 200 characters. */
export function findingTitle(text: string): string {
  return shorten(oneLine(text), maxTitleLength) || 'Untitled finding';
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Reads and prepares each HEAD file once, however many findings point at it. */
class HeadFiles {
  private readonly cache = new Map<string, Promise<PreparedFile | null>>();

  constructor(private readonly read: (path: string) => Promise<string | null>) {}

  get(path: string): Promise<PreparedFile | null> {
    let file = this.cache.get(path);
    if (!file) {
      file = this.read(path).then((text) => (text === null ? null : prepareFile(text)));
      this.cache.set(path, file);
    }
    return file;
  }
}
