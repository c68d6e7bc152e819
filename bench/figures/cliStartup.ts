import { runReviewWithTranscripts } from '../../src/engine/review/runReview';
import type { AgentCli } from '../../src/shared/reviewerConfig';
import { step } from '../../test/fixtures/modelServer/modelServer';
import { envWithoutAgentVariables, startScriptedAgents, type ScriptedAgentScripts } from '../../test/fixtures/scriptedAgents';
import { reviewAnswers } from '../support/orchestrationSetup';

// Each CLI's own cost: a review by that CLI alone whose scripted server answers at once with one finding;
// the CLI's spawn → exit as the engine measures it (its stats.durationMs).

/** One CLI alone, answering at once with one finding: the CLI's own cost, spawn to exit. */
export async function trivialRun(cwd: string, cli: AgentCli): Promise<number | string> {
  const answer = reviewAnswers().claude;
  const scripts: ScriptedAgentScripts = { [cli]: [step.structured({ ...answer, findings: answer.findings.slice(0, 1) })] };
  const agents = await startScriptedAgents(scripts);
  try {
    const { report } = await runReviewWithTranscripts({
      cwd,
      baseBranch: 'main',
      reviewers: agents.reviewers,
      consolidator: null,
      signal: new AbortController().signal,
      baseEnv: { ...envWithoutAgentVariables(), ...agents.env },
      pullRequestContext: false,
      recordRounds: false,
    });
    const run = report.reviewers[0];
    if (!run || run.status !== 'succeeded' || run.retry !== null) return `${cli} trivial run: ${run?.error ?? 'no run'}`;
    return run.stats.durationMs;
  } catch (error) {
    return `${cli} trivial run failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await agents.dispose();
  }
}
