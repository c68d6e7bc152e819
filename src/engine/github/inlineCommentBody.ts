import type { Finding, Severity } from '../../shared/findingModel';
import { agentMarkdown, singleLine } from '../report/markdownText';
import { reporterAttribution } from '../report/findingsMarkdown';
import { suggestionBlock } from './suggestionBlock';

// An inline comment of Deep Review starts with this marker and the finding's fingerprint: the next round
// finds its thread again by them (and by its author: a comment someone else starts with it is not ours).
const markerPrefix = '<!-- deep-review:finding v1 ';
const markerSuffix = ' -->';
export const reviewBodyMarker = '<!-- deep-review:review v1 -->';

// GitHub takes 65,536 characters per comment; an inline comment is a pointer, the report has the rest.
const maxBodyChars = 6_000;

const severityLabel: Record<Severity, string> = { critical: 'Critical', important: 'Important', suggestion: 'Suggestion' };

/** The first line of a finding's inline comment. Fingerprints are hex; anything else is refused rather than embedded. */
export function findingMarker(fingerprint: string): string {
  if (!/^[0-9a-f]{1,64}$/.test(fingerprint)) throw new Error(`Unexpected fingerprint ${JSON.stringify(fingerprint)}`);
  return `${markerPrefix}${fingerprint}${markerSuffix}`;
}

/** The fingerprint a comment body starts with, or null when it is not a Deep Review inline comment. */
export function markedFingerprint(body: string): string | null {
  if (!body.startsWith(markerPrefix)) return null;
  const end = body.indexOf(markerSuffix, markerPrefix.length);
  const fingerprint = end === -1 ? '' : body.slice(markerPrefix.length, end);
  return /^[0-9a-f]{1,64}$/.test(fingerprint) ? fingerprint : null;
}

/**
 * The comment on a finding's lines: its title and text made inert like the summary comment (no HTML,
 * images or @mentions from agent text), then the fix as a suggested change when it has one on these lines.
 */
export function inlineCommentBody(finding: Finding, suggestion: string | null): string {
  const parts = [findingMarker(finding.fingerprint), `**${severityLabel[finding.severity]} · ${finding.id} — ${singleLine(finding.title)}**`];
  const text = finding.body.trim();
  if (text !== '') parts.push(agentMarkdown(text.length > maxBodyChars ? `${text.slice(0, maxBodyChars)}…\n\n_(cut here: the whole text is in the report)_` : text));
  if (finding.fix) {
    const description = singleLine(finding.fix.description);
    if (suggestion !== null) parts.push(`**Suggested fix:** ${description === '' ? 'commit the change below.' : description}`, suggestionBlock(suggestion));
    else parts.push(`**Fix:** ${description === '' ? 'see the report.' : description} _(the whole fix is in the report)_`);
  }
  parts.push(`<sub>Deep Review · reported by ${singleLine(reporterAttribution(finding))}</sub>`);
  return parts.join('\n\n');
}

/** The reply on a thread whose finding a later round found fixed. */
export function fixedReplyBody(commit: string): string {
  return /^[0-9a-f]{7,64}$/i.test(commit) ? `Fixed in ${commit.slice(0, 12)} (Deep Review).` : 'Fixed (Deep Review).';
}

/** The reply on a resolved thread whose finding this round reported again after it was fixed. */
export function regressedReplyBody(commit: string): string {
  return /^[0-9a-f]{7,64}$/i.test(commit) ? `Reported again at ${commit.slice(0, 12)}: the problem is back (Deep Review).` : 'Reported again: the problem is back (Deep Review).';
}
