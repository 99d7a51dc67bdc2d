/**
 * Issue 15, "Small things": per-request timeouts accurate to ~50 ms, a missing mTLS client
 * certificate named as the likely cause, a near-miss --scenario suggestion, a missing --config file
 * as a usage error, and a refused unsafe mutation as the scenario's error (exit 2, file and step).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimClient } from '../../src/http/client.js';
import { startReferenceServer, type RunningReferenceServer } from '../../src/reference-server/index.js';
import { cli, outDir } from './cli.js';
import { makeCertificates, opensslMissing, seedTenant, startMisbehavingTarget, startProxy } from './servers.js';

const TOKEN = 'small-things-e2e-token';

it('times a request out within about 50 ms of --timeout', async () => {
  const target = await startMisbehavingTarget('hang');
  const client = new ScimClient({ baseUrl: target.baseUrl, auth: { token: TOKEN }, timeoutMs: 300 });
  try {
    const durations: number[] = [];
    for (let i = 0; i < 3; i++) {
      const exchange = await client.send({ method: 'GET', path: '/Faults/hang' });
      expect(exchange.error).toEqual({ code: 'E_TARGET_TIMEOUT', message: 'no complete answer within 300 ms' });
      durations.push(exchange.durationMs);
    }
    console.log(`--timeout 300: gave up after ${durations.join(', ')} ms`);
    // undici's own timers tick every ~500 ms, so each of these used to take 500 to 1,000 ms; the
    // median leaves out one late wake-up on a busy machine.
    const [, median] = durations.sort((a, b) => a - b);
    expect(durations[0]).toBeGreaterThanOrEqual(300);
    expect(median).toBeLessThan(400);
  } finally {
    await client.close();
    await target.close();
  }
});

describe('usage errors', () => {
  it('suggests the path below scenarios/ for a scenario of another folder', async () => {
    const result = await cli(['run', '--scenario', 'initial-cycle']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --scenario initial-cycle: .*; did you mean load\/initial-cycle\?$/m);
  });

  it('prints the one-line error and the usage for a missing --config file', async () => {
    const result = await cli(['run', '--config', 'no-such-config.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('error: --config no-such-config.yaml: no such file');
    expect(result.stderr).toContain('Usage:\n  scim-conformance run');
  });

  it('exits 2 on a refused unsafe mutation, naming the scenario file and the step', async () => {
    const server = await startReferenceServer({ token: TOKEN });
    try {
      await seedTenant(server.baseUrl, TOKEN, { users: 2, groups: 1 });
      const result = await cli(
        ['run', '--target', server.baseUrl, '--out', outDir(), '--scenario', 'test/fixtures/unsafe/put.yaml'],
        { SCIM_TOKEN: TOKEN },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^error: \S*test\/fixtures\/unsafe\/put\.yaml:\d+:\d+ \(step 2, "PUT over the victim"\): refusing PUT \/Users\/\S+: the run did not create this resource$/m,
      );
    } finally {
      await server.close();
    }
  });
});

const missing = opensslMissing();
describe.skipIf(missing !== undefined)('mutual TLS without a client certificate', () => {
  let server: RunningReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ token: TOKEN });
  });
  afterAll(() => server?.close());

  it('names the missing client certificate as the likely cause', async () => {
    const certs = makeCertificates();
    const proxy = await startProxy({
      upstream: server.baseUrl,
      tls: {
        key: readFileSync(certs.serverKey, 'utf8'),
        cert: readFileSync(certs.serverCert, 'utf8'),
        ca: readFileSync(certs.caCert, 'utf8'),
        requestCert: true,
        rejectUnauthorized: true,
      },
    });
    try {
      const result = await cli(
        [
          'run',
          '--target',
          proxy.baseUrl,
          '--out',
          outDir(),
          '--no-html',
          '--scenario',
          'test-connection',
          '--ca',
          certs.caCert,
        ],
        { SCIM_TOKEN: TOKEN },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('if the target requires mutual TLS, pass --cert FILE --key FILE');
    } finally {
      await proxy.close();
    }
  });
});
