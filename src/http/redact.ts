/**
 * Redaction happens once, here, before an exchange leaves the HTTP layer: header and query keys that
 * name credentials, JSON body keys that hold secrets at any depth, and every configured secret value
 * wherever it appears in text.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY_MARKERS = ['authorization', 'cookie', 'token', 'secret', 'password', 'session', 'api-key', 'apikey'];
const SECRET_BODY_KEYS = new Set(['password', 'client_secret', 'access_token', 'refresh_token', 'id_token']);

/** Header names repeat on every request: each is judged once. */
const secretKeys = new Map<string, boolean>();

export function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    const lower = key.toLowerCase();
    secret = SECRET_KEY_MARKERS.some((marker) => lower.includes(marker));
    // Bounded: a target could send endless distinct header names.
    if (secretKeys.size < 1024) secretKeys.set(key, secret);
  }
  return secret;
}

export class Redactor {
  private secrets: string[] = [];

  constructor(secrets: ReadonlyArray<string | undefined>) {
    secrets.forEach((secret) => this.add(secret));
  }

  /** Redacts `secret` from now on wherever it appears (too short a value would mangle ordinary text). */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4 || this.secrets.includes(secret)) return;
    // Longest first so a secret that contains another is replaced whole.
    this.secrets = [...this.secrets, secret].sort((a, b) => b.length - a.length);
  }

  /** Remembers the values of secret-named keys in a body the harness sends, so an echo of them is caught too. */
  learn(value: unknown): void {
    if (Array.isArray(value)) value.forEach((item) => this.learn(item));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (SECRET_BODY_KEYS.has(key.toLowerCase()) && typeof item === 'string') this.add(item);
        else this.learn(item);
      }
    }
  }

  /** Whether `value` holds any of the secrets. */
  private contains(value: string): boolean {
    for (const secret of this.secrets) if (value.includes(secret)) return true;
    return false;
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  headers(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, raw] of Object.entries(headers)) {
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? raw.join(', ') : raw;
      out[key.toLowerCase()] = isSecretKey(key) ? REDACTED : this.text(value);
    }
    return out;
  }

  /** Redacts secret keys at any depth, then secret values in every string. */
  json(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          SECRET_BODY_KEYS.has(key.toLowerCase()) && item !== null ? REDACTED : this.json(item),
        ]),
      );
    }
    return value;
  }

  /**
   * Body text: JSON bodies are redacted structurally, anything else by value. `value` is the body
   * already parsed, when the caller has it (a body the harness sends). A body with nothing to redact
   * keeps its text as it was, so the common case costs one walk and no copy.
   */
  body(text: string, value: unknown = parseJson(text)): { text: string; json?: unknown } {
    if (value === NOT_JSON) return { text: this.text(text) };
    if (!this.touches(value) && !this.contains(text)) return { text, json: value };
    const json = this.json(value);
    return { text: JSON.stringify(json), json };
  }

  /** Whether {@link json} would change `value`: a secret key with a value, or a secret in a string. */
  private touches(value: unknown): boolean {
    if (typeof value === 'string') return this.contains(value);
    if (Array.isArray(value)) {
      for (const item of value) if (this.touches(item)) return true;
    } else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        const item = object[key];
        if ((SECRET_BODY_KEYS.has(key.toLowerCase()) && item !== null) || this.touches(item)) return true;
      }
    }
    return false;
  }
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}
