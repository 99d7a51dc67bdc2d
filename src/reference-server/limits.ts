import { badRequest, ScimError } from './errors.js';
import { isObject, type JsonObject } from './json.js';

/** Identifiers a directory indexes and compares on every write: kept short (see README "Limits"). */
const IDENTIFIERS: ReadonlySet<string> = new Set(['username', 'displayname', 'externalid']);
export const MAX_IDENTIFIER_CHARS = 1024;
export const MAX_STRING_CHARS = 64 * 1024;
export const DEFAULT_MAX_RESOURCES = 1_000_000;

/** Code points, counted only when the UTF-16 length could exceed the limit. */
function longerThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let count = 0;
  for (const _ of text) if (++count > limit) return true;
  return false;
}

/**
 * Refuses a representation holding a string past its limit, with 400 invalidValue naming the
 * attribute (RFC 7644 §3.12: "a required value was missing, or the value specified was not
 * compatible with the operation or attribute type").
 */
export function checkStringLimits(data: JsonObject): void {
  const visit = (value: unknown, where: string, limit: number): void => {
    if (typeof value === 'string') {
      if (longerThan(value, limit)) {
        throw badRequest('invalidValue', `"${where}" is longer than ${limit} characters`);
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${where}[${i}]`, limit));
    } else if (isObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, `${where}.${key}`, MAX_STRING_CHARS);
    }
  };
  for (const [key, value] of Object.entries(data)) {
    visit(value, key, IDENTIFIERS.has(key.toLowerCase()) ? MAX_IDENTIFIER_CHARS : MAX_STRING_CHARS);
  }
}

/** 507 Insufficient Storage (RFC 4918 §11.5) once the store holds `max` resources. */
export function checkCapacity(stored: number, max: number): void {
  if (stored >= max) {
    throw new ScimError(507, `the server holds its maximum of ${max} resources; delete some first`);
  }
}

/**
 * Requests per second past which the answer is 429 with Retry-After: 1, like a rate-limited
 * tenant. A token bucket holding one second's worth (a dozen lines: no library needed).
 */
export class RateLimiter {
  readonly #perSecond: number;
  #tokens: number;
  #refilledAt = performance.now();

  constructor(perSecond: number) {
    this.#perSecond = perSecond;
    this.#tokens = perSecond;
  }

  /** Takes a token when one is left. */
  take(): boolean {
    const now = performance.now();
    this.#tokens = Math.min(this.#perSecond, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#perSecond);
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens--;
    return true;
  }
}
