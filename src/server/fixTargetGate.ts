import type { Finding } from '../shared/findingModel';
import type { ReviewReport } from '../shared/reportModel';
import { fixPathOnDisk, fixTargetDecision, type FixTargetDecision } from '../engine/fixes/fixTargets';
import { trackedFilesAt } from '../engine/git/trackedFiles';

/**
 * Decides how the editor may apply a finding's fix (engine/fixes/fixTargets): only files of the reviewed
 * commit, as they really are on disk (symlinks followed), never git's directory; tool configuration and
 * other files only through a preview. The reviewed commit's file list is read once per report.
 */
export class FixTargetGate {
  private listed: { key: string; files: Promise<Set<string> | null> } | null = null;

  async decide(finding: Finding, report: ReviewReport): Promise<FixTargetDecision> {
    if (!finding.fix) return { kind: 'refused', reason: `${finding.id} has no suggested fix.` };
    const { repoRoot, head } = report.branch;
    const tracked = await this.trackedFiles(repoRoot, head);
    if (tracked === null) return { kind: 'refused', reason: `The fix is not offered: the files of the reviewed commit ${head.slice(0, 12)} cannot be listed.` };
    return fixTargetDecision(finding.fix, {
      findingPath: finding.location.path,
      isTracked: (repoPath) => tracked.has(repoPath),
      classify: (repoPath) => fixPathOnDisk(repoRoot, repoPath),
    });
  }

  private trackedFiles(repoRoot: string, head: string): Promise<Set<string> | null> {
    const key = `${repoRoot}\0${head}`;
    if (this.listed?.key !== key) {
      const files = trackedFilesAt(repoRoot, head).catch(() => {
        // Not remembered: the next request lists again.
        if (this.listed?.files === files) this.listed = null;
        return null;
      });
      this.listed = { key, files };
    }
    return this.listed.files;
  }
}
