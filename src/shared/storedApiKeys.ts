import { z } from 'zod';
import { agentCliSchema, type AgentCli } from './reviewerConfig';
import { cliSignIn } from './signInSteps';

/**
 * API keys the user stored with "Set API key…" (VS Code SecretStorage), by CLI. They travel with the
 * check and review requests and reach only their own CLI's environment, as that CLI's key variable.
 */
export const storedApiKeysSchema = z.partialRecord(agentCliSchema, z.string().min(1));
export type StoredApiKeys = z.infer<typeof storedApiKeysSchema>;

/** `baseEnv` for `cli`'s process: with its stored key as its key variable, and no other CLI's. */
export function environmentWithStoredKey(baseEnv: NodeJS.ProcessEnv, cli: AgentCli, keys: StoredApiKeys | undefined): NodeJS.ProcessEnv {
  const key = keys?.[cli];
  return key === undefined ? baseEnv : { ...baseEnv, [cliSignIn[cli].apiKeyVariable]: key };
}

/** Every stored key under its variable's name: what the secret redactor must know to keep them out of reports and logs. */
export function storedKeysAsVariables(keys: StoredApiKeys | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(keys ?? {}).map(([cli, key]) => [cliSignIn[agentCliSchema.parse(cli)].apiKeyVariable, key]));
}
