import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CHECKS, DEFAULT_CHECK_IDS, runCheck, suggestCheckId } from '../../src/checks/registry.js';
import { fail, type CheckDefinition } from '../../src/checks/types.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { context, FAILING, PASSING, type FailingCase } from './cases.js';

type AnyCheck = CheckDefinition<Record<string, unknown>>;

/** The assertion every failing case makes: the check fails, for the reason the case names. */
function expectFailure(check: AnyCheck, [name, exchange, args, reason]: FailingCase): void {
  const outcome = runCheck(check, context(exchange, args));
  expect(outcome.status, name).toBe('failed');
  expect(outcome.status === 'failed' ? outcome.message : '', name).toMatch(reason);
}

describe('checks registry', () => {
  it('should cover every registered check with passing and failing cases', () => {
    expect(Object.keys(PASSING).sort()).toEqual([...CHECKS.keys()].sort());
    expect(Object.keys(FAILING).sort()).toEqual([...CHECKS.keys()].sort());
    for (const id of CHECKS.keys()) expect(FAILING[id].length, id).toBeGreaterThan(0);
  });

  it('should give every check with arguments a valid JSON Schema for them (the loader skips this)', () => {
    const ajv = new Ajv2020({ strict: true });
    const withArgs = [...CHECKS.values()].filter((check) => check.args);
    expect(withArgs.length).toBeGreaterThan(0);
    for (const check of withArgs) expect(ajv.validateSchema(check.args!), `${check.id}: ${ajv.errorsText()}`).toBe(true);
    expect(ajv.validateSchema({ type: 'object', properties: { n: { type: 'integr' } } })).toBe(false);
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

  it('should judge no protocol message as a resource: a BulkResponse has no id or meta of its own', () => {
    const bulk = { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkResponse'], Operations: [] };
    for (const id of ['resource.id', 'resource.meta-location', 'resource.meta-complete']) {
      expect(runCheck(CHECKS.get(id)!, context([{ status: 200, json: bulk }], {})).status, id).toBe('skipped');
    }
  });

  it('should suggest the closest id for a typo', () => {
    expect(suggestCheckId('list.total-result')).toBe('list.total-results');
    expect(suggestCheckId('zzzzzzzzzzzzzzzzzz')).toBeUndefined();
  });

  it('should reach every failure branch of every check with a failing case', () => {
    // Each fail('…') message in src/checks, its ${…} parts as wildcards, must be produced by some failing case.
    const dir = join(PACKAGE_ROOT, 'src/checks');
    const branches = readdirSync(dir).flatMap((file) =>
      [...readFileSync(join(dir, file), 'utf8').matchAll(/\bfail\(\s*(['`])((?:\\.|(?!\1)[^\\])*)\1/g)].map(
        ([, , text]) => ({
          where: `${file}: ${text}`,
          pattern: new RegExp(
            `^${text
              .split(/\$\{(?:[^{}]|\{[^}]*\})*\}/)
              .map((part) => part.replace(/\\(.)/g, '$1').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('.*')}$`,
          ),
        }),
      ),
    );
    expect(branches.length).toBeGreaterThan(40);
    const messages = [...CHECKS.values()].flatMap((check) =>
      FAILING[check.id].map(([, exchange, args]) => {
        const outcome = runCheck(check, context(exchange, args));
        return outcome.status === 'failed' ? outcome.message : '';
      }),
    );
    expect(branches.filter(({ pattern }) => !messages.some((m) => pattern.test(m))).map((b) => b.where)).toEqual([]);
  });
});

describe('a check that crashes', () => {
  const crashing = (check: AnyCheck): AnyCheck => ({
    ...check,
    run: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'length')");
    },
  });

  it.each([...CHECKS.keys()])('%s: is a harness error naming the check, never a failed result', (id) => {
    const check = CHECKS.get(id)! as AnyCheck;
    const [, exchange, args] = FAILING[id][0];
    expect(() => runCheck(crashing(check), context(exchange, args))).toThrow(
      expect.objectContaining({ code: 'E_HARNESS', message: expect.stringContaining(`check ${id} raised`) }),
    );
  });

  it.each([...CHECKS.keys()])('%s: fails every one of its failing cases', (id) => {
    const check = CHECKS.get(id)! as AnyCheck;
    for (const failing of FAILING[id]) expect(() => expectFailure(crashing(check), failing)).toThrow();
  });

  it.each([...CHECKS.keys()])('%s: failing for the wrong reason fails every one of its failing cases', (id) => {
    const wrong: AnyCheck = { ...(CHECKS.get(id)! as AnyCheck), run: () => fail('some other problem') };
    for (const failing of FAILING[id]) expect(() => expectFailure(wrong, failing)).toThrow();
  });
});

describe.each([...CHECKS.keys()])('%s', (id) => {
  const check = CHECKS.get(id)! as AnyCheck;
  it.each(PASSING[id])('should pass: %s', (_name, exchange, args) => {
    expect(runCheck(check, context(exchange, args))).toEqual({ status: 'passed' });
  });
  it.each(FAILING[id])('should fail: %s', (...failing) => expectFailure(check, failing));
  it('should not throw on a response without a body', () => {
    expect(() => runCheck(check, context([{ status: 204 }], {}))).not.toThrow();
  });
});
