import type { AgentProcessResult } from '../../process/runAgentProcess';
import type { AgentFailureKind, AgentRunOutcome } from '../agentRunner';
import type { AnswerContract } from '../answerContract';
import { extractAnswer } from '../answerExtraction';
import { findJsonObjectInText } from '../jsonInText';
import type { ClaudeStreamParser } from './claudeStream';
import { formatTimeout, stderrExcerpt } from '../agentOutputText';

export interface ClaudeRunFacts {
  process: AgentProcessResult;
  parser: ClaudeStreamParser;
  timeoutMs: number;
  transcript: string;
  durationMs: number;
}

const loginHint =
  'Log in to Claude Code: run `claude` in a terminal and type /login, or set ANTHROPIC_API_KEY in the environment VS Code starts from.';

/** Turns how the CLI ended (process result and stream) into the run's outcome. */
export function claudeOutcome<T>(facts: ClaudeRunFacts, contract: AnswerContract<T>): AgentRunOutcome<T> {
  const { process: ended, parser, transcript } = facts;
  const stats = { ...parser.stats, durationMs: facts.durationMs };
  const fail = (kind: AgentFailureKind, error: string): AgentRunOutcome<T> => ({ status: 'failed', kind, error, stats, transcript });

  if (ended.cancelled) return { status: 'cancelled', error: 'Cancelled.', stats, transcript };
  if (ended.timedOut) return fail('timeout', `Claude Code timed out after ${formatTimeout(facts.timeoutMs)} and was stopped.`);

  const result = parser.result;
  if (result === null) {
    const how = ended.signal === null ? `exited with code ${ended.exitCode ?? 'unknown'}` : `was killed by ${ended.signal}`;
    const kind = ended.exitCode === 0 ? 'no-output' : 'crash';
    return fail(kind, `Claude Code ${how} without a result.${stderrExcerpt(ended.stderrTail)}`);
  }
  if (ended.exitCode === 0 && !result.is_error) {
    const extraction = extractAnswer(
      result.structured_output !== undefined && result.structured_output !== null
        ? { structured: result.structured_output }
        : { text: pickAnswerText(result.result ?? '', parser.assistantText) },
      contract,
    );
    if (!extraction.ok) return fail(extraction.kind, extraction.error.userMessage);
    return { status: 'succeeded', answer: extraction.answer, stats, warnings: extraction.warnings, transcript };
  }
  const failure = describeFailure(result, parser.apiErrorKind, ended.stderrTail);
  return fail(failure.kind, failure.message);
}

function describeFailure(
  result: NonNullable<ClaudeStreamParser['result']>,
  apiErrorKind: string | null,
  stderrTail: string,
): { kind: AgentFailureKind; message: string } {
  const status = result.api_error_status ?? null;
  const said = (result.result ?? '').trim();
  const detail = said === '' ? '' : ` Claude Code said: “${said}”`;
  if (status === 401 || status === 403 || apiErrorKind === 'authentication_failed') {
    return { kind: 'auth', message: `Authentication failed${status === null ? '' : ` (HTTP ${status})`}: Claude Code is not logged in or its API key is invalid. ${loginHint}${detail}` };
  }
  if (status === 429 || apiErrorKind === 'rate_limit') {
    return { kind: 'rate-limit', message: `Rate limited by the model API (HTTP 429): the account's usage or rate limit is reached. Wait and run the review again.${detail}` };
  }
  if (status === 404 || apiErrorKind === 'model_not_found') {
    return { kind: 'model-not-found', message: `The model API does not offer this reviewer's model${status === null ? '' : ` (HTTP ${status})`}, or this account cannot use it. Change "model" for this reviewer in deepReview.reviewers.${detail}` };
  }
  if (status === null && /Connection refused|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|Unable to connect|fetch failed/i.test(said)) {
    return { kind: 'network', message: `Claude Code could not reach the model API. Check the network, proxy settings and ANTHROPIC_BASE_URL, then run the review again.${detail}` };
  }
  if ((status !== null && status >= 500) || apiErrorKind === 'server_error') {
    return { kind: 'service', message: `The model service returned an error${status === null ? '' : ` (HTTP ${status})`}; it is usually temporary. Run the review again later.${detail}` };
  }
  if (result.subtype === 'error_max_budget_usd') {
    return { kind: 'spend-limit', message: `Claude Code stopped at its share of the spend budget${typeof result.total_cost_usd === 'number' ? ` ($${result.total_cost_usd.toFixed(2)} spent)` : ''}.` };
  }
  if (result.subtype === 'error_max_turns' || result.terminal_reason === 'max_turns') {
    const limit = result.errors?.find((error) => /turn/i.test(error)) ?? 'Reached the maximum number of turns';
    return { kind: 'turn-limit', message: `Claude Code stopped before answering: ${limit.replace(/\.$/, '')}. Review a smaller branch, or raise the limit with "args": ["--max-turns", "<n>"] for this reviewer.` };
  }
  if (said.startsWith('API Error')) {
    return { kind: 'service', message: `The model service sent a response Claude Code could not use; this is usually a proxy, gateway or network problem.${detail}` };
  }
  const errors = (result.errors ?? []).join('; ');
  const what = said !== '' ? said : errors !== '' ? errors : `ended with ${result.subtype}`;
  return { kind: 'other', message: `Claude Code failed: ${what}${said === '' && errors === '' ? stderrExcerpt(stderrTail) : ''}` };
}

/**
 * When the model never called StructuredOutput, the CLI nudges it once and reports only its last
 * text; an answer given before the nudge is then only in the earlier assistant messages.
 */
function pickAnswerText(resultText: string, allAssistantText: string): string {
  return findJsonObjectInText(resultText) === undefined ? allAssistantText : resultText;
}


