import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadFigures } from '../load/figures.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { CapabilityObservation, CheckResult, ScenarioResult, ThrottledSpan } from '../scenario/results.js';
import { groupFindings, type Finding } from './findings.js';
import { defaultFailOn, failsGate, type FailOn } from './gate.js';

/** summary.json: public interface. Fields may be added, never renamed. */
export interface Summary {
  tool: { name: string; version: string };
  target: string;
  profile: string;
  seed: number;
  startedAt: string;
  durationMs: number;
  /** The gated result: `conformant` when the gate passed (see `gate`). */
  verdict: 'conformant' | 'not-conformant';
  /** The two readings of one run: ready for the profile's client (client profiles only), and RFC conformance. */
  verdicts: Verdicts;
  /** `failed` and `warnings` leave out waived failures, which `waived` counts. */
  totals: { passed: number; failed: number; skipped: number; warnings: number; waived: number };
  /** What the exit code follows: RFC severity (`must`, `should`) or impact on the client (`blocks`, `validator`). */
  gate: { failOn: FailOn; passed: boolean };
  /** The failed checks grouped by root cause, most serious first (src/report/findings.ts). */
  findings: Finding[];
  scenarios: Array<{
    name: string;
    title: string;
    status: 'passed' | 'failed';
    checks: number;
    leftovers: string[];
    throttled: number;
  }>;
  checks: CheckResult[];
  /**
   * 429/503 answers the target gave (retried, honouring Retry-After) and resources left behind.
   * `acceptedRate` (present once the target throttled more than once): the requests per second it
   * accepted while it throttled, from each scenario's first 429/503 to its last; behind a rate
   * limit, that is the limit it imposes.
   */
  transport: { throttled: number; leftovers: string[]; acceptedRate?: number };
  /** The figures of the run's load scenario (the first, when several ran). */
  load?: LoadFigures;
  /**
   * Attributes of the profile's mapping that the target's /Schemas does not declare: not sent and
   * not demanded back. Information, never a failure.
   */
  notTested?: string[];
  /**
   * Optional features the run probed (sort, filter operators, /Bulk, /Me, PUT, ETags): what
   * /ServiceProviderConfig claims, what the target did, and which steps saw it. A refusal RFC 7644
   * allows is `refused (allowed)` here and not a failure. Absent in summaries of older versions.
   */
  capabilities?: Record<string, Capability>;
}

/** One row of the capability table. */
export interface Capability {
  /** What /ServiceProviderConfig says; null when it says nothing (or has no field for the feature). */
  claimed: boolean | null;
  observed: CapabilityObservation['observed'];
  /** `scenario › step` of every probe. */
  where: string[];
  /** The status and detail of a refusal, or why the probe was skipped. */
  detail?: string;
}

/** The worst observation wins a feature's row: a contradicted claim over an allowed refusal over support. */
const OBSERVED_RANK: readonly CapabilityObservation['observed'][] = [
  'not tested',
  'supported',
  'refused (allowed)',
  'refused',
];

/** Folds probe observations (from scenarios or earlier summaries) into one row per feature, sorted by name. */
export function capabilityTable(
  observations: ReadonlyArray<Omit<CapabilityObservation, 'where'> & { where: string | readonly string[] }>,
): Record<string, Capability> {
  const table: Record<string, Capability> = {};
  for (const o of observations) {
    const row = (table[o.feature] ??= { claimed: o.claimed ?? null, observed: o.observed, where: [] });
    row.where.push(...(typeof o.where === 'string' ? [o.where] : o.where));
    if (OBSERVED_RANK.indexOf(o.observed) >= OBSERVED_RANK.indexOf(row.observed)) {
      row.observed = o.observed;
      if (o.detail !== undefined) row.detail = o.detail;
    }
  }
  return Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b)));
}

export interface Verdicts {
  /** `blocked` when a finding blocks the client's provisioning; `validator` counts what Microsoft's review would fail. */
  client?: { name: string; result: 'ready' | 'blocked'; blocking: number; validator: number };
  /** Findings by RFC 2119 level: `must` MUST deviations, `should` SHOULD and MAY ones. */
  rfc: { result: 'conformant' | 'not-conformant'; must: number; should: number };
}

export function verdictsOf(findings: readonly Finding[], client: string | undefined): Verdicts {
  const count = (predicate: (f: Finding) => boolean) => findings.filter(predicate).length;
  const blocking = count((f) => f.impact === 'blocks');
  const must = count((f) => f.severity === 'must');
  return {
    ...(client && {
      client: {
        name: client,
        result: blocking === 0 ? 'ready' : 'blocked',
        blocking,
        validator: count((f) => f.impact === 'validator'),
      },
    }),
    rfc: { result: must === 0 ? 'conformant' : 'not-conformant', must, should: count((f) => f.severity !== 'must') },
  };
}

export function toolInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

/** A failed MUST check that no waiver covers: it makes the target not conformant. */
export const isGateFailure = (check: CheckResult) => failsGate(check, 'must');
/** A failed SHOULD/MAY check that no waiver covers. */
export const isWarning = (check: CheckResult) =>
  check.status === 'failed' && !check.waived && check.severity !== 'must';

export function buildSummary(
  run: {
    target: string;
    profile: string;
    /** The profile's client by name; absent for rfc7644. */
    client?: string;
    seed: number;
    startedAt: Date;
    durationMs: number;
    failOn?: FailOn;
    /** 429/503 answers outside the scenarios (discovery). */
    throttled?: number;
    notTested?: readonly string[];
    /** From discovery's first 429/503 to its last: the answers accepted and the milliseconds. */
    throttledSpan?: ThrottledSpan;
  },
  scenarios: readonly ScenarioResult[],
): Summary {
  const checks = scenarios.flatMap((s) => s.checks);
  const failed = checks.filter(isGateFailure).length;
  const failOn = run.failOn ?? defaultFailOn(run.client !== undefined);
  const passed = !checks.some((c) => failsGate(c, failOn));
  const findings = groupFindings(checks);
  const load = scenarios.find((s) => s.load)?.load;
  const acceptedRate = rateOf([run.throttledSpan, ...scenarios.map((s) => s.throttledSpan)]);
  return {
    tool: toolInfo(),
    target: run.target,
    profile: run.profile,
    seed: run.seed,
    startedAt: run.startedAt.toISOString(),
    durationMs: run.durationMs,
    verdict: passed ? 'conformant' : 'not-conformant',
    verdicts: verdictsOf(findings, run.client),
    totals: {
      passed: checks.filter((c) => c.status === 'passed').length,
      failed,
      skipped: checks.filter((c) => c.status === 'skipped').length,
      warnings: checks.filter(isWarning).length,
      waived: checks.filter((c) => c.waived).length,
    },
    gate: { failOn, passed },
    findings,
    scenarios: scenarios.map((s) => ({
      name: s.scenario,
      title: s.title,
      status: s.checks.some((c) => failsGate(c, failOn)) ? 'failed' : 'passed',
      checks: s.checks.length,
      leftovers: s.leftovers,
      throttled: s.throttled,
    })),
    checks,
    transport: {
      throttled: scenarios.reduce((sum, s) => sum + s.throttled, run.throttled ?? 0),
      leftovers: scenarios.flatMap((s) => s.leftovers),
      ...(acceptedRate !== undefined && { acceptedRate }),
    },
    ...(load && { load }),
    notTested: [...(run.notTested ?? [])],
    capabilities: capabilityTable(scenarios.flatMap((s) => s.capabilities ?? [])),
  };
}

/**
 * One summary for several runs (CI shards, or profiles run separately): every check of every part,
 * totals and verdict recomputed, the run spanning from the first start to the last end.
 */
export function mergeSummaries(parts: readonly Summary[]): Summary {
  const unique = (values: string[]) => [...new Set(values)].join(', ');
  // Parts of one client keep its verdict and gate; mixed parts fall back to the RFC gate.
  const clients = [...new Set(parts.map((p) => p.verdicts?.client?.name))];
  const failOns = new Set(parts.map((p) => p.gate.failOn));
  const starts = parts.map((p) => Date.parse(p.startedAt));
  const ends = parts.map((p, i) => starts[i] + p.durationMs);
  const scenarios = parts.flatMap((part) =>
    part.scenarios.map((s, i) => ({
      scenario: s.name,
      title: s.title,
      file: '',
      checks: part.checks.filter((c) => c.scenario === s.name),
      leftovers: s.leftovers,
      throttled: s.throttled,
      ...(i === 0 && part.load && { load: part.load }),
    })),
  );
  const merged = buildSummary(
    {
      target: unique(parts.map((p) => p.target)),
      profile: unique(parts.map((p) => p.profile)),
      seed: parts[0].seed,
      startedAt: new Date(Math.min(...starts)),
      durationMs: Math.max(...ends) - Math.min(...starts),
      ...(clients.length === 1 && { client: clients[0] }),
      failOn: failOns.size === 1 ? parts[0].gate.failOn : failOns.has('should') ? 'should' : 'must',
      // Summaries written before the field existed have none.
      notTested: [...new Set(parts.flatMap((p) => p.notTested ?? []))],
    },
    scenarios,
  );
  // Each part's total already includes throttling outside its scenarios (discovery).
  const throttled = parts.reduce((sum, p) => sum + p.transport.throttled, 0);
  const capabilities = capabilityTable(
    parts.flatMap((p) =>
      Object.entries(p.capabilities ?? {}).map(([feature, row]) => ({
        feature,
        ...(row.claimed !== null && { claimed: row.claimed }),
        observed: row.observed,
        where: row.where,
        ...(row.detail !== undefined && { detail: row.detail }),
      })),
    ),
  );
  // Parts ran apart: their rates are not additive, so the lowest (the binding limit) is reported.
  const rates = parts.flatMap((p) => p.transport.acceptedRate ?? []);
  const acceptedRate = rates.length > 0 ? Math.min(...rates) : undefined;
  return {
    ...merged,
    transport: { ...merged.transport, throttled, ...(acceptedRate !== undefined && { acceptedRate }) },
    capabilities,
  };
}

/** Requests per second over the spans in which the target throttled, to one decimal. */
function rateOf(spans: ReadonlyArray<ThrottledSpan | undefined>): number | undefined {
  const ms = spans.reduce((sum, span) => sum + (span?.ms ?? 0), 0);
  const accepted = spans.reduce((sum, span) => sum + (span?.accepted ?? 0), 0);
  return ms > 0 ? Math.round((accepted / ms) * 10_000) / 10 : undefined;
}
