import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHarnessError } from '../../src/errors.js';
import {
  fromPreload,
  loadScenario,
  parseScenario,
  preloadEntry,
  restorePreloaded,
  shippedScenarioNames,
} from '../../src/scenario/load.js';
import { PACKAGE_ROOT, SCENARIOS_DIR } from '../../src/paths.js';
import { profileNames, loadProfile } from '../../src/runner/select.js';

const dir = mkdtempSync(join(tmpdir(), 'scimconf-load-'));
let counter = 0;

function scenarioFile(text: string): string {
  const file = join(dir, `s${counter++}.yaml`);
  writeFileSync(file, text);
  return file;
}

function loadError(text: string): { code: string; message: string } {
  const file = scenarioFile(text);
  try {
    loadScenario(file);
  } catch (error) {
    if (!isHarnessError(error)) throw error;
    return { code: error.code, message: error.message.replace(relative(process.cwd(), file), 'FILE') };
  }
  throw new Error('expected a load error');
}

const HEAD = 'name: demo\ntitle: Demo\nsteps:\n';

describe('loadScenario', () => {
  it('should load every scenario a profile names', () => {
    for (const name of profileNames()) {
      for (const scenario of loadProfile(name).scenarios) {
        expect(loadScenario(join(SCENARIOS_DIR, `${scenario}.yaml`)).steps.length).toBeGreaterThan(0);
      }
    }
  });

  it('should expand status and schema into checks with references', () => {
    const scenario = loadScenario(
      scenarioFile(
        `${HEAD}  - name: a\n    request: { method: GET, path: /Users }\n    expect: { status: 200, schema: ListResponse }\n`,
      ),
    );
    expect(scenario.steps[0].checks).toEqual([
      { id: 'http.status', args: { expected: 200 } },
      { id: 'schema.valid', args: { schema: 'ListResponse' }, reference: 'RFC 7644 §3.4.2' },
    ]);
    expect(scenario.steps[0].location).toMatch(/:4:5$/);
  });

  it.each([
    [
      'YAML syntax',
      `${HEAD}  - name: a\n    request: { method: GET, path: /Users\n`,
      'E_SCENARIO',
      /^FILE:\d+:\d+: YAML syntax error/,
    ],
    [
      'a missing property',
      `${HEAD}  - request: { method: GET, path: /Users }\n`,
      'E_SCENARIO',
      /^FILE:4:5: \/steps\/0 must have required property 'name'/,
    ],
    [
      'an unknown property',
      `${HEAD}  - name: a\n    request: { method: GET, path: /Users }\n    expects: {}\n`,
      'E_SCENARIO',
      /^FILE:6:5: unknown property "expects"/,
    ],
    [
      'a bad method',
      `${HEAD}  - name: a\n    request: { method: FETCH, path: /Users }\n`,
      'E_SCENARIO',
      /^FILE:5:24: \/steps\/0\/request\/method must be equal to one of the allowed values/,
    ],
    [
      'an unknown check',
      `${HEAD}  - name: a\n    request: { method: GET, path: /Users }\n    expect: { checks: [list.totl-results] }\n`,
      'E_CHECK_UNKNOWN',
      /^FILE:6:24: unknown check "list.totl-results"; did you mean "list.total-results"\?/,
    ],
    [
      'bad check arguments',
      `${HEAD}  - name: a\n    request: { method: GET, path: /Users }\n    expect: { checks: [{ id: list.total-results, args: { equals: -1 } }] }\n`,
      'E_SCENARIO',
      /^FILE:6:24: invalid arguments for list.total-results/,
    ],
    [
      'arguments to a check that takes none',
      `${HEAD}  - name: a\n    request: { method: GET, path: /Users }\n    expect: { checks: [{ id: resource.id, args: { x: 1 } }] }\n`,
      'E_SCENARIO',
      /takes no arguments/,
    ],
    [
      'an unknown schema',
      `${HEAD}  - name: a\n    request: { method: GET, path: /Users }\n    expect: { schema: Usr }\n`,
      'E_SCENARIO',
      /^FILE:6:23: unknown schema "Usr"/,
    ],
    [
      'an unknown variable',
      `${HEAD}  - name: a\n    request: { method: GET, path: '/Users/{{vars.nope}}' }\n`,
      'E_SCENARIO',
      /^FILE:5:35: unknown variable \{\{vars.nope\}\}/,
    ],
    [
      'a capture used before it is made',
      `${HEAD}  - name: a\n    request: { method: GET, path: '/Users/{{captures.id}}' }\n    capture: { id: /id }\n`,
      'E_SCENARIO',
      /unknown variable \{\{captures.id\}\}/,
    ],
    [
      'an unknown generator',
      `vars: { a: '{{gen.nope}}' }\n${HEAD}  - name: a\n    request: { method: GET, path: /Users }\n`,
      'E_SCENARIO',
      /^FILE:1:12: unknown variable \{\{gen.nope\}\}; known here: guid, suffix/,
    ],
    [
      'an unknown namespace',
      `${HEAD}  - name: a\n    request: { method: GET, path: '/{{env.HOME}}' }\n`,
      'E_SCENARIO',
      /unknown template namespace "env"/,
    ],
    [
      'a malformed template',
      `${HEAD}  - name: a\n    request: { method: GET, path: '/{{vars}}' }\n`,
      'E_SCENARIO',
      /malformed template expression/,
    ],
    [
      'repeat on an action step',
      `${HEAD}  - name: a\n    repeat: 3\n    action: { type: pages, path: /Users, count: 5 }\n`,
      'E_SCENARIO',
      /^FILE:4:5: /,
    ],
    [
      'a pages action without count',
      `${HEAD}  - name: a\n    action: { type: pages, path: /Users }\n`,
      'E_SCENARIO',
      /must have required property 'count'/,
    ],
    ['a missing file', null, 'E_SCENARIO', /cannot read \(ENOENT\)/],
  ])('should reject %s with file:line:col', (_name, text, code, message) => {
    const error =
      text === null
        ? (() => {
            try {
              loadScenario(join(dir, 'missing.yaml'));
            } catch (e) {
              return e as { code: string; message: string };
            }
            throw new Error('expected a load error');
          })()
        : loadError(text);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('should accept captures made by the same step in creates', () => {
    const scenario = loadScenario(
      scenarioFile(
        `${HEAD}  - name: a\n    request: { method: POST, path: /Users }\n    capture: { id: /id }\n    creates: '/Users/{{captures.id}}'\n`,
      ),
    );
    expect(scenario.steps[0].creates).toBe('/Users/{{captures.id}}');
  });
});

describe('preloaded scenarios (npm run build)', () => {
  const shipped = shippedScenarioNames();

  it('should give back, for every shipped scenario, what parsing it gives', () => {
    expect(shipped.length).toBeGreaterThan(10);
    for (const name of shipped) {
      const file = join(SCENARIOS_DIR, name);
      const entry = JSON.parse(JSON.stringify(preloadEntry(file))) as ReturnType<typeof preloadEntry>;
      expect(entry.scenario.steps[0].location, name).toMatch(/^:\d+:\d+$/);
      expect(restorePreloaded(entry, file), name).toEqual(parseScenario(file));
    }
  });

  it('should be built from the scenarios as they are now', () => {
    const preloaded = JSON.parse(
      readFileSync(join(PACKAGE_ROOT, 'dist', 'scenarios-preloaded.json'), 'utf8'),
    ) as Record<string, { hash: string }>;
    expect(Object.keys(preloaded).sort()).toEqual(shipped);
    for (const name of shipped) expect(preloaded[name].hash, name).toBe(preloadEntry(join(SCENARIOS_DIR, name)).hash);
  });

  it('should serve an entry only for a shipped file whose text still has its hash', () => {
    const name = shipped[0];
    const file = join(SCENARIOS_DIR, name);
    const entry = preloadEntry(file);
    expect(fromPreload({ [name]: entry }, file)).toEqual(parseScenario(file));
    expect(fromPreload({ [name]: { ...entry, hash: '0'.repeat(64) } }, file)).toBeUndefined();
    expect(fromPreload({}, file)).toBeUndefined();
    // The same text outside scenarios/ is not a shipped scenario.
    const copy = scenarioFile(readFileSync(file, 'utf8'));
    expect(fromPreload({ [name]: entry, [relative(SCENARIOS_DIR, copy)]: entry }, copy)).toBeUndefined();
  });
});
