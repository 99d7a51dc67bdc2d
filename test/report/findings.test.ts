import { describe, expect, it } from 'vitest';
import { findingCategories } from '../../src/report/allure.js';
import { failureText } from '../../src/report/failure-text.js';
import { groupFindings, maskRunValues } from '../../src/report/findings.js';
import type { CheckResult } from '../../src/scenario/results.js';

const failed = (overrides: Partial<CheckResult> & Pick<CheckResult, 'id' | 'step' | 'message'>): CheckResult => ({
  scenario: 'single-user',
  title: `${overrides.id} holds`,
  severity: 'must',
  impact: 'blocks',
  status: 'failed',
  category: 'semantics',
  ...overrides,
});

describe('maskRunValues', () => {
  it('should mask the run tag with its generated suffix, ids and counts, and keep HTTP statuses', () => {
    expect(
      maskRunValues(
        'scimconf-d5463b.91f30ec5@Contoso.example at /Users/75586b6c-59f2-433b-80e4-e6ae93b842b3 (id a1b2c3d4e5): 3 of 12, HTTP 400',
      ),
    ).toBe('<generated> at /Users/<id> (id <id>): <n> of <n>, HTTP 400');
  });
});

describe('groupFindings', () => {
  it('should make one finding of one failure repeated across steps and scenarios, counting each', () => {
    const findings = groupFindings([
      failed({ id: 'http.status', step: 'Disable', message: 'expected HTTP 200 or 204, got 400', reproduce: 'curl 1' }),
      failed({
        id: 'http.status',
        scenario: 'deprovision',
        step: 'Disable',
        message: 'expected HTTP 200 or 204, got 400',
      }),
      failed({
        id: 'http.status',
        scenario: 'deprovision',
        step: 'Enable',
        message: 'expected HTTP 200 or 204, got 400',
      }),
      { ...failed({ id: 'http.status', step: 'Create', message: 'ok' }), status: 'passed' },
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      check: 'http.status',
      occurrences: 3,
      reproduce: 'curl 1',
      where: [
        { scenario: 'single-user', step: 'Disable' },
        { scenario: 'deprovision', step: 'Disable' },
        { scenario: 'deprovision', step: 'Enable' },
      ],
    });
  });

  it('should group messages that differ only in run-specific values, and separate other causes', () => {
    const findings = groupFindings([
      failed({ id: 'list.total-results', step: 'a', message: 'scimconf-aaaaaa.1 found 2 resource(s)' }),
      failed({ id: 'list.total-results', step: 'b', message: 'scimconf-bbbbbb.2 found 5 resource(s)' }),
      failed({ id: 'http.status', step: 'c', message: 'expected HTTP 200, got 400' }),
      failed({ id: 'http.status', step: 'd', message: 'expected HTTP 200, got 404' }),
      failed({
        id: 'http.status',
        step: 'e',
        message: 'expected HTTP 200, got 400',
        serverSaid: 'HTTP 400 · detail "other"',
      }),
    ]);
    expect(findings.map((f) => [f.check, f.occurrences])).toEqual([
      ['list.total-results', 2],
      ['http.status', 1],
      ['http.status', 1],
      ['http.status', 1],
    ]);
  });

  it('should put the most serious first: blocks, validator, none; then MUST before SHOULD; leave waived failures out', () => {
    const findings = groupFindings([
      failed({ id: 'http.media-type', step: 'a', message: 'm', impact: 'none' }),
      failed({ id: 'auth.www-authenticate', step: 'b', message: 'w', impact: 'none', severity: 'should' }),
      failed({ id: 'error.scim-type', step: 'c', message: 's', impact: 'validator' }),
      failed({ id: 'json.matches', step: 'd', message: 'j' }),
      failed({ id: 'resource.id', step: 'e', message: 'x', waived: { reason: 'r', expires: '2999-01-01' } }),
    ]);
    expect(findings.map((f) => f.check)).toEqual([
      'json.matches',
      'error.scim-type',
      'http.media-type',
      'auth.www-authenticate',
    ]);
  });

  it('should grade by severity when there is no client (rfc7644), and keep ids stable', () => {
    const checks = [failed({ id: 'http.etag', step: 'a', message: 'no ETag', impact: undefined, severity: 'should' })];
    const [finding] = groupFindings(checks);
    expect(finding.impact).toBe('should');
    expect(finding.id).toMatch(/^[0-9a-f]{8}$/);
    expect(groupFindings(checks)[0].id).toBe(finding.id);
  });
});

describe('findingCategories', () => {
  it("should give each MUST finding an Allure category matching its tests' failure messages, and only theirs", () => {
    const disable = failed({
      id: 'http.status',
      step: 'Disable scimconf-aaaaaa.1',
      message: 'expected HTTP 200, got 400',
    });
    const other = failed({ id: 'http.status', step: 'Create', message: 'expected HTTP 201, got 500' });
    const rfcOnly = failed({
      id: 'auth.www-authenticate',
      step: 'x',
      message: 'w',
      severity: 'should',
      impact: 'none',
    });
    const categories = findingCategories(groupFindings([disable, other, rfcOnly]));
    expect(categories.map((c) => c.name)).toEqual([
      'BLOCKS · http.status: expected HTTP 200, got 400',
      'BLOCKS · http.status: expected HTTP 201, got 500',
    ]);
    const [first] = categories.map((c) => new RegExp(`^${c.messageRegex}$`));
    expect(first.test(failureText({ ...disable, step: 'Disable scimconf-bbbbbb.2' }))).toBe(true);
    expect(first.test(failureText(other))).toBe(false);
  });
});
