import { after, before } from 'node:test';
import type { TempRepo } from '../../fixtures/gitRepo';
import type { Step } from '../../fixtures/modelServer/modelServer';
import { startScriptedAgents, type ScriptedAgents } from '../../fixtures/scriptedAgents';
import { VsCodeSession } from './session';

/** A test file's real VS Code, reviewing with Claude Code alone; see claudeReviewSession. */
export interface ClaudeReviewSession {
  readonly vscode: VsCodeSession;
  readonly agents: ScriptedAgents;
  /** Removes the repository once the file's tests are done. */
  track<T extends TempRepo>(repo: T): T;
}

/**
 * Starts, before the file's tests, one real VS Code (code-server) whose only reviewer is the real `claude` CLI
 * answering `script` from a scripted model server, with no consolidator and `main` as the base branch; closes
 * it, the server and the tracked repositories after them.
 */
export function claudeReviewSession(script: Step[]): ClaudeReviewSession {
  let session: VsCodeSession | undefined;
  let agents: ScriptedAgents | undefined;
  const repos: TempRepo[] = [];

  before(async () => {
    agents = await startScriptedAgents({ claude: script });
    session = await VsCodeSession.start({
      env: agents.env,
      userSettings: {
        'deepReview.reviewers': agents.reviewers,
        'deepReview.consolidator': { cli: 'claude', model: 'opus', effort: 'high', enabled: false },
        'deepReview.baseBranch': 'main',
      },
    });
  });

  after(async () => {
    await session?.close();
    await agents?.dispose();
    for (const repo of repos) repo.remove();
  });

  return {
    get vscode(): VsCodeSession {
      if (!session) throw new Error('VS Code is started before the tests run.');
      return session;
    },
    get agents(): ScriptedAgents {
      if (!agents) throw new Error('The scripted agents are started before the tests run.');
      return agents;
    },
    track<T extends TempRepo>(repo: T): T {
      repos.push(repo);
      return repo;
    },
  };
}
