import { describe, expect, it } from 'vitest';
import { buildSummary, mergeSummaries } from '../../src/report/summary.js';
import type { CheckResult, ScenarioResult } from '../../src/scenario/results.js';
import { schemaValidator } from '../../src/schemas/validator.js';

const validate = (value: unknown) => schemaValidator().validate('harness/summary', value);

const failed: CheckResult = {
  id: 'http.status',
  scenario: 'single-user',
  step: 'Disable the user (active false)',
  title: 'The response has the expected HTTP status',
  severity: 'must',
  impact: 'blocks',
  status: 'failed',
  category: 'status',
  message: 'expected HTTP 200 or 204, got 400',
  serverSaid: 'HTTP 400 · scimType invalidValue',
  reference: 'RFC 7644 §3.5.2',
  reproduce: 'curl -X PATCH … -H "Authorization: Bearer $SCIM_TOKEN"',
  expected: [200, 204],
  actual: 400,
  location: 'scenarios/entra/single-user.yaml:276:5',
};

const scenario: ScenarioResult = {
  scenario: 'single-user',
  title: 'Provision one user',
  file: 'scenarios/entra/single-user.yaml',
  checks: [
    failed,
    { ...failed, step: 'Reactivate the user', waived: { reason: 'fix in review', expires: '2027-01-31' } },
    { ...failed, step: 'Read the user back by id', status: 'passed', message: undefined },
  ],
  leftovers: [],
  throttled: 2,
  throttledSpan: { accepted: 40, ms: 2_000 },
  capabilities: [{ feature: 'sort', claimed: true, observed: 'supported', where: 'paging › Sorted' }],
};

const summary = buildSummary(
  {
    target: 'https://scim.example.com/scim/v2',
    profile: 'entra',
    client: 'Microsoft Entra ID',
    seed: 7,
    startedAt: new Date('2026-11-30T12:00:00Z'),
    durationMs: 1234,
    notTested: ['nickName'],
  },
  [scenario],
);

describe('summary.schema.json', () => {
  it('describes a summary with every optional part filled in, and a merged one', () => {
    expect(validate(JSON.parse(JSON.stringify(summary)))).toEqual([]);
    expect(validate(JSON.parse(JSON.stringify(mergeSummaries([summary, summary]))))).toEqual([]);
  });

  it('refuses a field it does not describe, at the top and inside', () => {
    expect(validate({ ...summary, newField: 1 })).toEqual(['/ must NOT have additional properties']);
    const check = { ...summary.checks[0], note: 'x' };
    expect(validate({ ...summary, checks: [check] })).toEqual(['/checks/0 must NOT have additional properties']);
    const finding = { ...summary.findings[0], extra: true };
    expect(validate({ ...summary, findings: [finding] })).toEqual(['/findings/0 must NOT have additional properties']);
  });

  it('refuses a value outside the contract', () => {
    expect(validate({ ...summary, verdict: 'ready' })).toEqual(['/verdict must be equal to one of the allowed values']);
  });
});
