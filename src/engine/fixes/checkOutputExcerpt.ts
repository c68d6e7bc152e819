const maxExcerptLines = 12;
const maxLineLength = 300;
const errorLine = /\berror\b|\bfail(?:ed|ure|ing)?\b|✖|✗|\bnot ok\b|\bpanic\b|\bexception\b|\bassert/i;

/**
 * The lines of a failed check's output a reader needs first: from the first line that looks like an
 * error, a few lines on; the end of the output when none does (the last lines usually say why).
 */
export function checkOutputExcerpt(lines: readonly string[]): string {
  const meaningful = lines.map((line) => stripTerminalCodes(line).trimEnd()).filter((line) => line.trim() !== '');
  const first = meaningful.findIndex((line) => errorLine.test(line));
  const chosen = first === -1 ? meaningful.slice(-maxExcerptLines) : meaningful.slice(first, first + maxExcerptLines);
  return chosen.map((line) => (line.length > maxLineLength ? `${line.slice(0, maxLineLength)}…` : line)).join('\n');
}

function stripTerminalCodes(line: string): string {
  // eslint-disable-next-line no-control-regex -- the ANSI escape sequences test runners color their output with
  return line.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
