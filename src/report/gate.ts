import type { Severity } from '../checks/types.js';
import type { CheckResult } from '../scenario/results.js';
import type { Finding } from './findings.js';

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

/**
 * Which failures fail the gate: by RFC severity, MUST only (`must`) or SHOULD too (`should`); or by
 * impact on the profile's client, blocking ones only (`blocks`) or validator ones too (`validator`).
 */
export type FailOn = 'must' | 'should' | 'blocks' | 'validator';

export const FAIL_ON: readonly FailOn[] = ['must', 'should', 'blocks', 'validator'];

/** Client profiles gate on what the client and Microsoft's review need; rfc7644 on the RFC's MUSTs. */
export const defaultFailOn = (hasClient: boolean): FailOn => (hasClient ? 'validator' : 'must');

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

/** A failure that fails the gate: not waived, and of the severity or impact `failOn` names (or worse). */
export const failsGate = (check: CheckResult, failOn: FailOn) =>
  check.status === 'failed' && !check.waived && gatedBy(check, failOn);

/** A finding (failed checks grouped, waived ones left out) that fails the gate. */
export const findingFailsGate = (finding: Pick<Finding, 'severity' | 'impact'>, failOn: FailOn) =>
  gatedBy(finding, failOn);

function gatedBy(graded: { severity: Severity; impact?: string }, failOn: FailOn): boolean {
  switch (failOn) {
    case 'must':
      return graded.severity === 'must';
    case 'should':
      return graded.severity === 'must' || graded.severity === 'should';
    case 'blocks':
      return graded.impact === 'blocks';
    case 'validator':
      return graded.impact === 'blocks' || graded.impact === 'validator';
  }
}
