import type { ReviewerConfig } from '../../../shared/reviewerConfig';
import { cliDisplayName, consolidatorId } from '../../../shared/reviewerConfig';
import { ReviewError } from '../../errors';

/** Why a value is not accepted, or null when it is. */
export type ValueCheck = (value: string) => string | null;

/** One option a reviewer's `args` may pass to its CLI. */
export interface AllowedOption {
  /** Its spellings: `--long-name` (the camelCase spelling is recognised too) and `-x`. */
  names: readonly string[];
  /** How its value is checked; absent for a flag, which takes no value. */
  value?: ValueCheck;
}

/**
 * What a CLI's extra args may contain: an allowlist, so that an option Deep Review does not know — and
 * every spelling of one it does — is refused rather than passed on. Each allowed option is one that
 * cannot widen the agent's tools, sandbox, settings sources, MCP servers, hooks, directories, endpoint
 * or credentials.
 */
export interface ExtraArgsPolicy {
  cli: ReviewerConfig['cli'];
  options: readonly AllowedOption[];
}

/** `--allowedTools` → `--allowed-tools`: Gemini's yargs and Claude Code accept both spellings of an option. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function optionNamed(policy: ExtraArgsPolicy, name: string): AllowedOption | undefined {
  const canonical = name.startsWith('--') ? kebab(name) : name;
  return policy.options.find((option) => option.names.includes(canonical));
}

/**
 * The first problem with `args` for this CLI, naming the argument; null when every one is allowed.
 * Values are taken as the CLIs take them: `--name value`, `--name=value`, and for a short option
 * `-x value`, `-xvalue` or `-x=value`. A value given as its own argument must not start with "-", so no
 * CLI can read it as an option instead. Bare words and `--` are refused: they would be prompts or
 * subcommands.
 */
export function extraArgsProblem(args: readonly string[], policy: ExtraArgsPolicy): string | null {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('-') || arg === '-' || arg === '--') return `\`${arg}\` is not an option Deep Review passes on (only options are)`;
    const long = arg.startsWith('--');
    const equals = arg.indexOf('=');
    const [name, inline] = long
      ? equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined]
      : arg.length > 2 ? [arg.slice(0, 2), arg.slice(2).replace(/^=/, '')] : [arg, undefined];
    const option = optionNamed(policy, name);
    if (option === undefined) return `\`${name}\` is not an option Deep Review allows for ${cliDisplayName[policy.cli]}`;
    if (option.value === undefined) {
      if (inline !== undefined) return `\`${name}\` takes no value (\`${arg}\`)`;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = args[index + 1];
      index++;
      if (value === undefined) return `\`${name}\` needs a value`;
      if (value.startsWith('-')) return `the value of \`${name}\` must not start with "-" (\`${value}\`)`;
    }
    const problem = option.value(value);
    if (problem !== null) return `\`${name} ${value}\`: ${problem}`;
  }
  return null;
}

/** The reviewer's args when every one is allowed; otherwise a ReviewError naming the refused one (the reviewer fails). */
export function checkedExtraArgs(reviewer: Pick<ReviewerConfig, 'id' | 'args'>, policy: ExtraArgsPolicy): string[] {
  const args = reviewer.args ?? [];
  const problem = extraArgsProblem(args, policy);
  if (problem === null) return [...args];
  throw new ReviewError('invalid-config', extraArgsMessage(reviewer, problem), extraArgsHint(policy));
}

export function extraArgsMessage(reviewer: Pick<ReviewerConfig, 'id'>, problem: string): string {
  const who = reviewer.id === consolidatorId ? 'deepReview.consolidator' : `Reviewer "${reviewer.id}"`;
  return `${who} has "args" Deep Review refuses: ${problem}. Options that could widen an agent's tools, sandbox, settings, MCP servers, hooks, directories, endpoint or credentials are never passed on.`;
}

export function extraArgsHint(policy: ExtraArgsPolicy): string {
  const names = policy.options.map((option) => option.names.join('/'));
  return `Remove it from "args". ${cliDisplayName[policy.cli]} args may only use: ${names.join(', ')}.`;
}

export const positiveInteger: ValueCheck = (value) => (/^[1-9][0-9]*$/.test(value) ? null : 'a whole number above 0 is expected');
export const nonNegativeInteger: ValueCheck = (value) => (/^(0|[1-9][0-9]*)$/.test(value) ? null : 'a whole number is expected');
export const positiveNumber: ValueCheck = (value) => (/^[0-9]+(\.[0-9]+)?$/.test(value) && Number(value) > 0 ? null : 'a number above 0 is expected');
/** A model name or alias: letters, digits and `._:/@-`, as model ids are written. */
export const modelName: ValueCheck = (value) => (/^[A-Za-z0-9][A-Za-z0-9._:/@-]*(,[A-Za-z0-9][A-Za-z0-9._:/@-]*)*$/.test(value) ? null : 'a model name is expected');
export function oneOf(values: readonly string[]): ValueCheck {
  return (value) => (values.includes(value) ? null : `one of ${values.join(', ')} is expected`);
}
