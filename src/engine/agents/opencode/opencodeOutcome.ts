import type { AgentProcessResult } from '../../process/runAgentProcess';
import { formatTimeout, stderrExcerpt } from '../agentOutputText';
import type { AgentFailureKind, AgentRunOutcome } from '../agentRunner';
import type { AnswerContract } from '../answerContract';
import { extractAnswer } from '../answerExtraction';
import { opencodeLoginStep } from './opencodeCheck';
import type { OpencodeStreamParser } from './opencodeStream';

export interface OpencodeRunFacts {
  process: AgentProcessResult;
  parser: OpencodeStreamParser;
  timeoutMs: number;
  transcript: string;
  durationMs: number;
  /** The run was stopped because model requests kept failing (opencode itself retries without end). */
  stoppedAfterFailedRequests: boolean;
  /** The reviewer's provider ("anthropic"), or the endpoint's URL for a baseUrl reviewer. */
  provider: string | null;
  endpoint: string | null;
}

const logNoise = /^(\s+at |timestamp=\S+ level=(INFO|WARN|DEBUG))/;

/** Turns how opencode ended (process, JSON events and error log) into the run's outcome. */
export function opencodeOutcome<T>(facts: OpencodeRunFacts, contract: AnswerContract<T>): AgentRunOutcome<T> {
  const { process: ended, parser, transcript } = facts;
  const stats = { ...parser.stats, durationMs: facts.durationMs };
  const fail = (kind: AgentFailureKind, error: string): AgentRunOutcome<T> => ({ status: 'failed', kind, error, stats, transcript });

  // Deep Review stops a run whose requests keep failing by the same signal as a cancel.
  if (facts.stoppedAfterFailedRequests) {
    const failure = requestFailure(facts);
    return fail(failure.kind, failure.message);
  }
  if (ended.cancelled) return { status: 'cancelled', error: 'Cancelled.', stats, transcript };
  if (ended.timedOut) return fail('timeout', `opencode timed out after ${formatTimeout(facts.timeoutMs)} and was stopped.`);

  const error = parser.error;
  if (error !== null) {
    const failure = describeError(error.error.data?.statusCode ?? null, error.error.data?.message ?? error.error.name ?? '', parser.loggedErrors, facts);
    return fail(failure.kind, failure.message);
  }
  if (ended.exitCode !== 0) {
    const how = ended.signal === null ? `exited with code ${ended.exitCode ?? 'unknown'}` : `was killed by ${ended.signal}`;
    return fail('crash', `opencode ${how} without an answer.${stderrExcerpt(ended.stderrTail, logNoise)}`);
  }
  const extraction = extractAnswer({ text: parser.assistantText }, contract);
  if (!extraction.ok) return fail(extraction.kind, extraction.error.userMessage);
  const refused = parser.refusedToolCalls.length === 0 ? [] : [`opencode refused ${parser.refusedToolCalls.length} tool call(s) outside the read-only set: ${[...new Set(parser.refusedToolCalls)].join(', ')}`];
  return { status: 'succeeded', answer: extraction.answer, stats, warnings: [...refused, ...extraction.warnings], transcript };
}

function describeError(status: number | null, message: string, logged: readonly string[], facts: OpencodeRunFacts): { kind: AgentFailureKind; message: string } {
  const reason = logged.find((line) => /ProviderModelNotFoundError|ProviderInitError|ModelNotFound/i.test(line)) ?? logged.at(-1) ?? message;
  const said = reason.trim() === '' ? '' : ` opencode said: “${reason.trim()}”`;
  const where = facts.endpoint ?? (facts.provider === null ? 'the model provider' : `the "${facts.provider}" provider`);
  if (status === 401 || status === 403) {
    return { kind: 'auth', message: `Authentication failed (HTTP ${status}): ${where} refused opencode's credentials. ${opencodeLoginStep(facts.provider)}${said}` };
  }
  if (status === 429) return { kind: 'rate-limit', message: `Rate limited by ${where} (HTTP 429). Wait and run the review again.${said}` };
  if (status !== null && status >= 500) return { kind: 'service', message: `${where} returned an error (HTTP ${status}); it is usually temporary. Run the review again later.${said}` };
  if (/ProviderModelNotFoundError|Model not found/i.test(reason)) {
    return {
      kind: facts.endpoint === null ? 'auth' : 'model-not-found',
      message:
        facts.endpoint === null
          ? `opencode has no model "${reason.match(/Model not found: (\S+?)\.?(\s|$)/)?.[1] ?? ''}": its provider is not signed in, or the model name is wrong (\`opencode models\` lists them). ${opencodeLoginStep(facts.provider)}${said}`
          : `opencode could not use the model at ${facts.endpoint}.${said}`,
    };
  }
  return { kind: 'other', message: `opencode failed${status === null ? '' : ` (HTTP ${status})`}.${said}` };
}

function requestFailure(facts: OpencodeRunFacts): { kind: AgentFailureKind; message: string } {
  const last = facts.parser.lastStreamError;
  const count = facts.parser.consecutiveStreamErrors;
  const where = facts.endpoint ?? (facts.provider === null ? 'the model provider' : `the "${facts.provider}" provider`);
  const said = last === null ? '' : ` opencode said: “${last.message}”`;
  if (last?.unreachable === true) {
    return { kind: 'network', message: `opencode could not reach ${where} (${count} attempts in a row); check the network, proxy settings and that the server is running.${said}` };
  }
  if (last !== null && /\b429\b|rate.?limit|too many requests|quota/i.test(last.message)) {
    return { kind: 'rate-limit', message: `Rate limited by ${where}: ${count} requests in a row failed. Wait and run the review again.${said}` };
  }
  return { kind: 'service', message: `${count} model requests in a row to ${where} failed, and opencode kept retrying; it was stopped. Run the review again later.${said}` };
}
