import type { Finding } from '../../shared/findingModel';
import type { Ledger } from '../../shared/ledgerModel';
import type { Redaction, ReviewReport } from '../../shared/reportModel';
import type { SecretRedactor } from './secretRedactor';

// Fields that identify the report or a finding (the branch a round is stored under — branch.branch, below —,
// the commit, ids and fingerprints): never rewritten, or the round could not be stored or matched with the ledger.
const identityKeys = new Set(['id', 'fingerprint', 'codeHash', 'repoRoot', 'head', 'mergeBase', 'hash', 'commit', 'createdAt']);

type Path = ReadonlyArray<string | number>;

/**
 * The report with every secret taken out of its texts — titles, bodies, snippets, prose, notes, commit
 * messages, the pull request's text — and a note of where (finding id or section, never the value) in
 * `redactions` and the process notes. A fix that contains a secret is dropped, not altered: an altered
 * original would no longer apply and an altered replacement would write the marker into the code.
 * Running it again on its own output changes nothing.
 */
export function redactReport(report: ReviewReport, redactor: SecretRedactor): ReviewReport {
  const found = new Map<string, Set<string>>();
  const dropped = new Set<string>();
  const note = (where: string, labels: readonly string[]) => {
    const entry = found.get(where) ?? new Set<string>();
    for (const label of labels) entry.add(label);
    found.set(where, entry);
  };
  const findings = report.findings.map((finding) => withoutSecretFix(finding, redactor, (labels) => {
    dropped.add(`${finding.id} fix`);
    note(`${finding.id} fix`, labels);
  }));
  const walked = redactStrings({ ...report, findings }, [], (text, path) => {
    const result = redactor.redact(text);
    if (result.found.length > 0) note(describeWhere(path, report), result.found);
    return result.text;
  });
  if (found.size === 0) return report;
  // Findings first, in the report's order; then the sections.
  const rank = (where: string) => {
    const index = report.findings.findIndex((finding) => where.startsWith(`${finding.id} `));
    return index === -1 ? report.findings.length : index;
  };
  const redactions: Redaction[] = [...found]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([where, labels]) => ({ where, found: [...labels].sort(), ...(dropped.has(where) ? { fixDropped: true as const } : {}) }));
  return { ...walked, redactions: [...(report.redactions ?? []), ...redactions], notes: [...walked.notes, redactionNote(redactions)] };
}

/**
 * The ledger's findings and rejections with secrets redacted (their titles, snippets and reasons come from
 * agents): a ledger is stored and embedded in the PR comment.
 */
export function redactLedger(ledger: Ledger, redactor: SecretRedactor): Ledger {
  const rewrite = (text: string) => redactor.redactText(text);
  return { ...ledger, entries: redactStrings(ledger.entries, ['entries'], rewrite), rejections: redactStrings(ledger.rejections, ['rejections'], rewrite) };
}

/** The one process note that says what was redacted where. */
export function redactionNote(redactions: readonly Redaction[]): string {
  const places = redactions.map((entry) => `${entry.where}${entry.fixDropped ? ' (the fix is left out)' : ''}`);
  const kinds = [...new Set(redactions.flatMap((entry) => entry.found))].sort();
  return `Secrets were redacted from this report (${kinds.join(', ')}) in: ${places.join('; ')}. Their values appear nowhere in the report, its files, the stored round or the PR comment.`;
}

function withoutSecretFix(finding: Finding, redactor: SecretRedactor, onDropped: (labels: string[]) => void): Finding {
  if (!finding.fix) return finding;
  const texts = [finding.fix.description, ...finding.fix.edits.flatMap((edit) => [edit.path, edit.original, edit.replacement])];
  const labels = [...new Set(texts.flatMap((text) => redactor.redact(text).found))];
  if (labels.length === 0) return finding;
  onDropped(labels);
  const { fixVerification: _verification, fixAtHead: _atHead, fixDiff: _diff, ...rest } = finding;
  return { ...rest, fix: null };
}

/** A copy of a JSON-like value with `rewrite` applied to every string (identity fields and object keys aside). */
export function redactStrings<T>(value: T, path: Path, rewrite: (text: string, path: Path) => string): T {
  if (typeof value === 'string') return rewrite(value, path) as T;
  if (Array.isArray(value)) return value.map((item: unknown, index) => redactStrings(item, [...path, index], rewrite)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = isIdentity(path, key) ? item : redactStrings(item, [...path, key], rewrite);
    return copy as T;
  }
  return value;
}

const sectionNames: Readonly<Record<string, string>> = {
  fixVerification: 'fix check output',
  designObservations: 'design observations',
  acknowledgedLimitations: 'acknowledged limitations',
  commitAssessment: 'commit assessment',
  priorFindings: 'earlier findings',
  resolution: 'resolution table',
  trackRecords: 'track records',
};

function isIdentity(path: Path, key: string): boolean {
  return identityKeys.has(key) || (key === 'branch' && path.length === 1 && path[0] === 'branch');
}

/** "C1 title", "C1 snippet", "reviewer codex narrative", "commit messages", "notes" for a path in the report. */
function describeWhere(path: Path, report: ReviewReport): string {
  const [section, index, field] = path;
  switch (section) {
    case 'findings': {
      const id = typeof index === 'number' ? (report.findings[index]?.id ?? 'a finding') : 'a finding';
      const last = path[path.length - 1];
      return `${id} ${last === 'snippet' ? 'snippet' : (sectionNames[String(field)] ?? String(field ?? 'text'))}`;
    }
    case 'reviewers': {
      const id = typeof index === 'number' ? (report.reviewers[index]?.reviewerId ?? '?') : '?';
      return `reviewer ${id} ${String(field ?? '')}`.trim();
    }
    case 'consolidation':
      return index === 'consolidator' ? `consolidator ${String(field ?? '')}`.trim() : `consolidation ${String(index ?? '')}`.trim();
    case 'branch':
      return index === 'commits' ? 'commit messages' : `branch ${String(index ?? '')}`.trim();
    case 'pullRequest':
      return 'pull request';
    case 'testing':
    case 'documentation':
      return `${section} assessment`;
    default:
      return sectionNames[String(section)] ?? String(section ?? 'report');
  }
}
