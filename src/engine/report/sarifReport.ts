import { pathToFileURL } from 'node:url';
import { findingStatusLabel, statusOf, type FindingStatuses } from '../../shared/findingStatus';
import type { Invocation, Log, Notification, Result, Run, ToolComponent } from 'sarif';
import type { Finding, Severity } from '../../shared/findingModel';
import type { ReviewReport } from '../../shared/reportModel';
import { fencedBlock, singleLine } from './markdownText';
import { fixPaths, sarifFixFor, type FilesAtHead } from './sarifFixes';
import { primaryLocation, relatedLocations, srcRootId } from './sarifLocations';
import { findingKind, findingKinds, ruleId, sarifRule, type FindingKind } from './sarifRules';

export interface SarifReportOptions {
  /** A file's text at the reviewed commit (report.branch.head), or null when it is not there. */
  readFileAtHead: (path: string) => Promise<string | null>;
  /** Deep Review's version; empty when unknown (then tool.driver has no version). */
  toolVersion: string;
  /** Where to read about the tool; omitted from the log when not given. */
  informationUri?: string | undefined;
  /** Each finding's status in the editor now (an export): in properties.status; a dismissal is a SARIF suppression with its reason. */
  statuses?: FindingStatuses | undefined;
}

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of result.partialFingerprints; bump the version if the fingerprint's recipe changes. */
export const fingerprintKey = 'deepReview/v1';

const levels: Record<Severity, Result.level> = { critical: 'error', important: 'warning', suggestion: 'note' };

/**
 * The report as a SARIF 2.1.0 log with one run:
 * - tool.driver "Deep Review" with one rule per finding kind that occurs (see findingKind);
 * - one result per finding: level from its severity, message (title; title and body as Markdown), its
 *   location (see primaryLocation), other reviewers' locations as relatedLocations, the finding's
 *   fingerprint as a partial fingerprint, and its fix as a SARIF fix placed against the reviewed
 *   commit (or, when it cannot be placed there, properties.fixOmitted with the reason);
 * - versionControlProvenance (repository, branch, head commit) mapped to SRCROOT, the repository root;
 * - one invocation spanning the review (it ended at report.createdAt and took report.wallClockMs), with
 *   a notification per failed reviewer and per reviewer warning;
 * - run.properties: round, verdict, how findings were consolidated, and every reviewer's run (id, CLI,
 *   model, effort, status, stats), since reviewers are agents rather than tool components, and where
 *   secrets were redacted (redactions).
 */
export async function renderSarifReport(report: ReviewReport, options: SarifReportOptions): Promise<Log> {
  const files = await readFiles(fixPaths(report.findings), options.readFileAtHead);
  const kinds = report.findings.map((finding) => findingKind(finding));
  const usedKinds = findingKinds.filter((kind) => kinds.includes(kind));
  const results = report.findings.map((finding, index) => {
    const kind = kinds[index] ?? 'general';
    return sarifResult(finding, kind, usedKinds.indexOf(kind), files, options.statuses);
  });
  const run: Run = {
    tool: { driver: driver(options, usedKinds) },
    invocations: [invocation(report)],
    originalUriBaseIds: {
      [srcRootId]: { uri: directoryUri(report.branch.repoRoot), description: { text: 'The root of the reviewed repository.' } },
    },
    versionControlProvenance: [
      {
        repositoryUri: pathToFileURL(report.branch.repoRoot).href,
        revisionId: report.branch.head,
        branch: report.branch.branch,
        mappedTo: { uriBaseId: srcRootId },
        properties: { repoName: report.branch.repoName, base: report.branch.base, mergeBase: report.branch.mergeBase },
      },
    ],
    columnKind: 'utf16CodeUnits',
    results,
    properties: {
      round: report.round,
      verdict: report.verdict,
      consolidation: report.consolidation,
      reviewers: report.reviewers,
      ...(report.scope ? { scope: report.scope } : {}),
      ...(report.fixVerification ? { fixVerification: report.fixVerification } : {}),
      ...(report.redactions ? { redactions: report.redactions } : {}),
    },
  };
  return { $schema: sarifSchemaUri, version: '2.1.0', runs: [run] };
}

/** Title, body and the fix's diff at the reviewed commit (real line numbers), as code-scanning UIs show a result. */
function resultMarkdown(finding: Finding): string {
  const parts = [`**${finding.title}**`];
  if (finding.body.trim() !== '') parts.push(finding.body);
  if (finding.fix && finding.fixDiff) parts.push(`**Fix:** ${singleLine(finding.fix.description)}`, fencedBlock(finding.fixDiff, 'diff'));
  return parts.join('\n\n');
}

function sarifResult(finding: Finding, kind: FindingKind, ruleIndex: number, files: FilesAtHead, statuses: FindingStatuses | undefined): Result {
  const result: Result = {
    ruleId: ruleId(kind),
    ruleIndex,
    level: levels[finding.severity],
    message: { text: finding.title, markdown: resultMarkdown(finding) },
    locations: [primaryLocation(finding)],
    partialFingerprints: { [fingerprintKey]: finding.fingerprint },
  };
  const related = relatedLocations(finding);
  if (related.length > 0) result.relatedLocations = related;
  const properties: NonNullable<Result['properties']> = {
    findingId: finding.id,
    severity: finding.severity,
    reporters: finding.reporters,
    tags: [...new Set(finding.tags)],
  };
  if (finding.fix) {
    const outcome = sarifFixFor({ ...finding, fix: finding.fix }, files);
    // fixStatus: whether the fix applies at the reviewed commit (result.fixes), is already there, or cannot be placed (fixOmitted says why).
    if (outcome.kind === 'fix') {
      result.fixes = [outcome.fix];
      properties.fixStatus = 'applicable';
    } else {
      properties.fixStatus = outcome.status;
      properties.fixOmitted = outcome.reason;
    }
    if (finding.fixVerification) properties.fixVerification = finding.fixVerification;
  }
  if (finding.carriedFrom) properties.carriedFrom = finding.carriedFrom;
  if (statuses) {
    const status = statusOf(statuses, finding.id);
    properties.status = findingStatusLabel(status);
    if (status.status === 'declined') result.suppressions = [{ kind: 'external', status: 'accepted', justification: status.reason ?? 'Dismissed in the editor.' }];
  }
  result.properties = properties;
  return result;
}

function driver(options: SarifReportOptions, kinds: readonly FindingKind[]): ToolComponent {
  const component: ToolComponent = { name: 'Deep Review' };
  if (options.toolVersion !== '') component.version = options.toolVersion;
  if (options.informationUri) component.informationUri = options.informationUri;
  component.rules = kinds.map((kind) => sarifRule(kind));
  return component;
}

function invocation(report: ReviewReport): Invocation {
  const result: Invocation = { executionSuccessful: true };
  const endedAt = Date.parse(report.createdAt);
  if (Number.isFinite(endedAt)) {
    result.startTimeUtc = new Date(endedAt - report.wallClockMs).toISOString();
    result.endTimeUtc = new Date(endedAt).toISOString();
  }
  const notifications: Notification[] = report.reviewers.flatMap((reviewer) => [
    ...(reviewer.status === 'succeeded'
      ? []
      : [
          {
            level: reviewer.status === 'failed' ? ('error' as const) : ('warning' as const),
            message: { text: `Reviewer ${reviewer.reviewerId} ${reviewer.status === 'failed' ? 'failed' : 'was cancelled'}: ${reviewer.error ?? 'no reason given'}` },
            properties: { reviewerId: reviewer.reviewerId },
          },
        ]),
    ...reviewer.warnings.map((warning) => ({
      level: 'warning' as const,
      message: { text: `Reviewer ${reviewer.reviewerId}: ${warning}` },
      properties: { reviewerId: reviewer.reviewerId },
    })),
  ]);
  if (notifications.length > 0) result.toolExecutionNotifications = notifications;
  return result;
}

/** SARIF requires a base URI to end with "/". */
function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

async function readFiles(paths: readonly string[], read: SarifReportOptions['readFileAtHead']): Promise<FilesAtHead> {
  const texts = await Promise.all(paths.map((path) => read(path).catch(() => null)));
  return new Map(paths.map((path, index) => [path, texts[index] ?? null]));
}
