/**
 * Issue 15, "Nothing left behind": cleanup DELETEs survive a target that resets connections, and
 * `scim-conformance cleanup` deletes what a SIGKILLed run left, from its journal, and nothing else.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { cli, outDir } from './cli.js';
import { listAll, seedTenant, snapshot, startProxy, type RunningProxy } from './servers.js';
import { spawnCli } from './spawn.js';
import { readSummary } from './reports.js';

const TOKEN = 'cleanup-e2e-token';
const env = { SCIM_TOKEN: TOKEN };

describe('a target that resets every third request', () => {
  let server: RunningReferenceServer;
  let proxy: RunningProxy;
  let resets = 0;
  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN });
    proxy = await startProxy({
      upstream: server.baseUrl,
      // Reset before forwarding, so a reset request never reaches the reference server.
      intercept: (req, n) => {
        if (n % 3 !== 0) return undefined;
        resets++;
        req.socket.destroy();
        return { status: 200 };
      },
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('ends the run with nothing left on it: the cleanup DELETEs are retried', async () => {
    const out = outDir();
    const result = await cli(
      ['run', '--target', proxy.baseUrl, '--out', out, '--runs', '5', '--no-html'],
      env,
      180_000,
    );
    // Scenario requests are not retried: the resets are findings, so the run is not conformant.
    expect(result.code).toBe(1);
    expect(resets).toBeGreaterThan(10);
    expect(result.stdout).not.toContain('Left on the target');
    const summary = readSummary(out);
    expect(summary.transport.leftovers).toEqual([]);
    expect(await listAll(server.baseUrl, TOKEN, 'Users')).toEqual([]);
    expect(await listAll(server.baseUrl, TOKEN, 'Groups')).toEqual([]);
    expect(existsSync(join(out, '.created-resources.log'))).toBe(false);
  }, 180_000);
});

describe('scim-conformance cleanup after a SIGKILL', () => {
  let server: RunningReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('deletes what the killed run created, touches nothing else, and is safe to run twice', async () => {
    const foreign = await seedTenant(server.baseUrl, TOKEN, { users: 3, groups: 1 });
    const foreignPaths = [...foreign.users.map((id) => `/Users/${id}`), ...foreign.groups.map((id) => `/Groups/${id}`)];
    const before = await snapshot(server.baseUrl, TOKEN, foreignPaths);
    const out = outDir();
    const journal = join(out, '.created-resources.log');
    const run = spawnCli(
      [
        'run',
        '--target',
        server.baseUrl,
        '--out',
        out,
        '--scenario',
        'load/initial-cycle',
        '--users',
        '3000',
        '--groups',
        '20',
      ],
      env,
      120_000,
    );
    const created = () =>
      existsSync(journal)
        ? readFileSync(journal, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('+ ')).length
        : 0;
    await run.waitFor(() => created() >= 50, 60_000, 'the load cycle to create 50 resources');
    run.signal('SIGKILL');
    const killed = await run.exited;
    expect(killed.signal).toBe('SIGKILL');
    const left = (await listAll(server.baseUrl, TOKEN, 'Users')).length - foreign.users.length;
    expect(left).toBeGreaterThan(0);

    // A new run in the same --out finds the journal, says so, and does not lose it.
    const next = await cli(
      ['run', '--target', server.baseUrl, '--out', out, '--scenario', 'entra/test-connection', '--no-html'],
      env,
    );
    expect(next.code).toBe(0);
    expect(next.stdout).toContain(`scim-conformance cleanup --out ${out}`);

    // Pointed at another target, cleanup refuses and deletes nothing.
    const elsewhere = await cli(['cleanup', '--out', out, '--target', 'http://127.0.0.1:9/scim/v2'], env);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain(`not on http://127.0.0.1:9/scim/v2`);

    const cleaned = await cli(['cleanup', '--out', out], env);
    expect(cleaned.stderr).toBe('');
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout).toMatch(/Deleting \d+ resource\(s\) a run left on /);
    expect(cleaned.stdout.match(/^ {2}deleted \/(Users|Groups)\//gm)?.length).toBeGreaterThanOrEqual(left);
    expect(cleaned.stdout).toContain('Cleanup complete');
    const users = await listAll(server.baseUrl, TOKEN, 'Users');
    const groups = await listAll(server.baseUrl, TOKEN, 'Groups');
    expect(users.map((u) => u.id).sort()).toEqual([...foreign.users].sort());
    expect(groups.map((g) => g.id)).toEqual(foreign.groups);
    expect(await snapshot(server.baseUrl, TOKEN, foreignPaths)).toEqual(before);

    const again = await cli(['cleanup', '--out', out], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to clean up');
  }, 180_000);
});
