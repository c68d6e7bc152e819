import { consolidatorId, parseConsolidator, parseReviewers, type ReviewerConfig } from './reviewerConfig';

/**
 * Reviewer settings that choose which program runs, with which flags, and where the code and a key are sent.
 * A workspace or folder value of these is part of the reviewed repository — a branch can set it — so it is
 * used only when it is the user's own (same value in their user settings) or the user allowed it.
 */
export const programFields = ['command', 'args', 'baseUrl', 'apiKeyEnv'] as const;
export type ProgramField = (typeof programFields)[number];

/** One program-choosing value the workspace sets for an agent. */
export interface WorkspaceProgramValue {
  agentId: string;
  field: ProgramField;
  /** The value as JSON, e.g. `"./tools/claude"` or `["--max-turns","9"]`. */
  value: string;
  /** What a consent or refusal is remembered under, with the folder: agent, field and exact value. */
  key: string;
}

/** A setting as `WorkspaceConfiguration.inspect()` gives it. */
export interface InspectedValue {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** Whether the value in effect comes from the workspace or folder settings rather than the user's. */
export function setByWorkspace(inspected: InspectedValue | undefined): boolean {
  return inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined;
}

/** The user's own reviewers (user settings); none when unset or not valid. */
export function userReviewers(inspected: InspectedValue | undefined): ReviewerConfig[] {
  try {
    return Array.isArray(inspected?.globalValue) ? parseReviewers(inspected.globalValue) : [];
  } catch {
    return [];
  }
}

/** The user's own consolidator (user settings); none when unset or not valid. */
export function userConsolidator(inspected: InspectedValue | undefined): ReviewerConfig[] {
  try {
    return inspected?.globalValue === undefined ? [] : [parseConsolidator(inspected.globalValue)];
  } catch {
    return [];
  }
}

/**
 * The program-choosing values of `agents` that the workspace set and the user's own settings do not hold
 * for the same agent id. Nothing when the setting in effect is the user's.
 */
export function workspaceProgramValues(agents: readonly ReviewerConfig[], usersOwn: readonly ReviewerConfig[], fromWorkspace: boolean): WorkspaceProgramValue[] {
  if (!fromWorkspace) return [];
  return agents.flatMap((agent) => {
    const own = usersOwn.find((candidate) => candidate.id === agent.id);
    return programFields.flatMap((field) => {
      if (agent[field] === undefined) return [];
      const value = JSON.stringify(agent[field]);
      if (own !== undefined && JSON.stringify(own[field]) === value) return [];
      return [{ agentId: agent.id, field, value, key: `${agent.id}\n${field}\n${value}` }];
    });
  });
}

/**
 * The agents with every workspace value not in `allowed` left out. An agent whose endpoint (baseUrl) is
 * left out does not run at all: without it Codex would send the code to OpenAI instead, a destination
 * neither the workspace nor the user chose for this reviewer.
 */
export function withoutIgnoredValues(agents: readonly ReviewerConfig[], values: readonly WorkspaceProgramValue[], allowed: ReadonlySet<string>): ReviewerConfig[] {
  return agents.map((agent) => {
    const ignored = values.filter((value) => value.agentId === agent.id && !allowed.has(value.key)).map((value) => value.field);
    if (ignored.length === 0) return agent;
    const { command, args, baseUrl, apiKeyEnv, ...rest } = agent;
    const kept: ReviewerConfig = {
      ...rest,
      ...(command === undefined || ignored.includes('command') ? {} : { command }),
      ...(args === undefined || ignored.includes('args') ? {} : { args }),
    };
    // apiKeyEnv names the key of the endpoint in baseUrl (reviewerConfigProblem): it goes with it.
    if (baseUrl !== undefined && ignored.includes('baseUrl')) return { ...kept, enabled: false };
    return { ...kept, ...(baseUrl === undefined ? {} : { baseUrl }), ...(apiKeyEnv === undefined || ignored.includes('apiKeyEnv') ? {} : { apiKeyEnv }) };
  });
}

/** "claude: command "./tools/claude"", the way the warning names a value. */
export function describeProgramValue(value: WorkspaceProgramValue): string {
  const setting = value.agentId === consolidatorId ? 'deepReview.consolidator' : `reviewer "${value.agentId}"`;
  return `${setting} ${value.field} ${value.value}`;
}
