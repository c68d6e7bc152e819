import { severities, type Finding, type Location, type Reporter, type Severity } from '../../shared/findingModel';
import type { ConsolidatedFinding, ConsolidatorAnswer, VerdictDecision } from '../../shared/consolidatorAnswer';
import type { AttributedObservation, Commit, RejectedFinding, SeverityChange } from '../../shared/reportModel';
import { compareText } from '../findings/clusterFindings';
import { findingTitle, numberBySeverity, type ReportedFinding } from '../findings/buildFindings';
import { decideVerdictDecision } from '../report/verdict';
import { Citations } from './citations';
import type { FindingCluster } from './consolidatorInput';

/** The consolidator's answer, checked against the clusters it was given. */
export interface ConsolidationResult {
  findings: Finding[];
  severityChanges: SeverityChange[];
  rejected: RejectedFinding[];
  /** Final findings that stand for several clusters, by id. */
  mergedClusters: Array<{ findingId: string; clusterCount: number }>;
  verdictDecision: VerdictDecision;
  /** Where the consolidator's answer had to be corrected: unknown keys or ids, invented locations, unfounded quotes. */
  corrections: string[];
  /** Resolves the cluster keys the consolidator cited in its other texts (summary, verdict, assessments) to final ids. */
  citations: Citations;
  designObservations: AttributedObservation[];
  acknowledgedLimitations: ConsolidatorAnswer['acknowledgedLimitations'];
  narratives: Map<string, string>;
}

export interface ConsolidationSources {
  clusters: readonly FindingCluster[];
  reviewerIds: readonly string[];
  commits: readonly Commit[];
  pullRequestBody?: string | undefined;
}

/**
 * Applies the consolidator's rulings to the deterministic clusters. The consolidator decides severity,
 * wording, merges and rejections; it never decides where a finding is: a location it names must be one a
 * reviewer reported for that cluster, or the cluster's own location stays. A cluster it does not rule
 * on is kept as the reviewers filed it.
 */
export function applyConsolidation(answer: ConsolidatorAnswer, sources: ConsolidationSources): ConsolidationResult {
  const corrections: string[] = [];
  const byKey = new Map(sources.clusters.map((cluster) => [cluster.key, cluster]));
  const ruled = new Set<string>();
  const claim = (key: string, use: string): FindingCluster | undefined => {
    const cluster = byKey.get(key);
    if (!cluster) {
      corrections.push(`The consolidator ${use} a group of findings it was not given; that part of its answer was ignored.`);
      return undefined;
    }
    if (ruled.has(key)) {
      corrections.push(`The consolidator ruled twice on "${oneLine(cluster.finding.title)}"; its first ruling stands.`);
      return undefined;
    }
    ruled.add(key);
    return cluster;
  };

  const kept: Array<{ merged: ReportedFinding; entry: ConsolidatedFinding | null; clusters: FindingCluster[] }> = [];
  for (const entry of answer.findings) {
    const clusters = entry.clusters.flatMap((key) => claim(key, 'kept a finding for') ?? []);
    if (clusters.length === 0) continue;
    kept.push({ merged: consolidatedFinding(entry, clusters, corrections), entry, clusters });
  }
  const rejectedClusters: Array<{ cluster: FindingCluster; reason: string }> = [];
  for (const entry of answer.rejected) {
    const cluster = claim(entry.cluster, 'rejected');
    if (cluster) rejectedClusters.push({ cluster, reason: entry.reason });
  }
  const unruled = sources.clusters.filter((cluster) => !ruled.has(cluster.key));
  for (const cluster of unruled) kept.push({ merged: withoutId(cluster.finding), entry: null, clusters: [cluster] });

  const numbered = numberBySeverity(kept);
  const citations = new Citations(
    {
      idsByKey: new Map(numbered.flatMap(({ finding, clusters }) => clusters.map((cluster) => [cluster.key, finding.id] as const))),
      rejectedTitlesByKey: new Map(rejectedClusters.map(({ cluster }) => [cluster.key, oneLine(cluster.finding.title)])),
      finalIds: new Set(numbered.map(({ finding }) => finding.id)),
    },
    corrections,
  );
  for (const { finding, entry } of numbered) {
    if (entry === null) corrections.push(`The consolidator did not rule on "${oneLine(finding.title)}" (${finding.id}); it is kept as the reviewers filed it.`);
  }
  const findings = numbered.map(({ finding, entry }) =>
    entry === null ? finding : { ...finding, title: citations.resolve(finding.title, `the title of ${finding.id}`), body: citations.resolve(finding.body, `the text of ${finding.id}`) },
  );
  const rejected = rejectedClusters.map(({ cluster, reason }) => describeRejected(cluster, citations.resolve(reason, 'a rejection reason')));
  const severityChanges = numbered.flatMap(({ finding, entry }) => {
    const from = highestSeverity(finding.reporters);
    if (entry === null || from === finding.severity) return [];
    const rationale = citations.resolve(entry.severityRationale?.trim() ?? '', `the severity rationale of ${finding.id}`);
    return [{ findingId: finding.id, from, to: finding.severity, rationale: rationale === '' ? 'No reason given.' : rationale }];
  });
  const mergedClusters = numbered.filter(({ clusters }) => clusters.length > 1).map(({ finding, clusters }) => ({ findingId: finding.id, clusterCount: clusters.length }));

  const known = new Set(sources.reviewerIds);
  return {
    findings,
    severityChanges,
    rejected,
    mergedClusters,
    verdictDecision: checkedDecision(answer.verdict.decision, findings, corrections),
    corrections,
    citations,
    designObservations: answer.designObservations.map(({ reviewers, ...observation }) => ({
      ...observation,
      title: citations.resolve(observation.title, 'a design observation'),
      body: citations.resolve(observation.body, 'a design observation'),
      reviewerIds: [...new Set(reviewers.filter((id) => known.has(id)))],
    })),
    acknowledgedLimitations: foundedQuotes(answer.acknowledgedLimitations, sources, corrections),
    narratives: new Map(
      answer.reviewerNotes
        .filter((note) => known.has(note.reviewer) && note.narrative.trim() !== '')
        .map((note) => [note.reviewer, citations.resolve(note.narrative.trim(), `the notes on ${note.reviewer}`)]),
    ),
  };
}

function consolidatedFinding(entry: ConsolidatedFinding, clusters: FindingCluster[], corrections: string[]): ReportedFinding {
  const [first, ...rest] = clusters;
  if (!first) throw new Error('A consolidated finding has at least one cluster.');
  const members = clusters.flatMap((cluster) => cluster.members);
  const chosen = entry.location === null ? undefined : members.find((member) => reportedAt(member, entry.location?.file ?? '', entry.location?.line ?? 0));
  if (entry.location !== null && chosen === undefined) {
    corrections.push(
      `The consolidator placed "${oneLine(entry.title)}" at ${entry.location.file}:${entry.location.line}, where no reviewer reported it; it stays at ${first.finding.location.path}:${first.finding.location.startLine}.`,
    );
  }
  const primary = chosen ? { location: chosen.location, anchor: chosen.anchor } : { location: first.finding.location, anchor: first.finding.anchor };
  const fix = chosen?.fix ?? first.finding.fix ?? rest.find((cluster) => cluster.finding.fix !== null)?.finding.fix ?? null;
  return {
    severity: entry.severity,
    title: findingTitle(entry.title),
    body: entry.body.trim() === '' ? first.finding.body : entry.body,
    location: primary.location,
    anchor: primary.anchor,
    extraLocations: otherLocations(primary.location, primary.anchor, clusters),
    fix,
    tags: [...new Set(clusters.flatMap((cluster) => cluster.finding.tags))].sort(compareText),
    reporters: mergeReporters(clusters.flatMap((cluster) => cluster.finding.reporters)),
    // The first cluster's fingerprint, so the ledger recognizes the finding whatever the wording.
    fingerprint: first.finding.fingerprint,
  };
}

/** A member reported `file:line` when the line is within its own lines or where its snippet was found. */
function reportedAt(member: ReportedFinding, file: string, line: number): boolean {
  if (member.location.path !== file) return false;
  const within = (start: number, end: number): boolean => line >= start && line <= end;
  return within(member.location.startLine, member.location.endLine) || within(member.anchor.startLine, member.anchor.endLine);
}

function otherLocations(primary: Location, primaryAnchor: Finding['anchor'], clusters: readonly FindingCluster[]): Location[] {
  const key = (path: string, start: number, end: number): string => `${path}:${start}-${end}`;
  const seen = new Set([key(primary.path, primaryAnchor.startLine, primaryAnchor.endLine)]);
  const locations: Location[] = [];
  const add = (location: Location): void => {
    const id = key(location.path, location.startLine, location.endLine);
    if (seen.has(id)) return;
    seen.add(id);
    locations.push(location);
  };
  for (const cluster of clusters) {
    const { finding } = cluster;
    add({ path: finding.location.path, startLine: finding.anchor.startLine, endLine: finding.anchor.endLine, snippet: finding.location.snippet });
    finding.extraLocations.forEach(add);
  }
  return locations;
}

/** One entry per reviewer, with the highest severity it gave across the merged clusters. */
function mergeReporters(reporters: readonly Reporter[]): Reporter[] {
  const best = new Map<string, Severity>();
  for (const reporter of reporters) {
    const current = best.get(reporter.reviewerId);
    if (current === undefined || rank(reporter.severity) < rank(current)) best.set(reporter.reviewerId, reporter.severity);
  }
  return [...best].map(([reviewerId, severity]) => ({ reviewerId, severity })).sort((a, b) => compareText(a.reviewerId, b.reviewerId));
}

function describeRejected(cluster: FindingCluster, reason: string): RejectedFinding {
  const { finding } = cluster;
  return {
    title: finding.title,
    path: finding.location.path,
    startLine: finding.anchor.startLine,
    severity: highestSeverity(finding.reporters),
    reviewerIds: finding.reporters.map((reporter) => reporter.reviewerId),
    reason: reason.trim(),
  };
}

/** A verdict cannot wave through what the findings say must be fixed. */
function checkedDecision(decision: VerdictDecision, findings: readonly Finding[], corrections: string[]): VerdictDecision {
  const floor = decideVerdictDecision(findings);
  const order: VerdictDecision[] = ['merge', 'merge-with-fixes', 'needs-changes'];
  if (order.indexOf(decision) >= order.indexOf(floor)) return decision;
  corrections.push(`The consolidator's verdict "${decision}" is milder than its own findings allow; the verdict is "${floor}".`);
  return floor;
}

/** Quotes must be the author's words: found in a commit message or the pull request text. */
function foundedQuotes(
  quotes: ConsolidatorAnswer['acknowledgedLimitations'],
  sources: ConsolidationSources,
  corrections: string[],
): ConsolidatorAnswer['acknowledgedLimitations'] {
  const texts = [...sources.commits.map((commit) => `${commit.subject}\n${commit.body}`), sources.pullRequestBody ?? ''].map(normalizeForQuote);
  return quotes.filter((quote) => {
    const found = normalizeForQuote(quote.quote) !== '' && texts.some((text) => text.includes(normalizeForQuote(quote.quote)));
    if (!found) corrections.push(`A limitation the consolidator quoted ("${oneLine(quote.quote).slice(0, 120)}") is not in any commit message or the pull request text; it was left out.`);
    return found;
  });
}

function normalizeForQuote(text: string): string {
  return text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}

function highestSeverity(reporters: readonly Reporter[]): Severity {
  return [...reporters].sort((a, b) => rank(a.severity) - rank(b.severity))[0]?.severity ?? 'suggestion';
}

function withoutId(finding: Finding): ReportedFinding {
  const { id: _id, ...rest } = finding;
  return rest;
}

function rank(severity: Severity): number {
  return severities.indexOf(severity);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
