import { commandToolCallName } from '../agentOutputText';

// Codex reports a shell call as the wrapper it ran, e.g. `/bin/bash -lc 'git diff main...HEAD'` or
// `/bin/bash -lc "echo \"it's\""`. The model's own command is the single shell word after `-lc`.
const shellWrapper = /^(?:\S*\/)?(?:ba|z|k|da|fi)?sh\s+-l?c\s+/;

/** The model's command inside Codex's shell wrapper; the text as is when it is not wrapped. */
export function unwrapShellCommand(command: string): string {
  const wrapper = shellWrapper.exec(command);
  if (wrapper === null) return command;
  const rest = command.slice(wrapper[0].length);
  const words = shellWords(rest);
  return words?.length === 1 && words[0] !== undefined ? words[0] : rest;
}

/** "shell(git diff)": the first two words of the model's command, as the tool call's name. */
export function shellToolCallName(command: string): string {
  return commandToolCallName('shell', unwrapShellCommand(command));
}

/** POSIX shell words of `text` (quotes and backslashes removed); undefined when a quote is not closed. */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  // The word being read; undefined between words (an empty quoted word is still a word).
  let current: string | undefined;
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (/\s/.test(char)) {
      if (current !== undefined) words.push(current);
      current = undefined;
      index++;
    } else if (char === "'") {
      const end = text.indexOf("'", index + 1);
      if (end === -1) return undefined;
      current = (current ?? '') + text.slice(index + 1, end);
      index = end + 1;
    } else if (char === '"') {
      const closed = readDoubleQuoted(text, index + 1);
      if (closed === undefined) return undefined;
      current = (current ?? '') + closed.value;
      index = closed.next;
    } else if (char === '\\') {
      current = (current ?? '') + text.charAt(index + 1);
      index += 2;
    } else {
      current = (current ?? '') + char;
      index++;
    }
  }
  if (current !== undefined) words.push(current);
  return words;
}

function readDoubleQuoted(text: string, start: number): { value: string; next: number } | undefined {
  let value = '';
  for (let index = start; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === '"') return { value, next: index + 1 };
    const following = text.charAt(index + 1);
    if (char === '\\' && '"\\$`\n'.includes(following) && following !== '') {
      value += following;
      index++;
    } else {
      value += char;
    }
  }
  return undefined;
}
