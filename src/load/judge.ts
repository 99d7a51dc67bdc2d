/**
 * What Entra expects of each answer in a cycle, as the single-request scenarios check it: 200 for
 * queries (RFC 7644 §3.4.2), 201 with an id for creates (§3.3), 200 or 204 for PATCH (§3.5.2), 204
 * for DELETE (§3.6).
 */
import { isObject } from '../checks/types.js';
import type { Exchange } from '../http/types.js';
import { createdId } from '../scenario/ownership.js';
import type { Judge } from './traffic.js';

function statusProblem(exchange: Exchange, expected: readonly number[]): string | undefined {
  const response = exchange.response;
  if (!response) return `no answer (${exchange.error?.message ?? 'unknown transport error'})`;
  if (expected.includes(response.status)) return undefined;
  const detail = isObject(response.json) && typeof response.json.detail === 'string' ? `: ${response.json.detail}` : '';
  return `HTTP ${response.status} instead of ${expected.join(' or ')}${detail.slice(0, 200)}`;
}

export const answered =
  (...expected: number[]): Judge =>
  (exchange) =>
    statusProblem(exchange, expected);

/** `totalResults` of a ListResponse, when there is one. */
export function totalResults(exchange: Exchange): unknown {
  const body = exchange.response?.json;
  return isObject(body) ? body.totalResults : undefined;
}

/** The lookup before a create: nothing of this run carries that name yet. */
export const findsNothing: Judge = (exchange) => {
  const problem = statusProblem(exchange, [200]);
  if (problem !== undefined) return problem;
  const total = totalResults(exchange);
  return total === 0 ? undefined : `totalResults is ${JSON.stringify(total)} where nothing was provisioned yet`;
};

export const created: Judge = (exchange) =>
  statusProblem(exchange, [201]) ?? (createdId(exchange) === undefined ? 'the response holds no id' : undefined);
