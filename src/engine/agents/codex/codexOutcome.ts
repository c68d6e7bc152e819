import type { AgentProcessResult } from '../../process/runAgentProcess';
import type { AgentFailureKind, AgentRunOutcome } from '../agentRunner';
import type { AnswerContract } from '../answerContract';
import { extractAnswer } from '../answerExtraction';
import { signInStep } from '../../../shared/signInSteps';
import { builtInProvider, endpointProviderId, type CodexProvider } from './codexProvider';
import type { CodexStreamParser } from './codexStream';
import { formatTimeout, stderrExcerpt } from '../agentOutputText';

const codexStderrNoise = /^(WARNING: proceeding, even though we could not create PATH aliases|Reading additional input from stdin)/;

export interface CodexRunFacts {
  process: AgentProcessResult;
  parser: CodexStreamParser;
  /** What Codex wrote to its last-message file; null when it wrote none. */
  lastMessage: string | null;
  timeoutMs: number;
  transcript: string;
  durationMs: number;
  /** For the built-in OpenAI provider: whether a login (auth.json) or CODEX_API_KEY was there; null when not known or another provider. */
  signedIn?: boolean | null;
  /** The run was stopped early because Codex kept waiting for a connection to the model API. */
  stoppedWaitingForNetwork: boolean;
  provider: CodexProvider;
}

export const codexLoginStep = signInStep('codex');

/** Failures that follow from having no credentials at all (Codex then retries, or waits "for the network"). */
const failuresWithoutSignIn: ReadonlySet<AgentFailureKind> = new Set(['auth', 'network', 'service', 'crash', 'other']);

/** Turns how the CLI ended (process result, event stream, last-message file) into the run's outcome. */
export function codexOutcome<T>(facts: CodexRunFacts, contract: AnswerContract<T>): AgentRunOutcome<T> {
  const outcome = outcomeOfRun(facts, contract);
  if (facts.signedIn !== false || outcome.status !== 'failed' || !failuresWithoutSignIn.has(outcome.kind)) return outcome;
  // Without `codex login` or CODEX_API_KEY no request can succeed, whatever Codex said after that.
  return { ...outcome, kind: 'auth', error: `Codex is not signed in: there is no \`codex login\` and CODEX_API_KEY is not set. ${codexLoginStep} What the run reported: ${outcome.error}` };
}

function outcomeOfRun<T>(facts: CodexRunFacts, contract: AnswerContract<T>): AgentRunOutcome<T> {
  const { process: ended, parser, transcript } = facts;
  const stats = { ...parser.stats, durationMs: facts.durationMs };
  const fail = (kind: AgentFailureKind, error: string): AgentRunOutcome<T> => ({ status: 'failed', kind, error, stats, transcript });

  if (facts.stoppedWaitingForNetwork) {
    return fail('network', `Codex could not connect to the model API${endpoint(facts.provider)} and was stopped: ${parser.lastNetworkError ?? 'connection failed'}. Check the network, proxy settings and ${facts.provider.id === endpointProviderId ? "that a server answers at this reviewer's baseUrl" : "the provider's base_url"}, then run the review again.`);
  }
  if (ended.cancelled) return { status: 'cancelled', error: 'Cancelled.', stats, transcript };
  if (ended.timedOut) {
    const waiting = parser.consecutiveNetworkWaits > 0 ? ` It was waiting for the network: ${parser.lastNetworkError ?? 'connection failed'}.` : '';
    return fail('timeout', `Codex timed out after ${formatTimeout(facts.timeoutMs)} and was stopped.${waiting}`);
  }

  const failure = parser.turnFailure ?? (ended.exitCode !== 0 ? (parser.errors.at(-1) ?? null) : null);
  if (failure !== null) {
    const described = describeFailure(failure, facts.provider);
    return fail(described.kind, described.message);
  }
  if (ended.exitCode !== 0 || !parser.turnCompleted) {
    const how = ended.signal !== null ? `was killed by ${ended.signal}` : `exited with code ${ended.exitCode ?? 'unknown'}`;
    if (!parser.sessionStarted && ended.signal === null) {
      // Nothing ran: Codex rejected its command line or configuration (e.g. a bad -c in the reviewer's args).
      return fail('other', `Codex could not start (it ${how}).${stderrExcerpt(ended.stderrTail, codexStderrNoise)} Check "args" of this reviewer in deepReview.reviewers.`);
    }
    const kind = ended.exitCode === 0 && ended.signal === null ? 'no-output' : 'crash';
    return fail(kind, `Codex ${how} before finishing its answer.${stderrExcerpt(ended.stderrTail, codexStderrNoise)}`);
  }

  const answerText = nonEmpty(facts.lastMessage) ?? nonEmpty(parser.agentMessages.at(-1)) ?? '';
  const extraction = extractAnswer({ text: answerText }, contract);
  if (!extraction.ok) return fail(extraction.kind, extraction.error.userMessage);
  return { status: 'succeeded', answer: extraction.answer, stats, warnings: extraction.warnings, transcript };
}

function describeFailure(said: string, provider: CodexProvider): { kind: AgentFailureKind; message: string } {
  const detail = ` Codex said: “${said.trim()}”`;
  const missingVariable = /Missing environment variable: `([^`]+)`/.exec(said);
  if (missingVariable !== null) {
    const name = missingVariable[1] ?? '';
    return {
      kind: 'auth',
      message:
        provider.id === endpointProviderId
          ? `Authentication failed: ${name} is not set. It is this reviewer's apiKeyEnv: set it in the environment VS Code (or deep-review) starts from, or remove apiKeyEnv if the endpoint needs no key.`
          : `Authentication failed: ${name} is not set. Set it in the environment VS Code starts from (Deep Review passes Codex only variables starting with OPENAI_ or CODEX_), or change the provider's env_key.`,
    };
  }
  const status = /\b(?:status:?|status code)\s*(\d{3})\b/i.exec(said)?.[1] ?? /^\s*(\d{3})\b/.exec(said)?.[1];
  const code = status === undefined ? null : Number(status);
  if (code === 401 || code === 403 || /unauthori[sz]ed|invalid[_ ]api[_ ]key|not logged in|authentication|token (?:expired|is invalid)|refresh token/i.test(said)) {
    const how = provider.id === builtInProvider ? codexLoginStep : `Check the API key in ${provider.envKey ?? "the provider's env_key variable"}.`;
    return { kind: 'auth', message: `Authentication failed${code === null ? '' : ` (HTTP ${code})`}: Codex is not logged in or its key was rejected. ${how}${detail}` };
  }
  if (code === 429 || /too many requests|rate limit|quota|usage limit/i.test(said)) {
    return { kind: 'rate-limit', message: `Rate limited by the model API${code === null ? '' : ` (HTTP ${code})`}: the account's usage or rate limit is reached. Wait and run the review again.${detail}` };
  }
  if (/model_not_found|does not exist or you do not have access|model .*not (?:found|supported)/i.test(said)) {
    return { kind: 'model-not-found', message: `The model API does not offer this reviewer's model${code === null ? '' : ` (HTTP ${code})`}, or this account cannot use it. Change "model" for this reviewer in deepReview.reviewers.${detail}` };
  }
  if (code === null && /connection (?:failed|refused|reset)|error sending request|dns error|failed to lookup/i.test(said)) {
    return { kind: 'network', message: `Codex could not reach the model API. Check the network, proxy settings and the provider's base_url, then run the review again.${detail}` };
  }
  if ((code !== null && code >= 500) || /high demand|server error|service unavailable|overloaded|stream disconnected|error decoding response/i.test(said)) {
    return { kind: 'service', message: `The model service failed${code === null ? '' : ` (HTTP ${code})`}; it is usually temporary. Run the review again later.${detail}` };
  }
  if (code === 404) {
    const where =
      provider.id === endpointProviderId
        ? `Check this reviewer's baseUrl: Codex sends POST <baseUrl>/responses (usually baseUrl ends in /v1), and the server must offer the OpenAI Responses API and this reviewer's model.`
        : "Check the provider's base_url and the model name.";
    return { kind: 'other', message: `The model endpoint answered HTTP 404 (not found). ${where}${detail}` };
  }
  if (/context window|context_length_exceeded|maximum context length/i.test(said)) {
    return { kind: 'other', message: `Codex ran out of context before answering. Review a smaller branch or use a model with a larger context window.${detail}` };
  }
  return { kind: 'other', message: `Codex failed: ${said.trim()}` };
}

function endpoint(provider: CodexProvider): string {
  return provider.baseUrl === null ? '' : ` at ${provider.baseUrl}`;
}

function nonEmpty(text: string | null | undefined): string | null {
  return text === null || text === undefined || text.trim() === '' ? null : text;
}


