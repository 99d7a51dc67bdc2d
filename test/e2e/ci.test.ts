/**
 * The CI integrations as a vendor's pipeline runs them: the composite action's steps executed as
 * the runner would (inputs as environment, GITHUB_* files in a temporary folder), the GitLab
 * template's script, and action-validator over action.yml and the README's workflows.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_ROOT, SCENARIOS_DIR } from '../../src/paths.js';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { loadScenario } from '../../src/scenario/load.js';
import { filesBelow } from './cli.js';
import { readSummary } from './reports.js';

const run = promisify(execFile);
const TOKEN = 'ci-token-9f8e7d6c5b4a3f2e1d0c';
const CLI = `${process.execPath} ${join(PACKAGE_ROOT, 'dist/cli/main.js')}`;

interface ActionStep {
  name: string;
  id?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(join(PACKAGE_ROOT, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.NAME }}` as the runner expands it: the caller's value, else the input's default. */
function expand(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => {
    if (!(name in action.inputs)) throw new Error(`action.yml uses an undeclared input ${name}`);
    return inputs[name] ?? action.inputs[name].default ?? '';
  });
}

/** Runs the action's shell steps in order, as a runner would, and returns what they left behind. */
async function runAction(inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'scim-action-'));
  const files = { GITHUB_STEP_SUMMARY: join(dir, 'step-summary.md'), GITHUB_OUTPUT: join(dir, 'output') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (const step of action.runs.steps.filter((s) => s.run !== undefined)) {
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, inputs)]));
    const result = await run('bash', ['-c', expand(step.run!, inputs)], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: PACKAGE_ROOT,
        GITHUB_WORKSPACE: dir,
        ...files,
        ...env,
      },
      timeout: 180_000,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    stdout += result.stdout;
    stderr += result.stderr;
    code = 'code' in result && typeof result.code === 'number' ? result.code : 0;
  }
  const outputs = Object.fromEntries(
    readFileSync(files.GITHUB_OUTPUT, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { dir, code, stdout, stderr, outputs, stepSummary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
}

/** The line of a step of a scenario shipped with the harness. */
function stepLine(file: string, step: string): string {
  const found = loadScenario(join(SCENARIOS_DIR, file)).steps.find((s) => s.name === step);
  if (!found) throw new Error(`no step "${step}" in ${file}`);
  return found.location.split(':').at(-2)!;
}

describe('GitHub composite action', () => {
  let server: RunningReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN, faults: ['patch-string-boolean-rejected'] });
  });
  afterAll(() => server.close());

  it(
    'gates the job, annotates the scenario lines, fills the job summary and outputs, and never shows the token',
    { timeout: 240_000 },
    async () => {
      const result = await runAction({
        target: server.baseUrl,
        token: TOKEN,
        scenario: 'single-user',
        html: 'false',
        out: 'scim-report',
        cli: CLI,
      });
      expect(result.code, result.stdout + result.stderr).toBe(1);

      const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
      const disable = stepLine('entra/single-user.yaml', 'Disable the user (active false)');
      expect(annotations).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^::error file=scenarios/entra/single-user\\.yaml,line=${disable},title=http\\.status .*%0AServer said: HTTP 400`,
          ),
        ),
      );
      const summary = readSummary(join(result.dir, 'scim-report'));
      expect(annotations).toHaveLength(summary.findings.length);

      expect(result.stepSummary).toContain('| # | impact | severity | check | finding | occurrences | first at |');
      expect(result.stepSummary).toContain('Microsoft Entra ID: BLOCKED');
      expect(result.stepSummary).toContain('boolean attributes take true or false');

      expect(result.outputs).toEqual({
        verdict: 'not-conformant',
        'client-verdict': 'blocked',
        findings: String(summary.findings.length),
        'report-dir': join(result.dir, 'scim-report'),
      });

      const everything = [
        result.stdout,
        result.stderr,
        result.stepSummary,
        ...filesBelow(result.dir).map((f) => f.text),
      ];
      expect(everything.filter((text) => text.includes(TOKEN))).toEqual([]);
    },
  );

  it('escapes workflow-command text: a newline or a % in a message cannot start another command', async () => {
    const { escapeData, escapeProperty } = await import('../../src/report/github.js');
    expect(escapeData('50%\n::error::forged')).toBe('50%25%0A::error::forged');
    expect(escapeProperty('a:b,c\r')).toBe('a%3Ab%2Cc%0D');
  });
});

describe('GitLab template', () => {
  let server: RunningReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN });
  });
  afterAll(() => server.close());

  it(
    'runs its script and leaves every artifact path it declares, the JUnit report included',
    { timeout: 240_000 },
    async () => {
      const template = parse(readFileSync(join(PACKAGE_ROOT, 'templates/gitlab-ci.yml'), 'utf8')) as Record<
        string,
        {
          variables: Record<string, string>;
          script: string[];
          artifacts: { paths: string[]; reports: { junit: string } };
        }
      >;
      const job = template['scim-conformance'];
      const dir = mkdtempSync(join(tmpdir(), 'scim-gitlab-'));
      // The registry download stands aside: `npx --yes scim-conformance@VERSION ARGS` runs this build.
      const npx = `npx() { shift 2; ${CLI} "$@"; }`;
      const result = await run('bash', ['-c', [npx, ...job.script].join('\n')], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: dir, ...job.variables, SCIM_TARGET: server.baseUrl, SCIM_TOKEN: TOKEN },
        timeout: 180_000,
      });
      expect(result.stdout).toContain('Microsoft Entra ID: READY');
      for (const path of [...job.artifacts.paths, job.artifacts.reports.junit]) {
        expect(() => readFileSync(join(dir, path)), path).not.toThrow();
      }
      expect(
        filesBelow(dir)
          .filter((f) => f.text.includes(TOKEN))
          .map((f) => f.path),
      ).toEqual([]);
    },
  );
});

describe('action-validator', () => {
  const validator = join(PACKAGE_ROOT, 'node_modules/.bin/action-validator');
  const validate = (file: string) =>
    run(validator, [file]).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );

  it('accepts action.yml', async () => {
    expect(await validate(join(PACKAGE_ROOT, 'action.yml'))).toEqual({ code: 0, output: '' });
  });

  it('accepts every workflow of the README that uses the action', async () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const workflows = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map(([, text]) => text)
      .filter((text) => /^jobs:/m.test(text) && text.includes('/scim-conformance@'));
    expect(workflows.length).toBeGreaterThanOrEqual(2);
    const dir = mkdtempSync(join(tmpdir(), 'scim-workflows-'));
    for (const [i, text] of workflows.entries()) {
      const file = join(dir, `workflow-${i}.yml`);
      // A workflow needs its trigger; the README's second example shows only its jobs.
      writeFileSync(file, /^on:/m.test(text) ? text : `on: [push]\n${text}`);
      expect(await validate(file), text).toEqual({ code: 0, output: '' });
    }
  });

  it('refuses a broken action, so a pass means something', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scim-action-')), 'action.yml');
    writeFileSync(
      file,
      readFileSync(join(PACKAGE_ROOT, 'action.yml'), 'utf8').replace('using: composite', 'using: compost'),
    );
    expect((await validate(file)).code).not.toBe(0);
  });
});
