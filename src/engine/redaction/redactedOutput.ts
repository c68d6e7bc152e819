import { ReviewError } from '../errors';
import type { ReviewEvent } from '../../shared/reviewEvents';
import { redactStrings } from './redactReport';
import type { SecretRedactor } from './secretRedactor';

interface ReviewOutput {
  onEvent?: ((event: ReviewEvent) => void) | undefined;
  onLog?: ((line: string) => void) | undefined;
  onAgentStderr?: ((agentId: string, line: string) => void) | undefined;
}

/**
 * The review's progress events, log lines and agents' stderr with secrets redacted: they reach the CLI's
 * stderr (a CI log), the editor's progress and the Deep Review output channel.
 */
export function withRedactedOutput<T extends ReviewOutput>(options: T, redactor: SecretRedactor): T {
  const { onEvent, onLog, onAgentStderr } = options;
  return {
    ...options,
    onEvent: onEvent && ((event: ReviewEvent) => { onEvent(redactStrings(event, [], (text) => redactor.redactText(text))); }),
    onLog: onLog && ((line: string) => { onLog(redactor.redactText(line)); }),
    onAgentStderr: onAgentStderr && ((agentId: string, line: string) => { onAgentStderr(agentId, redactor.redactText(line)); }),
  };
}

/** The error with secrets redacted from what it says (a failed agent's error can quote its output). */
export function redactedError(error: unknown, redactor: SecretRedactor): unknown {
  if (error instanceof ReviewError) {
    const message = redactor.redactText(error.message);
    const hint = error.hint === undefined ? undefined : redactor.redactText(error.hint);
    if (message === error.message && hint === error.hint) return error;
    const redacted = new ReviewError(error.code, message, hint);
    redacted.cause = error.cause;
    return redacted;
  }
  if (error instanceof Error) error.message = redactor.redactText(error.message);
  return error;
}
