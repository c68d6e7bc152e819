/**
 * Shapes of credentials that are secret wherever they appear, whoever wrote them. Our own list rather than
 * gitleaks' or secretlint's rule sets: those are built to scan whole repositories (hundreds of rules, many of
 * them "a long random string next to the word key"), and here a match rewrites the text of a report —
 * a code snippet that no longer matches the code loses its anchor. So only prefixed, fixed-format tokens
 * that cannot be ordinary code: each pattern follows the provider's documented format (the same prefixes
 * gitleaks' rules of the same names use). Exact values of the user's own secrets are matched separately
 * (knownSecrets.ts), whatever their shape.
 */
export interface TokenShape {
  /** Named in the report's note and in the marker that replaces the token. */
  label: string;
  /** Global; the whole match is replaced. */
  pattern: RegExp;
  /** A further check of a match, for shapes whose prefix alone is too common. */
  plausible?: (match: string) => boolean;
}

/** Letters and digits both: a key, not a word-with-hyphens identifier like `sk-learn-compatible-wrapper-class`. */
const mixesLettersAndDigits = (match: string): boolean => /[A-Za-z]/.test(match) && /\d/.test(match);

export const tokenShapes: readonly TokenShape[] = [
  { label: 'private key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\]*)/g },
  { label: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g },
  { label: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g },
  { label: 'GitHub token', pattern: /\bgithub_pat_[A-Za-z0-9_]{50,255}\b/g },
  { label: 'GitLab token', pattern: /\bgl(?:pat|ptt|rt|dt)-[A-Za-z0-9_-]{20,}/g },
  { label: 'Anthropic key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { label: 'OpenAI key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}/g, plausible: mixesLettersAndDigits },
  { label: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { label: 'Google OAuth token', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g },
  { label: 'Google OAuth token', pattern: /(?<![\w/])1\/\/0[0-9A-Za-z_-]{30,}/g },
  { label: 'Slack token', pattern: /\bxox[abposre]-[0-9A-Za-z-]{10,}/g, plausible: mixesLettersAndDigits },
  { label: 'Slack webhook', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/_-]{20,}/g },
  { label: 'Stripe key', pattern: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}/g },
  { label: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { label: 'Hugging Face token', pattern: /\bhf_[A-Za-z]{34}\b/g },
  // Header and payload of a JWT are base64 of JSON objects, so both start with "eyJ" ('{"').
  { label: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
];
