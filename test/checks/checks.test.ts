import { describe, expect, it } from 'vitest';
import { CHECKS, DEFAULT_CHECK_IDS, runCheck, suggestCheckId } from '../../src/checks/registry.js';
import { context, FAILING, PASSING } from './cases.js';

describe('checks registry', () => {
  it('should cover every registered check with passing and failing cases', () => {
    expect(Object.keys(PASSING).sort()).toEqual([...CHECKS.keys()].sort());
    expect(Object.keys(FAILING).sort()).toEqual([...CHECKS.keys()].sort());
  });

  it('should give every check a reference and a severity', () => {
    for (const check of CHECKS.values()) {
      expect(check.reference).toMatch(/RFC \d{4}|Entra/);
      expect(['must', 'should', 'may']).toContain(check.severity);
    }
  });

  it('should only run default checks that exist', () => {
    for (const id of DEFAULT_CHECK_IDS) expect(CHECKS.has(id)).toBe(true);
  });

  it('should suggest the closest id for a typo', () => {
    expect(suggestCheckId('list.total-result')).toBe('list.total-results');
    expect(suggestCheckId('zzzzzzzzzzzzzzzzzz')).toBeUndefined();
  });
});

describe.each([...CHECKS.keys()])('%s', (id) => {
  const check = CHECKS.get(id)!;
  it.each(PASSING[id])('should pass: %s', (_name, exchange, args) => {
    expect(runCheck(check, context(exchange, args))).toEqual({ status: 'passed' });
  });
  it.each(FAILING[id])('should fail: %s', (_name, exchange, args) => {
    const outcome = runCheck(check, context(exchange, args));
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.message.length).toBeGreaterThan(0);
  });
  it('should not throw on a response without a body', () => {
    const outcome = runCheck(check, context([{ status: 204 }], {}));
    expect(outcome.status === 'failed' ? outcome.message : '').not.toMatch(/unexpected error/);
  });
});
