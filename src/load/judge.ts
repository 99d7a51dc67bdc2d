/**
 * What Entra expects of each answer in a cycle, as the single-request scenarios check it: 200 for
 * queries (RFC 7644 §3.4.2), 201 with an id for creates (§3.3), 200 or 204 for PATCH (§3.5.2), 204
 * for DELETE (§3.6).
 */
import { isObject } from '../checks/types.js';
import type { Answer } from '../http/types.js';
import { createdId } from '../scenario/ownership.js';
import type { Judge } from './traffic.js';

/** Reads the body (redacted) only for an unexpected status, for the target's `detail`. */
function statusProblem(answer: Answer, expected: readonly number[]): string | undefined {
  const { status } = answer;
  if (status === undefined) return `no answer (${answer.error?.message ?? 'unknown transport error'})`;
  if (expected.includes(status)) return undefined;
  const body = answer.json;
  const detail = isObject(body) && typeof body.detail === 'string' ? `: ${body.detail}` : '';
  return `HTTP ${status} instead of ${expected.join(' or ')}${detail.slice(0, 200)}`;
}

export const answered =
  (...expected: number[]): Judge =>
  (answer) =>
    statusProblem(answer, expected);

/** `totalResults` of a ListResponse, when there is one. */
export function totalResults(answer: Answer): unknown {
  const body = answer.json;
  return isObject(body) ? body.totalResults : undefined;
}

/** The lookup before a create: nothing of this run carries that name yet. */
export const findsNothing: Judge = (answer) => {
  const problem = statusProblem(answer, [200]);
  if (problem !== undefined) return problem;
  const total = totalResults(answer);
  return total === 0 ? undefined : `totalResults is ${JSON.stringify(total)} where nothing was provisioned yet`;
};

export const created: Judge = (answer) =>
  statusProblem(answer, [201]) ?? (createdId(answer) === undefined ? 'the response holds no id' : undefined);
