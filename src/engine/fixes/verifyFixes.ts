import fs from 'node:fs/promises';
import path from 'node:path';
import { severities, type Finding } from '../../shared/findingModel';
import { maxVerifiedFixes, type CheckRun, type FixVerification, type VerificationRun, type VerifyCommand } from '../../shared/fixVerification';
import type { ReviewEvent } from '../../shared/reviewEvents';
import { describeError } from '../errors';
import { createReviewWorktree } from '../git/reviewWorktree';
import { reapProcessesIn } from '../process/reapProcessesIn';
import { homeOf } from '../agents/privateConfigHome';
import { checkSandbox } from '../sandbox/checkSandbox';
import { checkEnvironment } from './checkEnvironment';
import { fixPathOnDisk, fixTargetDecision } from './fixTargets';
import { planFixAtReviewedCommit } from './fixAtHead';
import { applyPlannedEdits, type PlannedEdit } from './planFix';
import { runCheck, type CheckOutcome } from './runCheck';

export interface VerifyFixesInput {
  repoRoot: string;
  /** The reviewed commit: the fixes were written against it. */
  head: string;
  findings: readonly Finding[];
  verify: VerifyCommand;
  signal: AbortSignal;
  /** The end of the review's time budget (epoch ms): no run starts after it, and none runs past it. */
  deadline?: number | undefined;
  baseEnv?: NodeJS.ProcessEnv | undefined;
  /** Folders the check may write besides its scratch worktree. */
  extraWritable?: readonly string[] | undefined;
  emit?: ((event: ReviewEvent) => void) | undefined;
  onLog?: ((line: string) => void) | undefined;
}

export interface VerifiedFixes {
  /** The findings, those with a fix carrying its verification. */
  findings: Finding[];
  /** Null when no finding had a fix (the check was not run). */
  run: VerificationRun | null;
  notes: string[];
}

/**
 * Runs the repository's check once at the reviewed commit, then once per fix with only that fix applied,
 * in a scratch worktree of the commit (never the user's working tree). Fixes are tried most severe first;
 * each run starts from the files as checked out.
 */
export async function verifyFixes(input: VerifyFixesInput): Promise<VerifiedFixes> {
  const started = Date.now();
  const withFix = orderBySeverity(input.findings.filter((finding) => finding.fix !== null));
  if (withFix.length === 0) return { findings: [...input.findings], run: null, notes: ['No finding has a fix, so deepReview.verifyCommand was not run.'] };
  const toRun = withFix.slice(0, maxVerifiedFixes);
  const results = new Map<string, FixVerification>();
  for (const finding of withFix.slice(maxVerifiedFixes)) {
    results.set(finding.id, { status: 'skipped', detail: `Only the first ${maxVerifiedFixes} fixes, most severe first, are verified in a review.`, durationMs: 0 });
  }

  const outOfTime = (): boolean => input.deadline !== undefined && input.deadline - Date.now() < minimumCheckMs;
  if (outOfTime()) {
    const detail = 'Not verified: the review’s time budget was used up before the check could run.';
    return {
      findings: input.findings.map((finding) => (finding.fix ? { ...finding, fixVerification: { status: 'skipped', detail, durationMs: 0 } } : finding)),
      run: null,
      notes: ['Fixes were not verified: the review’s time budget was used up before the check could run.'],
    };
  }
  const worktree = await createReviewWorktree(input.repoRoot, input.head);
  try {
    const baseEnv = input.baseEnv ?? process.env;
    const sandbox = checkSandbox({
      worktree: worktree.path,
      extraWritable: input.extraWritable ?? [],
      repoRoot: input.repoRoot,
      searchPath: baseEnv.PATH ?? '',
      home: homeOf(baseEnv),
      network: input.verify.network === true,
    });
    const run = async (findingId: string | null): Promise<CheckOutcome> =>
      runCheck({
        command: input.verify.command,
        cwd: worktree.path,
        env: checkEnvironment({ base: baseEnv, repoRoot: input.repoRoot, findingId }),
        sandbox,
        timeoutMs: Math.min(input.verify.timeoutSeconds * 1000, Math.max(0, (input.deadline ?? Infinity) - Date.now())),
        signal: input.signal,
      });
    input.emit?.({ type: 'verifying-fixes', done: 0, total: toRun.length, findingId: null });
    const baseline = await run(null);
    let verifiedFixes = 0;
    if (baseline.status !== 'passed') {
      const detail = `The check ${baseline.status === 'timed-out' ? 'timed out' : 'fails'} at the reviewed commit without any fix, so no fix could be verified.`;
      for (const finding of toRun) results.set(finding.id, { status: 'skipped', detail, durationMs: 0 });
    } else {
      for (const [index, finding] of toRun.entries()) {
        if (input.signal.aborted) break;
        if (outOfTime()) {
          results.set(finding.id, { status: 'skipped', detail: 'Not verified: the review’s time budget was used up.', durationMs: 0 });
          continue;
        }
        input.emit?.({ type: 'verifying-fixes', done: index, total: toRun.length, findingId: finding.id });
        const result = await verifyOne(finding, worktree.path, () => run(finding.id));
        if (result.status !== 'not-applied' && result.status !== 'skipped') verifiedFixes++;
        results.set(finding.id, result);
      }
      input.emit?.({ type: 'verifying-fixes', done: toRun.length, total: toRun.length, findingId: null });
    }
    const runRecord: VerificationRun = {
      command: input.verify.command,
      timeoutSeconds: input.verify.timeoutSeconds,
      baseline: withoutCancelled(baseline),
      verifiedFixes,
      durationMs: Date.now() - started,
    };
    return {
      findings: input.findings.map((finding) => {
        const fixVerification = results.get(finding.id);
        return fixVerification ? { ...finding, fixVerification } : finding;
      }),
      run: runRecord,
      notes: verificationNotes(runRecord, [...results.values()]),
    };
  } finally {
    const leftovers = reapProcessesIn(worktree.path);
    if (leftovers.length > 0) input.onLog?.(`Stopped ${leftovers.length} process(es) the verify command left running in its worktree.`);
    await worktree.dispose();
  }
}

/** A run of the check with less time than this left in the budget is not started. */
const minimumCheckMs = 5_000;

async function verifyOne(finding: Finding, root: string, runWithFix: () => Promise<CheckOutcome>): Promise<FixVerification> {
  const fix = finding.fix;
  if (!fix) return { status: 'skipped', detail: 'The finding has no fix.', durationMs: 0 };
  // The check runs the repository's tools: a fix that edits their configuration would make it run the agent's code.
  const target = fixTargetDecision(fix, { findingPath: finding.location.path, classify: (repoPath) => fixPathOnDisk(root, repoPath) });
  if (target.kind === 'refused') return { status: 'not-applied', detail: target.reason, durationMs: 0 };
  if (target.kind === 'preview' && target.toolConfigPaths.length > 0) {
    return { status: 'skipped', detail: `Not verified: the fix edits ${target.toolConfigPaths.join(', ')}, which configure tools that run code.`, durationMs: 0 };
  }
  const originals = new Map<string, string | null>();
  for (const edit of fix.edits) {
    if (!originals.has(edit.path)) originals.set(edit.path, await readCheckedOutFile(root, edit.path));
  }
  const plan = planFixAtReviewedCommit(finding, fix, (repoPath) => originals.get(repoPath) ?? null);
  if (plan.kind === 'already-applied') return { status: 'not-applied', detail: 'The reviewed commit already contains what the fix writes.', durationMs: 0 };
  if (plan.kind === 'refused') return { status: 'not-applied', detail: plan.reason, durationMs: 0 };
  const edited = editedTexts(plan.edits, originals);
  try {
    for (const [repoPath, text] of edited) await fs.writeFile(path.join(root, repoPath), text);
    const outcome = await runWithFix();
    if (outcome.cancelled) return { status: 'skipped', detail: 'The review was cancelled before this fix was verified.', durationMs: outcome.durationMs };
    return { status: outcome.status, detail: outcome.status === 'passed' ? null : outcome.excerpt, durationMs: outcome.durationMs };
  } catch (error) {
    return { status: 'not-applied', detail: `The fix could not be written to the scratch worktree: ${describeError(error)}`, durationMs: 0 };
  } finally {
    for (const repoPath of edited.keys()) {
      const original = originals.get(repoPath);
      if (typeof original === 'string') await fs.writeFile(path.join(root, repoPath), original).catch(() => undefined);
    }
  }
}

/** A checked-out file's text; null when it is missing, not a regular file (the check may have replaced it), or unreadable. */
async function readCheckedOutFile(root: string, repoPath: string): Promise<string | null> {
  const file = path.join(root, repoPath);
  try {
    const stat = await fs.lstat(file);
    return stat.isFile() ? await fs.readFile(file, 'utf8') : null;
  } catch {
    return null;
  }
}

function editedTexts(edits: readonly PlannedEdit[], originals: ReadonlyMap<string, string | null>): Map<string, string> {
  const byPath = new Map<string, PlannedEdit[]>();
  for (const edit of edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  return new Map([...byPath].map(([repoPath, fileEdits]) => [repoPath, applyPlannedEdits(originals.get(repoPath) ?? '', fileEdits)]));
}

function orderBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity));
}

function withoutCancelled({ cancelled: _cancelled, ...run }: CheckOutcome): CheckRun {
  return run;
}

function verificationNotes(run: VerificationRun, results: readonly FixVerification[]): string[] {
  const count = (status: FixVerification['status']): number => results.filter((result) => result.status === status).length;
  if (run.baseline.status !== 'passed') {
    const how = run.baseline.status === 'timed-out' ? `timed out after ${run.timeoutSeconds} s` : 'failed';
    return [`Fixes were not verified: \`${run.command}\` ${how} at the reviewed commit without any fix.`];
  }
  const parts = [
    `${count('passed')} passed`,
    `${count('failed')} broke the check`,
    ...(count('timed-out') > 0 ? [`${count('timed-out')} timed out`] : []),
    ...(count('not-applied') > 0 ? [`${count('not-applied')} did not apply to the reviewed commit`] : []),
    ...(count('skipped') > 0 ? [`${count('skipped')} not run`] : []),
  ];
  return [`Fixes verified with \`${run.command}\` in a scratch worktree: ${parts.join(', ')}.`];
}
