import { collectKnownSecrets, type KnownSecret } from './knownSecrets';
import { tokenShapes, type TokenShape } from './tokenShapes';

export interface RedactedText {
  text: string;
  /** What was found, by source or shape ("OPENAI_API_KEY", "GitHub token"); empty when nothing was. */
  found: string[];
}

interface Needle {
  text: string;
  label: string;
}

/** The text that replaces a secret: says what it was, never the value. */
export function redactionMarker(label: string): string {
  return `[REDACTED ${label}]`;
}

/**
 * Replaces secrets in text: the exact values of known secrets (also as an agent might print them: JSON-escaped
 * or base64-encoded, the way GitHub Actions' log masking also registers each secret's base64 forms) and
 * anything of a known token shape.
 */
export class SecretRedactor {
  private readonly needles: Needle[];

  constructor(
    known: readonly KnownSecret[],
    private readonly shapes: readonly TokenShape[] = tokenShapes,
  ) {
    const needles = new Map<string, string>();
    for (const secret of known) {
      for (const form of formsOf(secret.value)) if (!needles.has(form)) needles.set(form, secret.source);
    }
    // Longest first, so a value is never half-replaced by a shorter one inside it.
    this.needles = [...needles].map(([text, label]) => ({ text, label })).sort((a, b) => b.text.length - a.text.length);
  }

  redact(text: string): RedactedText {
    const found = new Set<string>();
    let result = text;
    for (const needle of this.needles) {
      if (!result.includes(needle.text)) continue;
      found.add(needle.label);
      result = result.split(needle.text).join(redactionMarker(needle.label));
    }
    for (const shape of this.shapes) {
      result = result.replace(shape.pattern, (match) => {
        if (shape.plausible && !shape.plausible(match)) return match;
        found.add(shape.label);
        return redactionMarker(shape.label);
      });
    }
    return { text: result, found: [...found] };
  }

  /** The text with secrets replaced, when what was found does not matter (logs, transcripts). */
  redactText(text: string): string {
    return this.redact(text).text;
  }
}

/** A redactor for the secrets of Deep Review's own environment and of the environment its agents inherit. */
export async function loadSecretRedactor(agentEnv?: NodeJS.ProcessEnv): Promise<SecretRedactor> {
  return new SecretRedactor(await collectKnownSecrets(agentEnv && agentEnv !== process.env ? [process.env, agentEnv] : [process.env]));
}

const minEncodedLength = 12;

/** The value, JSON-escaped (in transcripts), and the parts of its base64 and base64url encodings that do not depend on what surrounds it. */
export function formsOf(value: string): string[] {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
  const bytes = Buffer.from(value, 'utf8');
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Characters carrying bits of the padding before, or of whatever follows, differ in context: cut them off.
    const start = [0, 2, 3][offset] ?? 0;
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    if (core.length < minEncodedLength) continue;
    forms.add(core);
    forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((form) => form.length > 0);
}
