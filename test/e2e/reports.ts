import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../../src/report/summary.js';
import { schemaValidator } from '../../src/schemas/validator.js';
import { filesBelow } from './cli.js';

/**
 * Every text a run wrote below `out`, for leak checks. The Allure single-file report embeds its
 * data (results, attachments) base64-encoded in `d("name","…")` calls, where a plain grep sees
 * nothing: those payloads are decoded and returned as files of their own.
 */
export function reportTexts(out: string): Array<{ path: string; text: string }> {
  const files = filesBelow(out);
  const embedded = files
    .filter((file) => file.path.endsWith('.html'))
    .flatMap((file) =>
      [...file.text.matchAll(/\bd\("([^"]+)","([A-Za-z0-9+/=]*)"\)/g)].map(([, name, data]) => ({
        path: `${file.path}#${name}`,
        text: Buffer.from(data, 'base64').toString('utf8'),
      })),
    );
  return [...files, ...embedded];
}

/** The places among `texts` where any of `secrets` occurs, as "path: secret" lines. */
export function leaks(texts: Array<{ path: string; text: string }>, secrets: readonly string[]): string[] {
  return texts.flatMap(({ path, text }) =>
    secrets.filter((secret) => text.includes(secret)).map((secret) => `${path}: ${secret}`),
  );
}

/**
 * A run's summary.json, validated against the published contract (schemas/harness/summary.schema.json):
 * every summary a test reads proves the schema describes every field the harness writes.
 */
export function readSummary(out: string): Summary {
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  const errors = schemaValidator().validate('harness/summary', summary);
  if (errors.length > 0) throw new Error(`${join(out, 'summary.json')} breaks summary.schema.json:\n  ${errors.join('\n  ')}`);
  return summary;
}
