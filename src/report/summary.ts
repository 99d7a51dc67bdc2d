import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import type { CheckResult, ScenarioResult } from '../scenario/results.js';

/** summary.json: public interface. Fields may be added, never renamed. */
export interface Summary {
  tool: { name: string; version: string };
  target: string;
  profile: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  verdict: 'conformant' | 'not-conformant';
  totals: { passed: number; failed: number; skipped: number; warnings: number };
  scenarios: Array<{ name: string; title: string; status: 'passed' | 'failed'; checks: number; leftovers: string[] }>;
  checks: Array<
    Omit<CheckResult, 'category' | 'location' | 'expected' | 'actual'> &
      Partial<Pick<CheckResult, 'category' | 'location' | 'expected' | 'actual'>>
  >;
}

export function toolInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

export const isGateFailure = (check: CheckResult) => check.status === 'failed' && check.severity === 'must';
export const isWarning = (check: CheckResult) => check.status === 'failed' && check.severity !== 'must';

export function buildSummary(
  run: { target: string; profile: string; seed: number; startedAt: Date; durationMs: number },
  scenarios: readonly ScenarioResult[],
): Summary {
  const checks = scenarios.flatMap((s) => s.checks);
  const failed = checks.filter(isGateFailure).length;
  return {
    tool: toolInfo(),
    target: run.target,
    profile: run.profile,
    seed: run.seed,
    startedAt: run.startedAt.toISOString(),
    durationMs: run.durationMs,
    verdict: failed === 0 ? 'conformant' : 'not-conformant',
    totals: {
      passed: checks.filter((c) => c.status === 'passed').length,
      failed,
      skipped: checks.filter((c) => c.status === 'skipped').length,
      warnings: checks.filter(isWarning).length,
    },
    scenarios: scenarios.map((s) => ({
      name: s.scenario,
      title: s.title,
      status: s.checks.some(isGateFailure) ? 'failed' : 'passed',
      checks: s.checks.length,
      leftovers: s.leftovers,
    })),
    checks,
  };
}
