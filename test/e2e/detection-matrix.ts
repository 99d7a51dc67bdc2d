/**
 * The detection matrix: for every injectable fault of the reference server, the smallest run that
 * exposes it (profile and scenarios) and the steps at which named checks must fail. The detection
 * matrix test verifies every row against a real server and renders the README section from it;
 * `conformanceRun` and `limit` serve the interop test as well.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from '../../src/report/summary.js';
import { cli, outDir } from './cli.js';
import { readSummary } from './reports.js';

export interface Detection {
  fault: string;
  profile: string;
  /**
   * Where the fault must show: `scenario › step` → the checks that must fail at that step. The
   * scenario part is passed as --scenario (a name of the profile's, or a path below scenarios/).
   */
  failures: Readonly<Record<string, readonly string[]>>;
  /** Further CLI arguments, such as the scale of a load cycle. */
  args?: readonly string[];
  outcome: Outcome;
}

/**
 * What a caught fault does to the verdicts. In a client profile: `blocks` the client (BLOCKED, exit 1),
 * fails the client's `validator` (Microsoft's, Okta's SPEC test) (READY, exit 1 under the default --fail-on validator), or is an
 * `rfc-only` deviation the client does not depend on (READY, exit 0, a MUST finding). In rfc7644:
 * a `must` failure (exit 1). Anywhere: a `should` warning (exit 0).
 */
export type Outcome = 'blocks' | 'validator' | 'rfc-only' | 'must' | 'should';

/** The README's verdict column per outcome. */
export const OUTCOME_TEXT: Record<Outcome, string> = {
  blocks: 'blocks the client: BLOCKED, exit 1',
  validator: "fails the client's validator (Microsoft's, Okta's SPEC test): READY, exit 1",
  'rfc-only': 'RFC MUST only: READY, exit 0 (exit 1 with --fail-on must)',
  must: 'exit 1',
  should: 'exit 0, warning (SHOULD)',
};

/** The `scenario › step` key of a failure. */
export const at = (scenario: string, step: string) => `${scenario} › ${step}`;

/** The scenario selectors a row runs, in the order its failures name them. */
export const scenariosOf = (detection: Detection): string[] => [
  ...new Set(Object.keys(detection.failures).map((key) => key.split(' › ')[0])),
];

const row = (
  fault: string,
  profile: string,
  outcome: Outcome,
  failures: Record<string, string[]>,
  args?: string[],
): Detection => ({ fault, profile, failures, outcome, ...(args && { args }) });

const QUERY_GUID = at('test-connection', 'Query a user whose matching attribute is a random GUID');
const NO_TOKEN = at('test-connection', 'The same query without a token');
const CREATE_USER = at('single-user', "Create the user with Entra's POST body");
const CREATE_AGAIN = at('single-user', 'Create the same user again');
const USER_DATA = at('generated-data', 'Generated users are stored as sent and found by userName and externalId');
// The load cycle is in no profile; it runs small here.
const LOAD_CYCLE = at('load/initial-cycle', 'Provision users and groups, change a few, verify, deprovision');
const SMALL_LOAD = ['--users', '6', '--groups', '1', '--concurrency', '2'];
const MODEL = at('generated-data', 'Generated operation sequences keep the target equal to the model');
const PATCH_PROPERTY = at(
  'generated-data',
  "Generated PATCHes in the profile's dialect yield the state the model predicts",
);
const OKTA_PUT_READ_BACK = at('single-user', 'The PUT kept every attribute it carried, active included');

export const DETECTIONS: readonly Detection[] = [
  row('auth-accept-any-token', 'entra', 'validator', { [NO_TOKEN]: ['auth.unauthorized'] }),
  row('auth-no-www-authenticate', 'entra', 'should', { [NO_TOKEN]: ['auth.www-authenticate'] }),
  row('filter-username-case-sensitive', 'entra', 'blocks', {
    [at('single-user', 'Find the user by userName in another letter case')]: ['list.total-results'],
    [USER_DATA]: ['property.filter-username-case'],
  }),
  // Every scenario holds two users (and two groups) when it looks one up, so an ignored filter shows everywhere.
  row('filter-ignored', 'entra', 'blocks', {
    [at('single-user', 'Look the user up by its matching attribute')]: ['list.total-results'],
    [at('single-user', 'Find the user by userName')]: ['list.total-results'],
    [at('groups', 'Find the group by displayName, members excluded')]: ['list.total-results'],
    [at('restart', 'Restart - match the group by displayName, members excluded')]: ['list.total-results'],
    [at('deprovision', 'A query no longer finds the deleted user')]: ['list.total-results'],
  }),
  // Only generated externalIds reach property.filter-external-id.
  row('filter-externalid-unsupported', 'entra', 'blocks', {
    [at('single-user', 'Find the user by externalId')]: ['http.status'],
    [USER_DATA]: ['property.filter-external-id'],
  }),
  row('filter-displayname-unsupported', 'entra', 'blocks', {
    [at('groups', 'Find the group by displayName in another letter case')]: ['http.status'],
  }),
  // Only generated data puts a '+' into a filter value.
  row('filter-plus-as-space', 'entra', 'blocks', { [USER_DATA]: ['property.filter-username'] }),
  // The 404's body is an error, not the list: only http.status judges it.
  row('list-zero-hits-404', 'entra', 'blocks', { [QUERY_GUID]: ['http.status'] }),
  row('list-missing-schemas', 'entra', 'blocks', { [QUERY_GUID]: ['list.shape', 'schema.valid'] }),
  row('list-total-results-wrong', 'entra', 'blocks', { [QUERY_GUID]: ['list.total-results'] }),
  // Generated userNames differing only in case reach property.username-unique.
  row('uniqueness-allow-duplicate-username', 'entra', 'validator', {
    [CREATE_AGAIN]: ['http.status'],
    [USER_DATA]: ['property.username-unique'],
  }),
  row('uniqueness-allow-duplicate-displayname', 'entra', 'validator', {
    [at('groups', 'A second group with the same displayName is refused')]: ['http.status'],
  }),
  row('patch-op-case-sensitive', 'entra', 'blocks', {
    [at('single-user', 'Update the work email and family name')]: ['http.status'],
    [at('single-user', 'Read the new email and family name back')]: ['json.matches'],
    [at('generated-data', "Generated PATCHes in the profile's dialect yield the state the model predicts")]: [
      'property.patch-model',
    ],
  }),
  row('patch-string-boolean-rejected', 'entra', 'blocks', {
    [at('single-user', 'Disable the user (active false)')]: ['http.status'],
    [at('single-user', 'The disabled user is still returned, with active false')]: ['json.matches'],
  }),
  // Only the aadOptscim062020 dialect sends path-less values with dotted keys.
  row('patch-dotted-keys-ignored', 'entra-compliant', 'blocks', {
    [at('single-user', 'Read the new email and family name back')]: ['json.matches'],
  }),
  row('patch-member-remove-removes-all', 'entra', 'blocks', {
    [at('groups', 'Only the second member is left')]: ['json.matches'],
  }),
  // RFC 7644 §3.5.2.1 says SHOULD for a value already present: a warning, not a failure.
  row('patch-member-readd-duplicates', 'entra', 'blocks', {
    [at('restart', 'The group equals what Entra holds')]: ['json.matches'],
    [at('generated-data', 'Re-adding existing members changes nothing')]: ['property.member-readd'],
  }),
  // Only the validation template sends "" and null (Entra's engine never does): a validator finding.
  row('patch-null-not-clearing', 'entra', 'validator', {
    [at('single-user', 'The work email and the given name are gone')]: ['json.matches'],
    [at('single-user', 'The title and the department are gone')]: ['json.matches'],
  }),
  row('patch-replace-members-appends', 'entra', 'blocks', {
    [at('groups', 'Only the first member is left after the replace')]: ['json.matches'],
  }),
  row('manager-ignored', 'entra', 'blocks', {
    [at('single-user', 'The manager sent as a bare id was stored as a reference')]: ['json.matches'],
    [at('single-user', 'The manager is the successor')]: ['json.matches'],
    [at('single-user', 'The manager added in the legacy form is stored')]: ['json.matches'],
  }),
  row('manager-bare-string-refused', 'entra', 'blocks', {
    [at('single-user', "Create a report whose manager is a bare id, as Entra's engine sends it")]: ['http.status'],
    [at('single-user', "Add the manager as Entra's engine does, a bare id")]: ['http.status'],
    [at('single-user', 'The manager added as a bare id is stored as a reference')]: ['json.matches'],
  }),
  row('patch-value-path-unsupported', 'entra', 'blocks', {
    [at('single-user', 'Update the work email and family name')]: ['http.status'],
    [at('single-user', 'Read the new email and family name back')]: ['json.matches'],
  }),
  row('deactivate-hides-user', 'entra', 'blocks', {
    [at('single-user', 'The disabled user is still returned, with active false')]: ['http.status'],
  }),
  row('delete-is-soft', 'entra', 'blocks', {
    [at('deprovision', 'The deleted user is gone')]: ['http.status'],
    [at('deprovision', 'A query no longer finds the deleted user')]: ['list.total-results'],
    [at('deprovision', 'The deleted user left its group')]: ['json.matches'],
  }),
  // RFC 7644 §3.6 says SHOULD; Entra's re-provisioning after a hard delete (Restore) fails on the 409.
  row('deleted-names-still-unique', 'entra', 'blocks', {
    [at('deprovision', 'The same userName and externalId can be provisioned again')]: ['http.status'],
    [at('deprovision', 'The same displayName can be provisioned again')]: ['http.status'],
  }),
  row('delete-again-204', 'entra', 'validator', {
    [at('deprovision', 'Deleting it again answers 404')]: ['http.status'],
    [at('groups', 'Deleting the other group again answers 404')]: ['http.status'],
    [at('groups', 'Deleting a group id the server never issued answers 404')]: ['http.status'],
  }),
  row('delete-keeps-memberships', 'entra', 'blocks', { [MODEL]: ['property.model-state'] }),
  row('media-type-json', 'entra', 'rfc-only', { [QUERY_GUID]: ['http.media-type'] }),
  row('error-status-number', 'entra', 'rfc-only', { [NO_TOKEN]: ['error.shape'] }),
  row('error-missing-schema', 'entra', 'rfc-only', { [NO_TOKEN]: ['error.shape'] }),
  row('error-no-scim-type', 'entra', 'validator', { [CREATE_AGAIN]: ['error.scim-type'] }),
  row('create-no-location', 'entra', 'rfc-only', { [CREATE_USER]: ['http.location-header'] }),
  row('create-returns-200', 'entra', 'blocks', { [CREATE_USER]: ['http.status'] }),
  row('meta-location-wrong', 'entra', 'rfc-only', {
    [CREATE_USER]: ['resource.meta-location', 'http.location-header'],
  }),
  row('meta-incomplete', 'entra', 'should', { [CREATE_USER]: ['resource.meta-complete'] }),
  // The manager comes first, and without its id nothing after it can run.
  row('missing-id', 'entra', 'blocks', {
    [at('single-user', "Provision the user's manager")]: ['resource.id'],
    [at('groups', 'Create the group empty, as Entra does')]: ['resource.id', 'schema.valid'],
  }),
  // Entra never sends a password; the rfc7644 lifecycle scenario does.
  row('return-password', 'rfc7644', 'must', {
    [at('lifecycle', 'Create a user with a client-chosen id and meta')]: ['resource.no-password', 'schema.target'],
  }),
  row('etag-missing', 'rfc7644', 'must', { [at('lifecycle', 'The resource carries an ETag')]: ['http.etag'] }),
  row('pagination-ignores-count', 'rfc7644', 'must', { [at('paging', 'The first page of two')]: ['list.page'] }),
  row('pages-overlap', 'entra', 'validator', {
    [at('pagination', 'Page through the users, five at a time')]: ['list.pages'],
  }),
  row('sort-ignored', 'rfc7644', 'must', {
    [at('paging', 'Sorted by userName, descending')]: ['list.order'],
    [at('paging', 'Sorted by displayName, ascending by default')]: ['list.order'],
  }),
  // groups creates its group empty, so only restart has members to exclude.
  row('excluded-attributes-ignored', 'entra', 'blocks', {
    [at('restart', 'Restart - match the group by displayName, members excluded')]: ['json.matches'],
  }),
  // Zscaler maps the enterprise department, and its read-back compares what the mapping sent.
  row('enterprise-extension-dropped', 'zscaler', 'blocks', {
    [at('single-user', 'Read the mapped attributes back by id')]: ['mapping.stored'],
  }),
  // Shrinking lands on the create of a non-ASCII name, so property.read-back is where it shows.
  row('non-ascii-write-fails', 'entra', 'blocks', { [USER_DATA]: ['property.read-back'] }),
  row(
    'group-patch-500',
    'entra',
    'blocks',
    {
      [at('groups', 'Add both members in one PATCH')]: ['http.status'],
      [at('groups', 'The group holds both members under its new name')]: ['json.matches'],
      [LOAD_CYCLE]: ['load.responses', 'load.final-state'],
    },
    SMALL_LOAD,
  ),
  // At 2 requests in flight, 100 ms per answer caps the cycle at 20 requests/s.
  row('slow-responses', 'entra', 'validator', { [LOAD_CYCLE]: ['load.throughput'] }, SMALL_LOAD),
  // Okta's shapes: a profile update is a PUT of the whole user, deactivation a path-less replace.
  row('put-drops-attributes', 'okta', 'blocks', {
    [OKTA_PUT_READ_BACK]: ['json.matches'],
    [PATCH_PROPERTY]: ['property.patch-model'],
  }),
  row('put-resets-active', 'okta', 'blocks', {
    [OKTA_PUT_READ_BACK]: ['json.matches'],
    [PATCH_PROPERTY]: ['property.patch-model'],
  }),
  row('patch-pathless-active-ignored', 'okta', 'blocks', {
    [at('single-user', 'The deactivated user is still returned, with active false')]: ['json.matches'],
  }),
  row('json-request-415', 'okta', 'blocks', {
    [at('single-user', "Create the user with Okta's body, as application/json")]: ['http.status'],
  }),
  row('groups-list-ignores-start-index', 'okta', 'blocks', {
    [at('import', 'Import every group, one page at a time')]: ['list.pages'],
  }),
  row('error-no-detail', 'okta', 'validator', {
    [at('test-connection', 'An id that does not exist answers 404 with a detail')]: ['error.detail'],
    [at('test-connection', 'A request without valid credentials answers 401 with a detail')]: ['error.detail'],
  }),
];

/**
 * Checks no reference-server fault can break, with the test that makes each fail live: the transport
 * checks (the server always answers with JSON) against a misbehaving target, and mapping.declared,
 * which needs the app's own mapping (--mapping) to name an attribute the target does not declare.
 */
export const CAUGHT_OUTSIDE_THE_MATRIX: Readonly<Record<string, string>> = {
  'http.transport': 'test/e2e/target-faults.test.ts',
  'http.json-body': 'test/e2e/target-faults.test.ts',
  'mapping.declared': 'test/e2e/mappings.test.ts',
  // The reference server has no token endpoint: the test runs one that answers as told.
  'auth.oauth-token': 'test/e2e/transport.test.ts',
  'auth.token-lifetime': 'test/e2e/transport.test.ts',
};

const code = (text: string) => `\`${text}\``;

/** The README section: one row per fault, in the order `faults` lists them. */
export function renderMatrix(faults: ReadonlyArray<{ name: string; description: string }>): string {
  const rows = faults.map(({ name, description }) => {
    const detection = DETECTIONS.find((d) => d.fault === name);
    const cells = detection
      ? [
          [...new Set(Object.values(detection.failures).flat())].map(code).join(', '),
          Object.keys(detection.failures)
            .map((key) => `${detection.profile} › ${key}`)
            .join('<br>'),
          OUTCOME_TEXT[detection.outcome],
        ]
      : ['not detected', '—', '—'];
    return `| ${code(name)} | ${description.replace(/\|/g, '\\|')} | ${cells.join(' | ')} |`;
  });
  return [
    'Every fault `scim-conformance serve --fault NAME` can inject, and the run that catches it, verified by',
    '`test/e2e/detection-matrix.test.ts` against the reference server: each listed check must fail at each',
    'listed step (regenerate with `npm run readme`).',
    '',
    '| fault | what it breaks | caught by | where it must fail (profile › scenario › step) | verdict |',
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
  extra: readonly string[] = [],
): Promise<ConformanceRun> {
  const out = outDir();
  try {
    const args = ['run', '--target', target.baseUrl, '--profile', profile, '--out', out];
    const result = await cli(
      [
        ...args,
        ...scenarios.flatMap((s) => ['--scenario', s]),
        ...['--no-html', '--timeout', '5000', '--seed', '7'],
        ...extra,
      ],
      { SCIM_TOKEN: target.token },
    );
    if (!existsSync(join(out, 'summary.json')))
      throw new Error(`the run wrote no summary (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
    return { code: result.code, stdout: result.stdout, summary: readSummary(out) };
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
