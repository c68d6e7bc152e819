import { severities, severityIdPrefix, type Anchor, type Finding, type Location, type Severity } from '../../shared/findingModel';
import { isActiveStatus, ledgerStatusOf, type Ledger, type LedgerEntry } from '../../shared/ledgerModel';
import type { ReviewReport } from '../../shared/reportModel';
import type { VerdictDecision } from '../../shared/consolidatorAnswer';
import { anchorSnippet, prepareFile, type PreparedFile } from '../findings/anchorSnippet';
import { compareText } from '../findings/clusterFindings';
import { followRenames } from '../findings/followRenames';
import { decideVerdict, decideVerdictDecision, findingsReason, verdictText } from '../report/verdict';

export interface CarryInput {
  /** This round's findings, declined ones already left out. */
  findings: readonly Finding[];
  /** The branch's ledger with this round reconciled: it says which earlier findings are still open at HEAD. */
  ledger: Ledger;
  /** This round's number. */
  round: number;
  /** The previous round, whose report holds every finding still open then. */
  previousRound: number;
  /** A stored round's report, or null when it is not stored or cannot be read. */
  loadReport: (round: number) => Promise<ReviewReport | null>;
  /** A file at this round's HEAD, or null when it does not exist there. */
  readFileAtHead: (path: string) => Promise<string | null>;
  /** Files renamed since the previous round's commit (old path → new path). */
  renames: ReadonlyMap<string, string>;
}

export interface CarriedFindings {
  /** This round's findings followed, within each severity, by the carried ones, numbered on from this round's last id. */
  findings: Finding[];
  carried: Finding[];
  /** The ledger with each carried finding's entry as this report shows it (id, path, line, the round of its latest report). */
  ledger: Ledger;
  notes: string[];
}

/**
 * An incremental round's reviewers look at the new commits only, so the findings of earlier rounds that
 * are still open (the ledger, reconciled at this HEAD, says which: open or regressed, code still there)
 * and that this round did not report again are copied into its report from the round that last had them,
 * re-anchored at HEAD and marked `carriedFrom`. Without them the report, and the editor's diagnostics,
 * would lose every open finding the new commits did not touch.
 */
export async function carryOpenFindings(input: CarryInput): Promise<CarriedFindings> {
  const reported = new Set(input.findings.map((finding) => finding.fingerprint));
  const candidates = input.ledger.entries.filter((entry) => isActiveStatus(ledgerStatusOf(entry)) && !reported.has(entry.fingerprint));
  const reports = new Map<number, Promise<ReviewReport | null>>();
  const reportOf = (round: number): Promise<ReviewReport | null> => {
    let report = reports.get(round);
    if (!report) reports.set(round, (report = input.loadReport(round)));
    return report;
  };
  const files = new Map<string, Promise<PreparedFile | null>>();
  const fileAtHead = (path: string): Promise<PreparedFile | null> => {
    let file = files.get(path);
    if (!file) files.set(path, (file = input.readFileAtHead(path).then((text) => (text === null ? null : prepareFile(text)))));
    return file;
  };

  const unnumbered: Array<Omit<Finding, 'id'>> = [];
  const missing: LedgerEntry[] = [];
  for (const entry of candidates) {
    // The previous report has every finding open then; one left out of it (a full round whose reviewers did
    // not report it again) is in the report of the round that last reported it.
    const source = (await findIn(reportOf, input.previousRound, entry)) ?? (await findIn(reportOf, entry.lastSeenRound, entry));
    if (!source) {
      missing.push(entry);
      continue;
    }
    unnumbered.push(await reanchored(source.finding, source.round, entry, input.renames, fileAtHead));
  }
  const carried = numberAfter(input.findings, unnumbered);
  const findings = [...input.findings, ...carried].sort((a, b) => rank(a.severity) - rank(b.severity));
  return { findings, carried, ledger: withCarriedEntries(input.ledger, carried, input.round), notes: carryNotes(carried, missing) };
}

async function findIn(
  reportOf: (round: number) => Promise<ReviewReport | null>,
  round: number,
  entry: LedgerEntry,
): Promise<{ finding: Finding; round: number } | null> {
  const report = await reportOf(round);
  const finding = report?.findings.find((candidate) => candidate.fingerprint === entry.fingerprint);
  return finding ? { finding, round } : null;
}

/** The finding at this HEAD: its files followed through renames, its code located again, its stale fix verification dropped. */
async function reanchored(
  finding: Finding,
  round: number,
  entry: LedgerEntry,
  renames: ReadonlyMap<string, string>,
  fileAtHead: (path: string) => Promise<PreparedFile | null>,
): Promise<Omit<Finding, 'id'>> {
  const [moved = finding] = followRenames([finding], renames);
  // A fix checked at an earlier commit says nothing about this one, nor do the code and diff read there.
  const { id: _id, fixVerification: _stale, codeContext: _staleContext, fixDiff: _staleDiff, carriedFrom, ...rest } = moved;
  // The ledger located the snippet at this HEAD already (when it could): its line is the best hint.
  const location = await relocated(moved.location, moved.anchor, fileAtHead, entry.startLine);
  const extraLocations = await Promise.all(
    moved.extraLocations.map(async (extra) => (await relocated(extra, { status: 'exact', startLine: extra.startLine, endLine: extra.endLine }, fileAtHead, extra.startLine)).location),
  );
  return { ...rest, location: location.location, anchor: location.anchor, extraLocations, carriedFrom: carriedFrom ?? { round, findingId: finding.id } };
}

async function relocated(
  location: Location,
  anchor: Anchor,
  fileAtHead: (path: string) => Promise<PreparedFile | null>,
  hintLine: number,
): Promise<{ location: Location; anchor: Anchor }> {
  const file = await fileAtHead(location.path);
  const span = anchor.endLine - anchor.startLine;
  const found = file ? anchorSnippet(file, location.snippet, hintLine, hintLine + span) : null;
  if (!found || found.status === 'unanchored') return { location, anchor: { status: 'unanchored', startLine: location.startLine, endLine: location.endLine } };
  return { location: { ...location, startLine: found.startLine, endLine: found.endLine }, anchor: found };
}

/** Ids that go on from this round's last one of each severity, in severity, file and line order. */
function numberAfter(findings: readonly Finding[], unnumbered: ReadonlyArray<Omit<Finding, 'id'>>): Finding[] {
  const last: Record<Severity, number> = { critical: 0, important: 0, suggestion: 0 };
  for (const finding of findings) last[finding.severity] = Math.max(last[finding.severity], Number(finding.id.slice(1)));
  return [...unnumbered]
    .sort((a, b) => rank(a.severity) - rank(b.severity) || compareText(a.location.path, b.location.path) || a.anchor.startLine - b.anchor.startLine)
    .map((finding) => {
      last[finding.severity] += 1;
      return { id: `${severityIdPrefix[finding.severity]}${last[finding.severity]}`, ...finding };
    });
}

/**
 * The ledger's entry of a carried finding shows it as this report does: its id here goes with this round
 * (as the next round's reviewers are told: "I2 (round 3)"), and its status is unchanged: carrying is not
 * a reviewer reporting it again.
 */
function withCarriedEntries(ledger: Ledger, carried: readonly Finding[], round: number): Ledger {
  if (carried.length === 0) return ledger;
  const next = structuredClone(ledger);
  const entries = new Map(next.entries.map((entry) => [entry.fingerprint, entry]));
  for (const finding of carried) {
    const entry = entries.get(finding.fingerprint);
    if (!entry) continue;
    entry.findingId = finding.id;
    entry.lastSeenRound = round;
    entry.path = finding.location.path;
    if (finding.anchor.status !== 'unanchored') entry.startLine = finding.anchor.startLine;
  }
  return next;
}

function carryNotes(carried: readonly Finding[], missing: readonly LedgerEntry[]): string[] {
  const notes: string[] = [];
  if (carried.length > 0) {
    const ids = carried.map((finding) => finding.id).join(', ');
    notes.push(
      `${ids} ${carried.length === 1 ? 'is' : 'are'} still open from earlier rounds and carried into this report as ${carried.length === 1 ? 'it was' : 'they were'} last reported: ` +
        'this incremental review did not look at code the new commits left alone.',
    );
  }
  if (missing.length > 0) {
    const titles = missing.slice(0, 5).map((entry) => `"${entry.title}"`).join(', ');
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    notes.push(
      `${missing.length} finding(s) still open from earlier rounds (${titles}${more}) are not in this report: the report of the round that last had them is not stored here. ` +
        'A full review reports them again.',
    );
  }
  return notes;
}

/**
 * The verdict once the carried findings count: a consolidator's verdict is raised when they call for more
 * (it was told they are open, but could not see their new ids); a verdict made from the findings alone is
 * made again from all of them.
 */
export function verdictWithCarried(
  report: Pick<ReviewReport, 'verdictDecision' | 'verdict' | 'consolidation'>,
  findings: readonly Finding[],
  carried: readonly Finding[],
): { verdictDecision: VerdictDecision; verdict: string; note: string | null } {
  const unchanged = { verdictDecision: report.verdictDecision, verdict: report.verdict, note: null };
  if (carried.length === 0) return unchanged;
  if (report.consolidation.mode !== 'agent') return { verdictDecision: decideVerdictDecision(findings), verdict: decideVerdict(findings), note: null };
  const floor = decideVerdictDecision(findings);
  const order: VerdictDecision[] = ['merge', 'merge-with-fixes', 'needs-changes'];
  if (order.indexOf(report.verdictDecision) >= order.indexOf(floor)) return unchanged;
  return {
    verdictDecision: floor,
    verdict: verdictText(floor, findingsReason(findings)),
    note: `The verdict counts the findings still open from earlier rounds (${carried.map((finding) => finding.id).join(', ')}): the consolidator's "${report.verdictDecision}" is raised to "${floor}".`,
  };
}

function rank(severity: Severity): number {
  return severities.indexOf(severity);
}
