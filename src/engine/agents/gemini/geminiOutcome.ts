import { z } from 'zod';
import type { AgentProcessResult } from '../../process/runAgentProcess';
import type { AgentFailureKind, AgentRunOutcome } from '../agentRunner';
import type { AnswerContract } from '../answerContract';
import { extractAnswer } from '../answerExtraction';
import { geminiLoginStep } from './geminiCheck';
import type { GeminiStreamParser } from './geminiStream';
import { formatTimeout, stderrExcerpt } from '../agentOutputText';

const geminiStderrNoise = /^(Warning: 256-color|Ripgrep is not available|Project hooks disabled|\[STARTUP\]|\s+at |Loaded cached credentials)/;

export interface GeminiRunFacts {
  process: AgentProcessResult;
  parser: GeminiStreamParser;
  timeoutMs: number;
  transcript: string;
  durationMs: number;
  /** Problems found before the run (e.g. an effort Gemini CLI cannot apply), reported with a successful answer. */
  warnings: readonly string[];
}

// Gemini CLI exit codes (0.61): its own fatal errors, and for API errors the HTTP status truncated to a byte.
const exitCodes = { auth: 41, config: 52, turnLimit: 53, untrusted: 55 } as const;

/** The Google API error body Gemini CLI quotes in "[API Error: …]". */
const apiErrorBodySchema = z.object({ error: z.object({ message: z.string(), status: z.string().optional() }) });

/** Turns how the CLI ended (process result and stream) into the run's outcome. */
export function geminiOutcome<T>(facts: GeminiRunFacts, contract: AnswerContract<T>): AgentRunOutcome<T> {
  const { process: ended, parser, transcript } = facts;
  const stats = { ...parser.stats, durationMs: facts.durationMs };
  const fail = (kind: AgentFailureKind, error: string): AgentRunOutcome<T> => ({ status: 'failed', kind, error, stats, transcript });

  if (ended.cancelled) return { status: 'cancelled', error: 'Cancelled.', stats, transcript };
  if (ended.timedOut) return fail('timeout', `Gemini CLI timed out after ${formatTimeout(facts.timeoutMs)} and was stopped.`);

  const result = parser.result;
  const retries = retriesIn(ended.stderrTail);
  if (result === null) return withoutResult(ended, fail);
  if (ended.exitCode === 0 && result.status === 'success') {
    const extraction = extractAnswer({ text: parser.assistantText }, contract);
    if (!extraction.ok) return fail(extraction.kind, extraction.error.userMessage);
    return { status: 'succeeded', answer: extraction.answer, stats, warnings: [...facts.warnings, ...retries, ...extraction.warnings], transcript };
  }
  const failure = describeFailure(result.error?.type ?? '', result.error?.message ?? '', ended.exitCode, parser.errors);
  return fail(failure.kind, `${failure.message}${retries.length > 0 ? ` (${retries.join('; ')})` : ''}`);
}

function withoutResult<T>(ended: AgentProcessResult, fail: (kind: AgentFailureKind, error: string) => AgentRunOutcome<T>): AgentRunOutcome<T> {
  const said = stderrExcerpt(ended.stderrTail, geminiStderrNoise);
  switch (ended.exitCode) {
    case exitCodes.auth:
      // Not what Gemini said: it names the settings file of the run's private home, deleted when the run ends.
      return fail('auth', `Gemini CLI is not signed in: no sign-in method or key it can use. ${geminiLoginStep}`);
    case exitCodes.untrusted:
      return fail(
        'other',
        'Gemini CLI refused to run in the review worktree as an untrusted folder: a system settings file (/etc/gemini-cli/settings.json or GEMINI_CLI_SYSTEM_SETTINGS_PATH) turns folder trust back on, so Deep Review cannot run it isolated.' +
          ` Ask your administrator to allow security.folderTrust.enabled=false for headless runs.${said}`,
      );
    case exitCodes.config:
      return fail('other', `Gemini CLI rejected its configuration.${said}`);
    case 0:
      return fail('no-output', `Gemini CLI exited without a result.${said}`);
    default: {
      const how = ended.signal === null ? `exited with code ${ended.exitCode ?? 'unknown'}` : `was killed by ${ended.signal}`;
      return fail('crash', `Gemini CLI ${how} without a result.${said}`);
    }
  }
}

function describeFailure(type: string, message: string, exitCode: number | null, errors: readonly string[]): { kind: AgentFailureKind; message: string } {
  const raw = message.trim() === '' ? (errors.at(-1)?.trim() ?? '') : message.trim();
  const said = readableApiError(raw);
  const detail = said === '' ? '' : ` Gemini CLI said: “${said}”`;
  const status = httpStatus(exitCode, raw);
  if (status === 401 || status === 403 || /API key not valid|API_KEY_INVALID|UNAUTHENTICATED|PERMISSION_DENIED/i.test(raw)) {
    return { kind: 'auth', message: `Authentication failed${status === null ? '' : ` (HTTP ${status})`}: Gemini CLI is not signed in or its API key is invalid. ${geminiLoginStep}${detail}` };
  }
  if (status === 404 || /is not found for API version|NOT_FOUND|ModelNotFound/i.test(raw)) {
    return { kind: 'model-not-found', message: `The Gemini API does not offer this reviewer's model${status === null ? '' : ` (HTTP ${status})`}, or this account cannot use it. Change "model" for this reviewer in deepReview.reviewers.${detail}` };
  }
  if (status === null && /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/i.test(raw)) {
    return { kind: 'network', message: `Gemini CLI could not reach the Gemini API. Check the network, proxy settings and GOOGLE_GEMINI_BASE_URL, then run the review again.${detail}` };
  }
  if (status === 429 || /RESOURCE_EXHAUSTED/i.test(raw)) {
    return { kind: 'rate-limit', message: `Rate limited by the Gemini API (HTTP 429): the account's quota or rate limit is reached. Wait and run the review again.${detail}` };
  }
  if (status !== null && status >= 500) {
    return { kind: 'service', message: `The Gemini API returned an error (HTTP ${status}); it is usually temporary. Run the review again later.${detail}` };
  }
  if (type === 'FatalTurnLimitedError' || exitCode === exitCodes.turnLimit) {
    return { kind: 'turn-limit', message: `Gemini CLI stopped before answering: it reached its limit of model turns for one review. Review a smaller branch.${detail}` };
  }
  if (exitCode === 0 && /empty response/i.test(raw)) {
    return { kind: 'no-output', message: `The model gave an empty reply.${detail}` };
  }
  if (status === null && raw.startsWith('[API Error:')) {
    return { kind: 'service', message: `${apiFailure(raw)} This is usually temporary; run the review again later.${detail}` };
  }
  return { kind: 'other', message: `Gemini CLI failed${status === null ? '' : ` (HTTP ${status})`}.${detail === '' ? ` It exited with code ${exitCode ?? 'unknown'}.` : detail}` };
}

/** What went wrong with a model request that got no HTTP error status. */
function apiFailure(raw: string): string {
  if (/Incomplete JSON|Unexpected token|is not valid JSON|Failed to parse/i.test(raw)) return 'The Gemini API sent a reply that is not a valid event stream.';
  if (/terminated|other side closed|socket hang up|ECONNRESET|premature close/i.test(raw)) return 'The connection to the Gemini API broke off in the middle of a reply.';
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/i.test(raw)) return 'Gemini CLI could not reach the Gemini API (check the network and proxy settings).';
  return 'A request to the Gemini API failed.';
}

/** "[API Error: {"error":{"message":"…","status":"…"}}]" as "… (STATUS)"; other text as is. */
function readableApiError(raw: string): string {
  const json = /^\[API Error: (\{.*\})\]$/s.exec(raw)?.[1];
  if (json === undefined) return raw;
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return raw;
  }
  const parsed = apiErrorBodySchema.safeParse(body);
  if (!parsed.success) return raw;
  const { message, status } = parsed.data.error;
  return status === undefined ? message : `${message} (${status})`;
}

/** The HTTP status of an API error: Gemini CLI exits with it modulo 256, and names it in "[API Error: …]". */
function httpStatus(exitCode: number | null, message: string): number | null {
  if (exitCode !== null && exitCode >= 144 && exitCode <= 255) return exitCode + 256;
  const named = /\b(?:status|code)["':\s]*([45]\d\d)\b/i.exec(message) ?? /\[API Error:[^\]]*?\b([45]\d\d)\b/.exec(message);
  return named?.[1] === undefined ? null : Number(named[1]);
}

/** "Gemini CLI retried after HTTP 500" for each retried request (the CLI reports retries on stderr only). */
function retriesIn(stderrTail: string): string[] {
  return [...stderrTail.matchAll(/Attempt (\d+) failed with status (\d+)/g)].map((match) => `Gemini CLI retried a model request after HTTP ${match[2] ?? '?'} (attempt ${match[1] ?? '?'})`);
}


