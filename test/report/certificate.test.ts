import { describe, expect, it } from 'vitest';
import { toCertificate } from '../../src/report/certificate.js';
import { groupFindings } from '../../src/report/findings.js';
import { capabilityTable, verdictsOf, type Summary } from '../../src/report/summary.js';

type Check = Summary['checks'][number];

const check = (overrides: Partial<Check> & Pick<Check, 'id' | 'scenario' | 'step' | 'status'>): Check => ({
  title: `${overrides.id} holds`,
  severity: 'must',
  category: 'semantics',
  ...overrides,
});

const CURL = `curl -sS -i -X POST 'https://scim.example.com/scim/v2/Users' -H "Authorization: Bearer $SCIM_TOKEN" -H 'content-type: application/scim+json' --data-raw '{"userName":"a|b"}'`;

function summaryOf(checks: Check[]): Summary {
  const gate = checks.filter((c) => c.status === 'failed' && c.severity === 'must').length;
  const findings = groupFindings(checks);
  return {
    tool: { name: 'scim-conformance', version: '0.1.0' },
    target: 'https://scim.example.com/scim/v2',
    profile: 'entra',
    seed: 42,
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 1234,
    verdict: gate === 0 ? 'conformant' : 'not-conformant',
    totals: {
      passed: checks.filter((c) => c.status === 'passed').length,
      failed: gate,
      skipped: checks.filter((c) => c.status === 'skipped').length,
      warnings: checks.filter((c) => c.status === 'failed' && c.severity !== 'must').length,
      waived: 0,
    },
    gate: { failOn: 'must', passed: gate === 0 },
    findings,
    verdicts: verdictsOf(findings, undefined),
    scenarios: [
      {
        name: 'entra/test-connection',
        title: 'Test Connection | probe',
        status: 'passed',
        checks: 3,
        leftovers: [],
        throttled: 0,
      },
      {
        name: 'entra/single-user',
        title: 'Provision one user',
        status: gate === 0 ? 'passed' : 'failed',
        checks: checks.length - 3,
        leftovers: [],
        throttled: 0,
      },
    ],
    checks,
    transport: { throttled: 0, leftovers: [] },
  };
}

const connection: Check[] = [
  check({ id: 'http.status', scenario: 'entra/test-connection', step: 'Query a random userName', status: 'passed' }),
  check({ id: 'list.shape', scenario: 'entra/test-connection', step: 'Query a random userName', status: 'passed' }),
  check({
    id: 'auth.www-authenticate',
    scenario: 'entra/test-connection',
    step: 'Without a token',
    status: 'failed',
    severity: 'should',
    message: 'no WWW-Authenticate header on 401',
    reference: 'RFC 7235 §3.1',
    location: 'scenarios/entra/test-connection.yaml:20:5',
    reproduce: `curl -sS -i -X GET 'https://scim.example.com/scim/v2/Users'`,
  }),
];

const failingUser: Check[] = [
  check({ id: 'http.status', scenario: 'entra/single-user', step: 'Find the user', status: 'passed' }),
  check({
    id: 'http.status',
    scenario: 'entra/single-user',
    step: 'Create | the user',
    status: 'failed',
    category: 'status',
    message: 'expected status 201, got 500',
    expected: 201,
    actual: { status: 500, detail: 'x'.repeat(1000) },
    reference: 'RFC 7644 §3.3',
    location: 'scenarios/entra/single-user.yaml:31:5',
    reproduce: CURL,
  }),
  check({
    id: 'resource.id',
    scenario: 'entra/single-user',
    step: 'Read it back',
    status: 'skipped',
    message: 'captures.userId is missing',
  }),
];

describe('toCertificate', () => {
  const failing = toCertificate(summaryOf([...connection, ...failingUser]));

  it('states the run and the verdict with its totals', () => {
    expect(failing).toMatch(/^# SCIM conformance certificate\n/);
    expect(failing).toContain('| Target | https://scim.example.com/scim/v2 |');
    expect(failing).toContain('| Profile | entra |');
    expect(failing).toContain('| Date | 2025-01-02T03:04:05.000Z |');
    expect(failing).toContain('| Tool | scim-conformance 0.1.0 |');
    expect(failing).toContain('| Seed | 42 |');
    expect(failing).toContain('**Verdict: NOT CONFORMANT** — passed: 3, failed: 1, skipped: 1, warnings: 1');
  });

  it('has a row per scenario with its counts, | escaped', () => {
    expect(failing).toContain('| entra/test-connection | Test Connection \\| probe | passed | 2 | 0 | 0 | 1 |');
    expect(failing).toContain('| entra/single-user | Provision one user | failed | 1 | 1 | 1 | 0 |');
  });

  it('lists the findings most serious first, with expectation, location and curl', () => {
    const must = failing.indexOf('### 1. `http.status` (MUST) — entra/single-user › Create | the user');
    const warning = failing.indexOf(
      '### 2. `auth.www-authenticate` (SHOULD) — entra/test-connection › Without a token',
    );
    expect(must).toBeGreaterThan(failing.indexOf('## Findings (most serious first)'));
    expect(warning).toBeGreaterThan(must);
    // Findings lead; the scenario table follows them.
    expect(failing.indexOf('## Scenarios')).toBeGreaterThan(warning);
    const section = failing.slice(must, warning);
    expect(section).toContain('expected status 201, got 500');
    expect(section).toContain('- Expected: `201`');
    expect(section).toMatch(/- Actual: `\{"status":500,"detail":"x+… \(\d+ chars\)`/);
    expect(section).toContain('- Reference: RFC 7644 §3.3');
    expect(section).toContain('- Location: `scenarios/entra/single-user.yaml:31:5`');
    expect(section).toContain(`\`\`\`sh\n${CURL}\n\`\`\``);
    expect(failing).not.toContain('`resource.id` (MUST)');
    expect(failing).toContain('**RFC 7643/7644: 1 MUST deviation, 1 SHOULD/MAY**');
  });

  it("shows a failure repeated in several steps once, with where else and the server's words", () => {
    const repeated = (step: string) =>
      check({
        id: 'http.status',
        scenario: 'entra/single-user',
        step,
        status: 'failed',
        impact: 'blocks',
        message: 'expected HTTP 200 or 204, got 400',
        serverSaid: 'HTTP 400 · scimType invalidValue · detail "boolean attributes take true or false"',
      });
    const text = toCertificate(summaryOf([repeated('Disable'), repeated('Enable'), repeated('Disable again')]));
    expect(text.match(/^### /gm)).toHaveLength(1);
    expect(text).toContain('### 1. `http.status` (BLOCKS · MUST) — entra/single-user › Disable and 2 more');
    expect(text).toContain('- Also in: entra/single-user › Enable; entra/single-user › Disable again');
    expect(text).toContain(
      '- Server said: `HTTP 400 · scimType invalidValue · detail "boolean attributes take true or false"`',
    );
  });

  it('truncates long values near 300 characters', () => {
    const actual = /- Actual: `([^`]*)`/.exec(failing)![1]!;
    expect(actual.length).toBeGreaterThan(300);
    expect(actual.length).toBeLessThan(330);
  });

  it('keeps inline code intact when a value holds backticks', () => {
    const text = toCertificate(
      summaryOf([
        ...connection,
        check({ id: 'json.matches', scenario: 'entra/single-user', step: 's', status: 'failed', actual: 'a`b' }),
      ]),
    );
    expect(text).toContain('- Actual: ``"a`b"``');
  });

  it('lists no failures for a conformant run', () => {
    const passing = toCertificate(summaryOf(connection.slice(0, 2).concat(failingUser[0]!)));
    expect(passing).toContain('**Verdict: CONFORMANT** — passed: 3, failed: 0, skipped: 0, warnings: 0');
    expect(passing).toContain('No failures and no warnings.');
    expect(passing).not.toContain('## Findings');
    expect(passing).not.toContain('```sh');
  });

  it('shows the capability table: an allowed refusal there, the worst observation of a feature winning', () => {
    const capabilities = capabilityTable([
      { feature: 'sort', claimed: true, observed: 'supported', where: 'paging › Sorted, descending' },
      {
        feature: 'filter.sw',
        claimed: true,
        observed: 'refused (allowed)',
        where: 'filters › sw',
        detail: '400 invalidFilter: sw | not here',
      },
      { feature: 'sort', claimed: true, observed: 'refused', where: 'paging › Sorted, ascending', detail: '500' },
      { feature: 'me', observed: 'not tested', where: 'discovery › /Me', detail: 'the target is down' },
    ]);
    expect(Object.keys(capabilities)).toEqual(['filter.sw', 'me', 'sort']);
    expect(capabilities.sort).toEqual({
      claimed: true,
      observed: 'refused',
      where: ['paging › Sorted, descending', 'paging › Sorted, ascending'],
      detail: '500',
    });
    const text = toCertificate({ ...summaryOf(connection), capabilities });
    expect(text).toContain('## Capabilities');
    expect(text).toContain(
      '| filter.sw | supported | refused (allowed) (400 invalidFilter: sw \\| not here) | filters › sw |',
    );
    expect(text).toContain('| me | — | not tested (the target is down) | discovery › /Me |');
  });

  it('is deterministic', () => {
    expect(toCertificate(summaryOf([...connection, ...failingUser]))).toBe(failing);
  });
});
