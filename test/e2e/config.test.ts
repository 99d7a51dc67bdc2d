/**
 * Issue 6, "Config" and "Bad input": scim-conformance.config.yaml (or --config FILE) under
 * flags > environment > file > defaults, paths relative to the file, and every mistake in it or in
 * a flag an exit 2 naming file:line:col or the flag.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext, vi } from 'vitest';
import { startReferenceServer } from '../../src/reference-server/index.js';
import { skipWithout } from '../tools.js';
import { closedPort, makeCertificates, opensslMissing, startProxy } from './servers.js';
import { runCli, spawnCli, STACK_TRACE } from './spawn.js';
import { readSummary } from './reports.js';

// Every test runs the built CLI, some several times; a busy CI machine may need the time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TOKEN = 'config-e2e-token-8e1f3b5d7a9c';
const CONFIG = 'scim-conformance.config.yaml';

/** A fresh working directory holding `files` (path relative to it → content). */
function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'scimconf-cwd-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function referenceServer(ctx: Pick<TestContext, 'onTestFinished'>) {
  const server = await startReferenceServer({ token: TOKEN });
  ctx.onTestFinished(() => server.close());
  return server;
}

const deadTarget = async () => `http://127.0.0.1:${await closedPort()}/scim/v2`;
const summaryIn = (dir: string) => readSummary(dir);
const firstLine = (stdout: string) => stdout.split('\n')[0];

describe.concurrent('precedence: flags > environment > config file > defaults', () => {
  it.concurrent('should take the file over the defaults, and the environment over the file', async (ctx) => {
    const { expect } = ctx;
    const live = await referenceServer(ctx);
    const cwd = workdir({
      [CONFIG]: [
        `target: ${await deadTarget()}`,
        'profile: zscaler',
        'seed: 4242',
        'html: false',
        'scenarios: [test-connection]',
        'out: reports-from-config',
      ].join('\n'),
    });
    const result = await runCli(['run'], { SCIM_TARGET: live.baseUrl, SCIM_TOKEN: TOKEN }, 60_000, cwd);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // profile, seed, scenarios, html, out from the file; target from SCIM_TARGET.
    expect(firstLine(result.stdout)).toBe(
      `scim-conformance: profile zscaler, 1 scenario(s) against ${live.baseUrl}, seed 4242`,
    );
    const out = join(cwd, 'reports-from-config');
    expect(summaryIn(out)).toMatchObject({ profile: 'zscaler', seed: 4242, target: live.baseUrl });
    expect(existsSync(join(out, 'allure-report'))).toBe(false);
  });

  it.concurrent('should take flags over the environment and the file', async (ctx) => {
    const { expect } = ctx;
    const live = await referenceServer(ctx);
    const cwd = workdir({
      // The file sits in a sub-folder: --config names it, `out` is relative to it.
      'conf/custom.yaml': [
        `target: ${await deadTarget()}`,
        'profile: zscaler',
        'timeout: 1',
        'seed: 1',
        'html: false',
        'out: out-next-to-config',
      ].join('\n'),
      // Present but not used: --config names another file.
      [CONFIG]: 'profile: rfc7644\n',
    });
    const result = await runCli(
      [
        'run',
        '--config',
        'conf/custom.yaml',
        '--target',
        live.baseUrl,
        '--profile',
        'entra',
        '--timeout',
        '30000',
        '--seed',
        '7',
        '--scenario',
        'test-connection',
      ],
      { SCIM_TARGET: await deadTarget(), SCIM_TOKEN: TOKEN },
      60_000,
      cwd,
    );
    // With the file's 1 ms timeout or either dead target, the run would fail.
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(firstLine(result.stdout)).toBe(
      `scim-conformance: profile entra, 1 scenario(s) against ${live.baseUrl}, seed 7`,
    );
    expect(existsSync(join(cwd, 'conf/out-next-to-config/summary.json'))).toBe(true);
    expect(existsSync(join(cwd, 'out-next-to-config'))).toBe(false);
  });

  it.concurrent('should let --token win over OAuth settings in the config file', async (ctx) => {
    const { expect } = ctx;
    const live = await referenceServer(ctx);
    const cwd = workdir({
      [CONFIG]: ['tokenUrl: http://127.0.0.1:9/oauth2/token', 'clientId: team-client', 'html: false'].join('\n'),
    });
    const result = await runCli(
      ['run', '--target', live.baseUrl, '--token', TOKEN, '--scenario', 'test-connection'],
      {},
      60_000,
      cwd,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe.concurrent('paths in the config file are relative to it', () => {
  it.skipIf(skipWithout('openssl', opensslMissing()))('should read `ca` next to the config file', async (ctx) => {
    const { expect } = ctx;
    const certs = makeCertificates();
    const server = await referenceServer(ctx);
    const proxy = await startProxy({
      upstream: server.baseUrl,
      tls: { key: readFileSync(certs.serverKey, 'utf8'), cert: readFileSync(certs.serverCert, 'utf8') },
    });
    ctx.onTestFinished(() => proxy.close());
    const cwd = workdir({
      'settings/certs/private-ca.pem': readFileSync(certs.caCert, 'utf8'),
      'settings/scim.yaml': [`target: ${proxy.baseUrl}`, 'ca: certs/private-ca.pem', 'html: false'].join('\n'),
    });
    const result = await runCli(
      ['run', '--config', 'settings/scim.yaml', '--scenario', 'test-connection', '--out', join(cwd, 'out')],
      { SCIM_TOKEN: TOKEN },
      60_000,
      cwd,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(proxy.forwarded()).toBeGreaterThan(0);
  });

  it.concurrent('should find scenario files named in the config file next to it', async (ctx) => {
    const { expect } = ctx;
    const server = await referenceServer(ctx);
    const cwd = workdir({
      'suite/mine.yaml': [
        'name: mine',
        'title: A scenario kept next to the config file',
        'steps:',
        '  - name: List users',
        '    request: { method: GET, path: /Users }',
        '    expect: { status: 200 }',
      ].join('\n'),
      'suite/scim.yaml': [`target: ${server.baseUrl}`, 'scenarios: [mine.yaml]', 'html: false'].join('\n'),
    });
    const result = await runCli(
      ['run', '--config', 'suite/scim.yaml', '--out', join(cwd, 'out')],
      { SCIM_TOKEN: TOKEN },
      60_000,
      cwd,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ mine/);
  });
});

describe.concurrent('mistakes in the config file or the flags', () => {
  it.concurrent.for([
    [
      'a wrong type',
      'profile: entra\ntimeout: fast\n',
      /^error: scim-conformance\.config\.yaml:2:10: \/timeout must be integer$/m,
    ],
    [
      'an out-of-range value',
      'rateLimit: 0\n',
      /^error: scim-conformance\.config\.yaml:1:12: \/rateLimit must be > 0$/m,
    ],
    [
      'a target that is no URL',
      'target: not a url\n',
      /^error: scim-conformance\.config\.yaml:1:9: \/target must match format "uri"$/m,
    ],
    [
      'an unknown key',
      'html: false\nprofle: entra\n',
      /^error: scim-conformance\.config\.yaml:2:1: unknown property "profle"$/m,
    ],
    [
      'a YAML syntax error',
      'profile: entra\ntarget: [unclosed\nseed: 3\n',
      /^error: scim-conformance\.config\.yaml:\d+:\d+: YAML syntax error: .+$/m,
    ],
    [
      'a token (secrets never come from the file)',
      'profile: entra\ntoken: file-token-value-0a1b2c\n',
      /^error: scim-conformance\.config\.yaml:2:1: unknown property "token"; secrets are never read from the config file: set SCIM_TOKEN or SCIM_CLIENT_SECRET$/m,
    ],
    [
      'a client secret',
      'clientSecret: file-secret-value-3d4e5f\n',
      /^error: scim-conformance\.config\.yaml:1:1: unknown property "clientSecret"; secrets are never read from the config file: set SCIM_TOKEN or SCIM_CLIENT_SECRET$/m,
    ],
  ] as const)('should exit 2 naming file:line:col for %s', async ([, config, message], { expect }) => {
    const cwd = workdir({ [CONFIG]: config });
    const result = await spawnCli(['run'], { SCIM_TOKEN: TOKEN }, 30_000, cwd).exited;
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    // A secret written into the file is not repeated back.
    for (const secret of ['file-token-value-0a1b2c', 'file-secret-value-3d4e5f'])
      expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it.concurrent.for([
    // Written at test time: a YAML file with a syntax error would trip `npm run format` in test/.
    [
      'syntax.yaml',
      /^error: \S*syntax\.yaml:6:5: YAML syntax error: .+$/m,
      'name: bad-syntax\ntitle: A scenario with a YAML syntax error\nsteps:\n  - name: Query\n    request: { method: GET, path: /Users\n    expect: { status: 200 }\n',
    ],
    ['schema.yaml', /^error: test\/fixtures\/bad-scenarios\/schema\.yaml:6:5: unknown property "expcet"$/m, undefined],
    [
      'unknown-variable.yaml',
      /^error: test\/fixtures\/bad-scenarios\/unknown-variable\.yaml:10:24: unknown variable \{\{vars\.usreName\}\}; known here: userName$/m,
      undefined,
    ],
  ] as const)(
    'should exit 2 naming file:line:col for a broken scenario file (%s)',
    async ([file, message, text], { expect }) => {
      const path = text === undefined ? `test/fixtures/bad-scenarios/${file}` : join(workdir({ [file]: text }), file);
      const result = await spawnCli(['run', '--scenario', path], { SCIM_TOKEN: TOKEN }).exited;
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(result.stdout).toBe('');
    },
  );

  it.concurrent('should exit 2 naming a --config file that does not exist', async ({ expect }) => {
    const result = await spawnCli(['run', '--config', 'missing.yaml'], { SCIM_TOKEN: TOKEN }, 30_000, workdir({}))
      .exited;
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: --config missing\.yaml: no such file$/m);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it.concurrent.for([
    [['--rate-limit', 'fast'], /^error: --rate-limit must look like 5\/s or 300\/m, got "fast"$/m],
    [['--timeout', '0'], /^error: --timeout must be an integer from 1 to 600000, got "0"$/m],
    [['--concurrency', '0'], /^error: --concurrency must be an integer from 1 to 256, got "0"$/m],
    [['--ca', 'no-such-ca.pem'], /^error: --ca no-such-ca\.pem: cannot read \(ENOENT\)$/m],
  ] as const)('should exit 2 naming the flag for run %j', async ([args, message], { expect }) => {
    const result = await spawnCli(['run', ...args], { SCIM_TOKEN: TOKEN }, 30_000, workdir({})).exited;
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^Usage:/m);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });
});
