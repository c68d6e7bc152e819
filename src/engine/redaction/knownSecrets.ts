import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A secret whose exact value is known: from the environment or a CLI's credential file. */
export interface KnownSecret {
  value: string;
  /** Where it comes from, named in the report (never the value): "OPENAI_API_KEY", "gh hosts.yml". */
  source: string;
}

const knownSecretNames = new Set([
  'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'OPENAI_API_KEY', 'CODEX_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY',
  'GH_TOKEN', 'GITHUB_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
]);
// Words of a variable's name (split at "_") that make its value a secret. "AUTH" only as a word: GIT_AUTHOR_EMAIL is not one.
const secretNameWords = new Set(['KEY', 'APIKEY', 'TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'CREDENTIALS', 'AUTH', 'OAUTH', 'PAT', 'PRIVATE', 'COOKIE']);
const secretNameParts = /TOKEN|SECRET|PASSWORD|APIKEY/;

/** Whether an environment variable of this name holds a secret (by its name; the value is checked by looksLikeSecret). */
export function isSecretVariableName(name: string): boolean {
  const upper = name.toUpperCase();
  return knownSecretNames.has(upper) || secretNameParts.test(upper) || upper.split(/[^A-Z0-9]+/).some((word) => secretNameWords.has(word));
}

/**
 * Whether a value is worth redacting: long and varied enough that replacing it everywhere cannot hit ordinary
 * text. "true", "1", "us-east-1", a path (SSH_AUTH_SOCK) or a plain URL are not secrets, and redacting them
 * would mangle reports.
 */
export function looksLikeSecret(value: string): boolean {
  if (value.length < 8 || /^\s|\s$/.test(value)) return false;
  if (/^(?:true|false|yes|no|on|off|null|undefined|none|\d+)$/i.test(value)) return false;
  if (/^[~/.][^\s]*$/.test(value) || /^[A-Za-z]:\\/.test(value)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(value)) return false;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return false;
  return entropyBitsPerChar(value) >= 3;
}

function entropyBitsPerChar(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const share = count / value.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

/** The secrets in these environments' variables. */
export function secretsInEnvironment(env: NodeJS.ProcessEnv): KnownSecret[] {
  return Object.entries(env).flatMap(([name, value]) => (value !== undefined && isSecretVariableName(name) && looksLikeSecret(value) ? [{ value, source: name }] : []));
}

/** The credential files of the CLIs Deep Review runs (and of gh), where each environment says they are. */
export function credentialFiles(env: NodeJS.ProcessEnv): Array<{ file: string; source: string; format: 'json' | 'yaml' }> {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  const configHome = env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  const claudeDirs = [path.join(home, '.claude'), ...(env.CLAUDE_CONFIG_DIR ? [env.CLAUDE_CONFIG_DIR] : [])];
  const codexDirs = [path.join(home, '.codex'), ...(env.CODEX_HOME ? [env.CODEX_HOME] : [])];
  const ghDirs = [path.join(configHome, 'gh'), path.join(home, '.config', 'gh'), ...(env.GH_CONFIG_DIR ? [env.GH_CONFIG_DIR] : [])];
  return [
    ...claudeDirs.map((dir) => ({ file: path.join(dir, '.credentials.json'), source: 'Claude Code credentials', format: 'json' as const })),
    ...codexDirs.map((dir) => ({ file: path.join(dir, 'auth.json'), source: 'Codex credentials', format: 'json' as const })),
    { file: path.join(home, '.gemini', 'oauth_creds.json'), source: 'Gemini credentials', format: 'json' },
    ...ghDirs.map((dir) => ({ file: path.join(dir, 'hosts.yml'), source: 'gh hosts.yml', format: 'yaml' as const })),
  ];
}

/** String leaves of a credential file that look like tokens (ids, dates and URLs do not). */
export function secretsInCredentialText(text: string, format: 'json' | 'yaml', source: string): KnownSecret[] {
  const values: string[] = [];
  if (format === 'json') {
    try {
      collectStrings(JSON.parse(text) as unknown, values);
    } catch {
      return [];
    }
  } else {
    // gh's hosts.yml: "oauth_token: gho_…" under a host (and under users: in newer versions). No YAML parser
    // needed for flat "key: value" lines; a key naming a token, password or secret marks the value.
    for (const match of text.matchAll(/^\s*[\w-]*(?:token|password|secret)[\w-]*:\s*["']?([^\s"'#]+)/gim)) values.push(match[1] ?? '');
  }
  return [...new Set(values)].filter((value) => value.length >= 16 && looksLikeSecret(value)).map((value) => ({ value, source }));
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collectStrings(item, into);
}

/**
 * Every secret whose value is known in these environments (Deep Review's own and the one agents inherit):
 * secret-named variables and the token-like values in the CLIs' credential files. Files that are missing or
 * unreadable are skipped: they hold nothing an agent could have read either.
 */
export async function collectKnownSecrets(envs: readonly NodeJS.ProcessEnv[]): Promise<KnownSecret[]> {
  const files = new Map(envs.flatMap(credentialFiles).map((entry) => [entry.file, entry]));
  const fromFiles = await Promise.all(
    [...files.values()].map(async ({ file, source, format }) => {
      const text = await fs.readFile(file, 'utf8').catch(() => null);
      return text === null ? [] : secretsInCredentialText(text, format, source);
    }),
  );
  const byValue = new Map<string, KnownSecret>();
  for (const secret of [...envs.flatMap(secretsInEnvironment), ...fromFiles.flat()]) if (!byValue.has(secret.value)) byValue.set(secret.value, secret);
  return [...byValue.values()];
}
