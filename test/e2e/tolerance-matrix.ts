/**
 * The tolerance matrix: for every allowed variant of the reference server, the cheapest scenarios of
 * each profile that exercise it. Every run must exit 0 with no failed MUST check: a harness that
 * fails a conformant-but-different server cries wolf. The tolerance matrix test verifies every cell
 * against a real server and renders the README section from this table.
 */
import type { CapabilityObservation } from '../../src/scenario/results.js';

export const PROFILES = ['entra', 'entra-compliant', 'zscaler', 'rfc7644', 'okta'] as const;
export type Profile = (typeof PROFILES)[number];

export interface Tolerance {
  variant: string;
  /** Scenario names per profile, passed as --scenario: the cheapest that meet the variant. */
  runs: Readonly<Record<Profile, readonly string[]>>;
  /** Capability rows the rfc7644 run must show, proving the variant was met rather than skipped. */
  capabilities?: Readonly<Record<string, CapabilityObservation['observed']>>;
}

/**
 * The three Entra profiles send the same flow (dialect and mapping aside); rfc7644 and okta have
 * their own scenarios (okta's under scenarios/okta/, with generated data shared).
 */
const runs = (entra: string[], rfc7644: string[], okta: string[]): Tolerance['runs'] => ({
  entra,
  'entra-compliant': entra,
  zscaler: entra,
  rfc7644,
  okta,
});

export const TOLERANCES: readonly Tolerance[] = [
  {
    variant: 'filter-eq-and-only',
    runs: runs(['single-user', 'groups'], ['filters', 'paging'], ['single-user', 'groups']),
    capabilities: { 'filter.sw': 'refused (allowed)', 'filter.pr': 'refused (allowed)', sort: 'supported' },
  },
  {
    variant: 'sort-unsupported',
    runs: runs(['test-connection'], ['discovery', 'paging'], ['test-connection']),
    capabilities: { sort: 'not tested' },
  },
  {
    variant: 'etag-unsupported',
    runs: runs(['single-user'], ['lifecycle'], ['single-user']),
    capabilities: { etag: 'not tested', put: 'supported' },
  },
  {
    variant: 'bulk-not-found',
    runs: runs(['test-connection'], ['discovery'], ['test-connection']),
    capabilities: { bulk: 'refused (allowed)' },
  },
  {
    variant: 'me-not-found',
    runs: runs(['test-connection'], ['discovery'], ['test-connection']),
    capabilities: { me: 'refused (allowed)' },
  },
  {
    variant: 'patch-200-resource',
    runs: runs(['single-user', 'groups'], ['groups', 'lifecycle'], ['single-user', 'groups']),
  },
  {
    variant: 'patch-204-no-content',
    runs: runs(['single-user', 'groups'], ['groups', 'lifecycle'], ['single-user', 'groups']),
  },
  { variant: 'members-without-display', runs: runs(['groups', 'restart'], ['groups', 'restart'], ['groups']) },
  // Generated data is where unmapped attributes and mixed-case emails are sent and read back.
  {
    variant: 'entra-mapping-only',
    runs: runs(['single-user', 'generated-data'], ['discovery', 'generated-data'], ['single-user', 'generated-data']),
  },
  {
    variant: 'emails-lower-case',
    runs: runs(['single-user', 'generated-data'], ['filters', 'generated-data'], ['single-user', 'generated-data']),
  },
  { variant: 'meta-location-relative', runs: runs(['single-user'], ['single-user', 'lifecycle'], ['single-user']) },
  {
    variant: 'page-size-1',
    runs: runs(['test-connection', 'restart', 'pagination'], ['filters', 'paging'], ['test-connection', 'import']),
  },
  // rfc7644 sends no manager PATCH (the Entra dialects only), so its single-user run is a smoke test there.
  { variant: 'group-description-undeclared', runs: runs(['groups'], ['groups'], ['groups']) },
  { variant: 'manager-reference-dropped', runs: runs(['single-user'], ['single-user'], ['single-user']) },
  {
    variant: 'discovery-without-token',
    runs: runs(['discovery', 'test-connection'], ['discovery', 'test-connection'], ['test-connection']),
  },
  // Paging is where an order other than creation order could trip a harness that assumed one.
  { variant: 'list-order-by-id', runs: runs(['test-connection', 'pagination'], ['paging'], ['import']) },
];

const code = (text: string) => `\`${text}\``;

/** The README section: one row per variant, in the order `variants` lists them. */
export function renderToleranceMatrix(variants: ReadonlyArray<{ name: string; description: string }>): string {
  const rows = variants.map(({ name, description }) => {
    const tolerance = TOLERANCES.find((t) => t.variant === name);
    const cells = PROFILES.map((profile) => tolerance?.runs[profile].join(', ') ?? '—');
    return `| ${code(name)} | ${description.replace(/\|/g, '\\|')} | ${cells.join(' | ')} | ${tolerance ? 'exit 0' : 'not verified'} |`;
  });
  return [
    'Every allowed behaviour `scim-conformance serve --variant NAME` can switch on, and the scenarios of',
    'each profile that meet it; every run exits 0 with no failed MUST check, verified by',
    '`test/e2e/tolerance-matrix.test.ts` against the reference server (regenerate with `npm run readme`).',
    '',
    `| variant | how the server behaves | ${PROFILES.join(' | ')} | verdict |`,
    `|---|---|${PROFILES.map(() => '---|').join('')}---|`,
    ...rows,
  ].join('\n');
}
