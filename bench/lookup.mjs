#!/usr/bin/env node
/**
 * `npm run bench`: is the harness the bottleneck of a load cycle? Starts the reference server in
 * its own process on 127.0.0.1, then measures Entra's lookup (`GET /Users?filter=userName eq "…"`)
 * at the same concurrency and for the same time with autocannon (https://github.com/mcollina/autocannon)
 * and with the harness's own lookup loop (the ScimClient, worker pool, histogram and judge of the
 * `load` action), alternating rounds and keeping each one's best, and prints both rates and their
 * ratio (the goal is at least 0.9). When both reach the server's ceiling the ratio is near 1 and
 * says only that the harness keeps up, so each client's CPU time per request is printed too, and
 * their ratio: that is what the harness itself costs (goal: at most 1.5 times autocannon's).
 * Nothing is asserted: the figures depend on the machine.
 *
 * Plain JavaScript over the built `dist/`, so it measures exactly the code `run` executes, with no
 * TypeScript loader in the way.
 *
 * Options: --concurrency N (16), --seconds N per round (5), --rounds N (2), --users N (1000).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ScimClient } from '../dist/http/client.js';
import { answered } from '../dist/load/judge.js';
import { forEachConcurrently } from '../dist/load/pool.js';
import { Traffic } from '../dist/load/traffic.js';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    users: { type: 'string', default: '1000' },
  },
});
const [concurrency, seconds, rounds, users] = [values.concurrency, values.seconds, values.rounds, values.users].map(
  (value) => Math.max(1, Number.parseInt(value, 10) || 1),
);
const WARM_UP_SECONDS = 1;

/** The reference server in a child process, so it does not share an event loop with either client. */
async function startServer(token) {
  const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  const child = spawn(process.execPath, [main, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, SCIM_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening at (\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the reference server exited with ${code}: ${output}`)));
  });
  return { baseUrl, stop: () => child.kill() };
}

/** Runs `measure` and adds the CPU time this process spent per request meanwhile, in µs. */
async function withCpu(measure) {
  const before = process.cpuUsage();
  const result = await measure();
  const { user, system } = process.cpuUsage(before);
  return { ...result, cpu: Math.round((user + system) / result.requests) };
}

async function withAutocannon(url, token, duration) {
  const result = await autocannon({
    url,
    connections: concurrency,
    duration,
    headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json' },
  });
  return {
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}

/** The `load` action's path for one lookup, repeated by `concurrency` workers until time is up. */
async function withHarness(client, request, duration) {
  const traffic = new Traffic((req) => client.ask(req));
  const ends = performance.now() + duration * 1000;
  await traffic.phase(() =>
    forEachConcurrently(
      Number.MAX_SAFE_INTEGER,
      concurrency,
      async () => void (await traffic.request('lookup', request, answered(200))),
      () => performance.now() >= ends,
    ),
  );
  const figures = traffic.figures({ users: 0, groups: 0, concurrency });
  return {
    requests: figures.requests,
    rps: figures.rps,
    p50: figures.p50Ms,
    p99: figures.p99Ms,
    failures: figures.errors,
  };
}

const token = randomBytes(16).toString('hex');
const server = await startServer(token);
const client = new ScimClient({ baseUrl: server.baseUrl, auth: { token }, timeoutMs: 10_000 });
try {
  await forEachConcurrently(users, concurrency, async (i) => {
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `bench.${i}@contoso.example` };
    await client.send({ method: 'POST', path: '/Users', body });
  });
  const request = {
    method: 'GET',
    path: '/Users',
    query: [['filter', `userName eq "bench.${users >> 1}@contoso.example"`]],
  };
  const url = client.url(request.path, request.query);
  console.log(`reference server ${server.baseUrl} holding ${users} users, pid ${process.pid} for the clients`);
  console.log(
    `lookup GET ${decodeURIComponent(new URL(url).search)}: ${concurrency} in flight, best of ${rounds} × ${seconds} s`,
  );

  await withAutocannon(url, token, WARM_UP_SECONDS);
  await withHarness(client, request, WARM_UP_SECONDS);
  const best = { autocannon: undefined, harness: undefined };
  const keep = (name, result) => {
    if (!best[name] || result.rps > best[name].rps) best[name] = result;
  };
  for (let round = 0; round < rounds; round++) {
    keep('autocannon', await withCpu(() => withAutocannon(url, token, seconds)));
    keep('harness', await withCpu(() => withHarness(client, request, seconds)));
  }
  const line = (name, { rps, p50, p99, failures, cpu }) =>
    `${name.padEnd(11)} ${Math.round(rps).toLocaleString('en').padStart(7)} requests/s  (p50 ${p50} ms, p99 ${p99} ms, ${failures} failed; client CPU ${cpu} µs/request)`;
  console.log(line('autocannon', best.autocannon));
  console.log(line('harness', best.harness));
  console.log(`ratio harness/autocannon: ${(best.harness.rps / best.autocannon.rps).toFixed(2)} (goal ≥ 0.9)`);
  console.log(
    `client CPU per request, harness/autocannon: ${(best.harness.cpu / best.autocannon.cpu).toFixed(2)} (goal ≤ 1.5)`,
  );
} finally {
  await client.close();
  server.stop();
}
