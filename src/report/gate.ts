import type { CheckResult } from '../scenario/results.js';

/** A known failure accepted until a date (from the waivers file). */
export interface Waiver {
  check: string;
  scenario?: string;
  step?: string;
  reason: string;
  /** Last day it applies, YYYY-MM-DD (UTC). */
  expires: string;
  /** `file:line:col` of the waiver, for messages. */
  location: string;
}

/** Which failures fail the gate: MUST only (default), or SHOULD too (`--fail-on should`). */
export type FailOn = 'must' | 'should';

const matches = (waiver: Waiver, check: CheckResult) =>
  waiver.check === check.id &&
  (waiver.scenario === undefined || waiver.scenario === check.scenario) &&
  (waiver.step === undefined || waiver.step === check.step);

export const isExpired = (waiver: Waiver, today: Date) => waiver.expires < today.toISOString().slice(0, 10);

/**
 * Marks failed checks covered by an unexpired waiver. Returns the waivers that expired (they no
 * longer apply and must be said loudly) and those that matched nothing (likely stale).
 */
export function applyWaivers(
  checks: CheckResult[],
  waivers: readonly Waiver[],
  today = new Date(),
): { expired: Waiver[]; unused: Waiver[] } {
  const used = new Set<Waiver>();
  for (const check of checks) {
    if (check.status !== 'failed') continue;
    const waiver = waivers.find((w) => matches(w, check));
    if (!waiver) continue;
    used.add(waiver);
    if (!isExpired(waiver, today)) check.waived = { reason: waiver.reason, expires: waiver.expires };
  }
  return {
    expired: waivers.filter((w) => used.has(w) && isExpired(w, today)),
    unused: waivers.filter((w) => !used.has(w)),
  };
}

/** A failure that fails the gate: not waived, and MUST (or SHOULD too with `--fail-on should`). */
export const failsGate = (check: CheckResult, failOn: FailOn) =>
  check.status === 'failed' &&
  !check.waived &&
  (check.severity === 'must' || (failOn === 'should' && check.severity === 'should'));
