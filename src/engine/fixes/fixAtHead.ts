import type { Finding, Fix, FixAtHead } from '../../shared/findingModel';
import { planFix, type FixNear, type FixPlan } from './planFix';

/**
 * Each finding with a fix, told whether its fix applies at the reviewed commit (and exactly how),
 * is already there, or cannot be placed and why: what the JSON report says about every fix.
 */
export async function withFixStatusAtHead(findings: readonly Finding[], readFileAtHead: (path: string) => Promise<string | null>): Promise<Finding[]> {
  const paths = [...new Set(findings.flatMap((finding) => finding.fix?.edits.map((edit) => edit.path) ?? []))];
  const files = new Map(await Promise.all(paths.map(async (path) => [path, await readFileAtHead(path).catch(() => null)] as const)));
  return findings.map((finding) => (finding.fix ? { ...finding, fixAtHead: fixAtHead(finding, (path) => files.get(path) ?? null) } : finding));
}

export function fixAtHead(finding: Finding, fileAtHead: (path: string) => string | null): FixAtHead {
  if (!finding.fix) return { status: 'refused', reason: `${finding.id} has no suggested fix.` };
  const missing = finding.fix.edits.find((edit) => fileAtHead(edit.path) === null);
  if (missing) return { status: 'refused', reason: `${missing.path} does not exist at the reviewed commit, so the fix cannot be placed there.` };
  const plan = planFixAtReviewedCommit(finding, finding.fix, fileAtHead);
  if (plan.kind === 'already-applied') return { status: 'already-applied' };
  if (plan.kind === 'refused') return { status: 'refused', reason: plan.reason };
  return {
    status: 'applicable',
    edits: plan.edits.map((edit) => {
      const text = fileAtHead(edit.path) ?? '';
      return { ...edit, startLine: lineAt(text, edit.startOffset), endLine: lineAt(text, Math.max(edit.startOffset, edit.endOffset - 1)) };
    }),
  };
}

/** 1-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** Plans a finding's fix against the files of the reviewed commit: near its quote, refusals worded for that commit. */
export function planFixAtReviewedCommit(finding: Finding, fix: Fix, fileAtHead: (path: string) => string | null): FixPlan {
  const near: FixNear | undefined = finding.anchor.status === 'unanchored' ? undefined : { path: finding.location.path, line: finding.anchor.quoteStartLine ?? finding.anchor.startLine };
  return planFix(fix, fileAtHead, near, { atReviewedCommit: true, reviewerLine: { path: finding.location.path, line: finding.location.startLine } });
}
