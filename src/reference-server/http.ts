import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './errors.js';

/** What a handler answers; `body` is serialised as JSON. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A request body as received: its text, and whether it went over the size limit (then `text` is empty). */
export interface RawBody {
  readonly text: string;
  readonly tooLarge: boolean;
}

/**
 * Reads the whole body, up to `limit` bytes. Past the limit (announced by Content-Length, or reached
 * while reading) it stops reading at once, so an oversized body costs no more memory than the limit;
 * the caller answers 413 and closes the connection, whose unread rest cannot be framed any more.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<RawBody> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve({ text: '', tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd).pause();
      chunks.length = 0;
      resolve({ text: '', tooLarge: true });
    };
    const onEnd = () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: false });
    req.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

const MAX_DEPTH = 64;

/** Rejects JSON nested deeper than `MAX_DEPTH`, which could only exhaust the stack further on. */
function checkDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) throw badRequest('invalidSyntax', `JSON nested deeper than ${MAX_DEPTH} levels`);
    } else if (c === ']' || c === '}') {
      depth--;
    }
  }
}

/** Parses a JSON request body; malformed JSON is 400 `invalidSyntax` (RFC 7644 §3.12). */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw badRequest('invalidSyntax', 'a JSON request body is required');
  checkDepth(text);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest('invalidSyntax', `malformed JSON: ${(error as Error).message}`);
  }
}

/**
 * Decodes one query-string component as form data, as Express, ASP.NET Core and servlets do: `+` is
 * a space (Entra's validator sends `filter=userName+eq+"x"`), `%2B` a plus. Never throws: malformed
 * escapes stay as they are.
 */
function decodeComponent(raw: string): string {
  if (!/[%+]/.test(raw)) return raw;
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return decodeLeniently(raw);
  }
}

/** {@link decodeComponent} byte by byte, for a component with a malformed escape. */
function decodeLeniently(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === '%' ? raw.slice(i + 1, i + 3) : '';
    if (/^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (raw[i] === '+') {
      bytes.push(0x20);
    } else {
      const char = String.fromCodePoint(raw.codePointAt(i) ?? 0);
      i += char.length - 1;
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The parameters of a query string, keyed by lower-cased name (first occurrence wins). */
export function parseQuery(raw: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    if (!params.has(name)) params.set(name, eq < 0 ? '' : decodeComponent(part.slice(eq + 1)));
  }
  return params;
}

/** Writes a reply; 204 and 304 carry no body (RFC 9110 §15.3.5, §15.4.5). */
export function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  const body =
    reply.body === undefined || reply.status === 204 || reply.status === 304 ? undefined : JSON.stringify(reply.body);
  res.writeHead(
    reply.status,
    body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
  );
  res.end(body);
}
