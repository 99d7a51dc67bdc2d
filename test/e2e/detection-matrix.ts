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

export interface Detection {
  fault: string;
  profile: string;
  /** Scenario names of the profile, passed as --scenario; the cheapest that catch the fault. */
  scenarios: readonly string[];
  /** Check ids expected among the run's failed checks. */
  checks: readonly string[];
  /** A fault that only breaks SHOULD checks leaves the verdict conformant: exit 0 with warnings. */
  severity: 'must' | 'should';
}

const must = (fault: string, profile: string, scenarios: string[], checks: string[]): Detection => ({
  fault,
  profile,
  scenarios,
  checks,
  severity: 'must',
});

export const DETECTIONS: readonly Detection[] = [
  must('auth-accept-any-token', 'entra', ['test-connection'], ['auth.unauthorized']),
  {
    fault: 'auth-no-www-authenticate',
    profile: 'entra',
    scenarios: ['test-connection'],
    checks: ['auth.www-authenticate'],
    severity: 'should',
  },
  must('filter-username-case-sensitive', 'entra', ['single-user'], ['list.total-results']),
  // single-user alone holds one user, which an ignored filter still finds; restart holds two.
  must('filter-ignored', 'entra', ['restart'], ['list.total-results']),
  must('filter-externalid-unsupported', 'entra', ['single-user'], ['http.status']),
  must('filter-displayname-unsupported', 'entra', ['groups'], ['http.status']),
  // Only generated data puts a '+' into a filter value.
  must('filter-plus-as-space', 'entra', ['generated-data'], ['property.filter-username']),
  must('list-zero-hits-404', 'entra', ['test-connection'], ['http.status', 'schema.valid']),
  must('list-missing-schemas', 'entra', ['test-connection'], ['list.shape', 'schema.valid']),
  must('list-total-results-wrong', 'entra', ['test-connection'], ['list.total-results']),
  must('uniqueness-allow-duplicate-username', 'entra', ['single-user'], ['http.status']),
  must('uniqueness-allow-duplicate-displayname', 'entra', ['groups'], ['http.status']),
  must('patch-op-case-sensitive', 'entra', ['single-user'], ['http.status', 'json.matches']),
  must('patch-string-boolean-rejected', 'entra', ['single-user'], ['http.status', 'json.matches']),
  // Only the aadOptscim062020 dialect sends path-less values with dotted keys.
  must('patch-dotted-keys-ignored', 'entra-compliant', ['single-user'], ['json.matches']),
  must('patch-member-remove-removes-all', 'entra', ['groups'], ['json.matches']),
  must('patch-member-readd-duplicates', 'entra', ['restart'], ['json.matches']),
  must('patch-value-path-unsupported', 'entra', ['single-user'], ['http.status', 'json.matches']),
  must('deactivate-hides-user', 'entra', ['single-user'], ['http.status', 'json.matches']),
  must('delete-is-soft', 'entra', ['deprovision'], ['http.status', 'list.total-results', 'json.matches']),
  must('delete-again-204', 'entra', ['deprovision'], ['http.status']),
  must('media-type-json', 'entra', ['test-connection'], ['http.media-type']),
  must('error-status-number', 'entra', ['test-connection'], ['error.shape']),
  must('error-missing-schema', 'entra', ['test-connection'], ['error.shape']),
  must('create-no-location', 'entra', ['single-user'], ['http.location-header']),
  must('create-returns-200', 'entra', ['single-user'], ['http.status']),
  must('meta-location-wrong', 'entra', ['single-user'], ['resource.meta-location', 'http.location-header']),
  must('missing-id', 'entra', ['single-user'], ['resource.id', 'schema.valid']),
  // Entra never sends a password; the rfc7644 lifecycle scenario does.
  must('return-password', 'rfc7644', ['lifecycle'], ['resource.no-password', 'schema.target']),
  must('pagination-ignores-count', 'rfc7644', ['paging'], ['list.page']),
  // groups creates its group empty, so only restart has members to exclude.
  must('excluded-attributes-ignored', 'entra', ['restart'], ['json.matches']),
  must('enterprise-extension-dropped', 'entra', ['single-user'], ['json.matches']),
  must('non-ascii-write-fails', 'entra', ['generated-data'], ['property.read-back']),
  must('group-patch-500', 'entra', ['groups'], ['http.status', 'json.matches']),
];

const code = (text: string) => `\`${text}\``;

/** The README section: one row per fault, in the order `faults` lists them. */
export function renderMatrix(faults: ReadonlyArray<{ name: string; description: string }>): string {
  const rows = faults.map(({ name, description }) => {
    const detection = DETECTIONS.find((d) => d.fault === name);
    const cells = detection
      ? [
          detection.checks.map(code).join(', '),
          `${detection.profile} › ${detection.scenarios.join(', ')}`,
          detection.severity === 'must' ? 'exit 1' : 'exit 0, warning (SHOULD)',
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
  extraArgs: readonly string[] = [],
): Promise<ConformanceRun> {
  const out = outDir();
  try {
    const args = ['run', '--target', target.baseUrl, '--profile', profile, '--out', out, ...extraArgs];
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
