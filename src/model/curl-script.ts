import { toCurl } from '../http/curl.js';
import type { Exchange } from '../http/types.js';
import { render } from '../scenario/template.js';
import { probeTemplates, type Sent } from './session.js';

export interface ScriptContext {
  /** The absolute URL of a path below the target's base URL. */
  url(path: string): string;
  runTag: string;
  seed: number;
  /** Comment lines saying what failed. */
  heading: readonly string[];
}

/** Shell variables cannot hold `-`: `u1-duplicate` becomes `u1_duplicate`. */
const shellName = (label: string) => label.replace(/-/g, '_');

/**
 * A POSIX shell script that replays a generated case with curl (the token from `$SCIM_TOKEN`). Ids
 * the target assigns are taken from each create's Location header (RFC 7644 §3.3) into variables,
 * and, like the harness, the script deletes what it created, newest first.
 */
export function curlScript(transcript: readonly Sent[], context: ScriptContext): string {
  const created = transcript.flatMap(({ probe, exchange }) => (probe.creates ? [{ probe, exchange }] : []));
  const templates = probeTemplates(
    Object.fromEntries(created.map(({ probe }) => [probe.creates, `\${${shellName(probe.creates!)}}`])),
    context,
  );
  const curl = (exchange: Exchange, request: Partial<Exchange['request']>) =>
    toCurl({ ...exchange, request: { ...exchange.request, ...request } })
      // Inside single quotes the shell expands nothing: close them around each id variable.
      .replace(/\$\{(\w+)\}/g, `'"\${$1}"'`);

  const requests = transcript.map(({ probe, exchange }) => {
    const request = render({ path: probe.path, body: probe.body }, templates);
    const { path, body } = request as { path: string; body?: unknown };
    const command = curl(exchange, {
      url: context.url(path),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // Response bodies rarely end in a newline: keep the next status line on its own.
    if (!probe.creates) return `${command}; echo`;
    const name = shellName(probe.creates);
    return `${name}=$(${command} | tr -d '\\r' | sed -n 's|^[Ll]ocation: .*/||p')\necho "${name}=$${name}"`;
  });
  const cleanup = created.reverse().map(({ probe, exchange }) => {
    const name = shellName(probe.creates!);
    const { 'content-type': _json, ...headers } = exchange.request.headers;
    const command = curl(exchange, {
      method: 'DELETE',
      url: context.url(`${probe.path}/\${${name}}`),
      headers,
      body: undefined,
    });
    return `[ -n "$${name}" ] && ${command}; echo`;
  });
  return ['#!/bin/sh', ...context.heading.map((line) => `# ${line}`), 'set -u', ...requests, ...cleanup, ''].join('\n');
}
