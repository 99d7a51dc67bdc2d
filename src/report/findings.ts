import { createHash } from 'node:crypto';
import type { Impact, Severity } from '../checks/types.js';
import type { CheckResult } from '../scenario/results.js';

/** One root cause: the same check failing the same way, in however many steps and scenarios. */
export interface Finding {
  /** Stable across runs of the same failure: a hash of the check, its grading and the masked message. */
  id: string;
  check: string;
  severity: Severity;
  /** The impact on the profile's client; rfc7644 has no client, and its impact is its severity. */
  impact: Impact | Severity;
  title: string;
  /** The first occurrence's message. */
  message: string;
  /** The first occurrence's server answer, when it was an error. */
  serverSaid?: string;
  occurrences: number;
  where: Array<{ scenario: string; step: string }>;
  /** The first occurrence's curl command. */
  reproduce?: string;
}

/**
 * Masks what differs from one occurrence (or run) to the next: generated names carrying the run
 * tag, UUIDs, other generated ids, and counts. HTTP statuses (100-599) stay: they tell causes apart.
 */
export function maskRunValues(text: string): string {
  return text
    .replace(/scimconf-[0-9a-f]{6}[\w.@+%~-]*/gi, '<generated>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\b(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{8,}\b/gi, '<id>')
    .replace(/\b\d+\b/g, (n) => (/^[1-5]\d\d$/.test(n) ? n : '<n>'));
}

const IMPACT_RANK: Record<Impact | Severity, number> = { blocks: 0, validator: 1, none: 2, must: 0, should: 1, may: 2 };
const SEVERITY_RANK: Record<Severity, number> = { must: 0, should: 1, may: 2 };

/**
 * Groups the failed checks (waived ones aside) into findings, most serious first: by impact, then
 * severity, then the number of occurrences. Pure: the same checks give the same findings.
 */
export function groupFindings(checks: readonly CheckResult[]): Finding[] {
  const groups = new Map<string, CheckResult[]>();
  for (const check of checks) {
    if (check.status !== 'failed' || check.waived) continue;
    const key = [
      check.id,
      check.severity,
      check.impact ?? '',
      maskRunValues(check.message ?? ''),
      maskRunValues(check.serverSaid ?? ''),
    ].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), check]);
  }
  const findings = [...groups].map(([key, [first, ...rest]]): Finding => {
    const where = [first, ...rest].map(({ scenario, step }) => ({ scenario, step }));
    return {
      id: createHash('sha256').update(key).digest('hex').slice(0, 8),
      check: first.id,
      severity: first.severity,
      impact: first.impact ?? first.severity,
      title: first.title,
      message: first.message ?? first.title,
      ...(first.serverSaid && { serverSaid: first.serverSaid }),
      occurrences: where.length,
      where: where.filter((w, i) => where.findIndex((o) => o.scenario === w.scenario && o.step === w.step) === i),
      ...(first.reproduce && { reproduce: first.reproduce }),
    };
  });
  return findings.sort(
    (a, b) =>
      IMPACT_RANK[a.impact] - IMPACT_RANK[b.impact] ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      b.occurrences - a.occurrences,
  );
}
