/**
 * The detection matrix: for every injectable fault of the reference server, the smallest run that
 * exposes it (profile and scenarios) and the checks expected among its failures. The detection
 * matrix test verifies every row against a real server and renders the README section from it;
 * `conformanceRun` and `limit` serve the interop test as well.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../../src/report/summary.js';
import { cli, outDir } from './cli.js';

/**
 * What a caught fault does to the verdicts. In a client profile: `blocks` the client (BLOCKED, exit 1),
 * fails Microsoft's `validator` (READY, exit 1 under the default --fail-on validator), or is an
 * `rfc-only` deviation the client does not depend on (READY, exit 0, a MUST finding). In rfc7644:
 * a `must` failure (exit 1). Anywhere: a `should` warning (exit 0).
 */
export type Outcome = 'blocks' | 'validator' | 'rfc-only' | 'must' | 'should';

export interface Detection {
  fault: string;
  profile: string;
  /** Scenario names of the profile, passed as --scenario; the cheapest that catch the fault. */
  scenarios: readonly string[];
  /** Check ids expected among the run's failed checks (and so among its findings). */
  checks: readonly string[];
  outcome: Outcome;
}

const row = (fault: string, profile: string, scenarios: string[], checks: string[], outcome: Outcome): Detection => ({
  fault,
  profile,
  scenarios,
  checks,
  outcome,
});

export const DETECTIONS: readonly Detection[] = [
  row('auth-accept-any-token', 'entra', ['test-connection'], ['auth.unauthorized'], 'validator'),
  row('auth-no-www-authenticate', 'entra', ['test-connection'], ['auth.www-authenticate'], 'should'),
  row('filter-username-case-sensitive', 'entra', ['single-user'], ['list.total-results'], 'blocks'),
  // single-user alone holds one user, which an ignored filter still finds; restart holds two.
  row('filter-ignored', 'entra', ['restart'], ['list.total-results'], 'blocks'),
  row('filter-externalid-unsupported', 'entra', ['single-user'], ['http.status'], 'blocks'),
  row('filter-displayname-unsupported', 'entra', ['groups'], ['http.status'], 'blocks'),
  // Only generated data puts a '+' into a filter value.
  row('filter-plus-as-space', 'entra', ['generated-data'], ['property.filter-username'], 'blocks'),
  row('list-zero-hits-404', 'entra', ['test-connection'], ['http.status', 'schema.valid'], 'blocks'),
  row('list-missing-schemas', 'entra', ['test-connection'], ['list.shape', 'schema.valid'], 'blocks'),
  row('list-total-results-wrong', 'entra', ['test-connection'], ['list.total-results'], 'blocks'),
  row('uniqueness-allow-duplicate-username', 'entra', ['single-user'], ['http.status'], 'validator'),
  row('uniqueness-allow-duplicate-displayname', 'entra', ['groups'], ['http.status'], 'validator'),
  row('patch-op-case-sensitive', 'entra', ['single-user'], ['http.status', 'json.matches'], 'blocks'),
  row('patch-string-boolean-rejected', 'entra', ['single-user'], ['http.status', 'json.matches'], 'blocks'),
  // Only the aadOptscim062020 dialect sends path-less values with dotted keys.
  row('patch-dotted-keys-ignored', 'entra-compliant', ['single-user'], ['json.matches'], 'blocks'),
  row('patch-member-remove-removes-all', 'entra', ['groups'], ['json.matches'], 'blocks'),
  row('patch-member-readd-duplicates', 'entra', ['restart'], ['json.matches'], 'blocks'),
  row('patch-value-path-unsupported', 'entra', ['single-user'], ['http.status', 'json.matches'], 'blocks'),
  row('deactivate-hides-user', 'entra', ['single-user'], ['http.status', 'json.matches'], 'blocks'),
  row('delete-is-soft', 'entra', ['deprovision'], ['http.status', 'list.total-results', 'json.matches'], 'blocks'),
  row('delete-again-204', 'entra', ['deprovision'], ['http.status'], 'validator'),
  row('media-type-json', 'entra', ['test-connection'], ['http.media-type'], 'rfc-only'),
  row('error-status-number', 'entra', ['test-connection'], ['error.shape'], 'rfc-only'),
  row('error-missing-schema', 'entra', ['test-connection'], ['error.shape'], 'rfc-only'),
  row('create-no-location', 'entra', ['single-user'], ['http.location-header'], 'rfc-only'),
  row('create-returns-200', 'entra', ['single-user'], ['http.status'], 'blocks'),
  row('meta-location-wrong', 'entra', ['single-user'], ['resource.meta-location', 'http.location-header'], 'rfc-only'),
  row('missing-id', 'entra', ['single-user'], ['resource.id', 'schema.valid'], 'blocks'),
  // Entra never sends a password; the rfc7644 lifecycle scenario does.
  row('return-password', 'rfc7644', ['lifecycle'], ['resource.no-password', 'schema.target'], 'must'),
  row('pagination-ignores-count', 'rfc7644', ['paging'], ['list.page'], 'must'),
  // groups creates its group empty, so only restart has members to exclude.
  row('excluded-attributes-ignored', 'entra', ['restart'], ['json.matches'], 'blocks'),
  row('enterprise-extension-dropped', 'entra', ['single-user'], ['json.matches'], 'blocks'),
  row('non-ascii-write-fails', 'entra', ['generated-data'], ['property.read-back'], 'blocks'),
  row('group-patch-500', 'entra', ['groups'], ['http.status', 'json.matches'], 'blocks'),
];

/** The README's verdict column per outcome. */
export const OUTCOME_TEXT: Record<Outcome, string> = {
  blocks: 'blocks the client: BLOCKED, exit 1',
  validator: "fails Microsoft's validator: READY, exit 1",
  'rfc-only': 'RFC MUST only: READY, exit 0 (exit 1 with --fail-on must)',
  must: 'exit 1',
  should: 'exit 0, warning (SHOULD)',
};

const code = (text: string) => `\`${text}\``;

/** The README section: one row per fault, in the order `faults` lists them. */
export function renderMatrix(faults: ReadonlyArray<{ name: string; description: string }>): string {
  const rows = faults.map(({ name, description }) => {
    const detection = DETECTIONS.find((d) => d.fault === name);
    const cells = detection
      ? [
          detection.checks.map(code).join(', '),
          `${detection.profile} › ${detection.scenarios.join(', ')}`,
          OUTCOME_TEXT[detection.outcome],
        ]
      : ['not detected', '—', '—'];
    return `| ${code(name)} | ${description.replace(/\|/g, '\\|')} | ${cells.join(' | ')} |`;
  });
  return [
    'Every fault `scim-conformance serve --fault NAME` can inject, and the run that catches it, verified by',
    '`test/e2e/detection-matrix.test.ts` against the reference server (regenerate with `npm run matrix`).',
    '',
    '| fault | what it breaks | caught by | profile › scenarios | verdict |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export interface ConformanceRun {
  code: number;
  stdout: string;
  summary: Summary;
}

/** One CLI run against a running target, kept small: no HTML report, 5 s per request, a fixed seed. */
export async function conformanceRun(
  target: { baseUrl: string; token: string },
  profile: string,
  scenarios: readonly string[] = [],
): Promise<ConformanceRun> {
  const out = outDir();
  try {
    const args = ['run', '--target', target.baseUrl, '--profile', profile, '--out', out];
    const result = await cli(
      [...args, ...scenarios.flatMap((s) => ['--scenario', s]), '--no-html', '--timeout', '5000', '--seed', '7'],
      { SCIM_TOKEN: target.token },
    );
    let summary: Summary;
    try {
      summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    } catch {
      throw new Error(`the run wrote no summary (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
    }
    return { code: result.code, stdout: result.stdout, summary };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Runs at most `max` of the tasks given to it at once; CLI runs are CPU-bound child processes. */
export function limit(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A finishing task hands its slot straight to the next waiting one.
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
