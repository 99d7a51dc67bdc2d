#!/usr/bin/env node
/**
 * `npm run bench:suite`: where the default run's time goes. Runs `scim-conformance run` (profile
 * entra against the embedded reference server, HTML report included) `--runs` times, each in a
 * fresh process, and prints the median of each phase: start-up (Node, imports, profile and
 * scenario loading, starting Vitest, the embedded server) up to discovery, discovery, what is left
 * of the suite's start-up after it (Vitest's worker loads the suite meanwhile), each scenario, the suite's close, the reports, the exit, and
 * the wall time as the shell sees it, and the CPU time the run used (on a shared machine it varies
 * less than the wall time), and before each run the time of a fixed piece of work (speedProbe). Phases come from the run's User Timing marks
 * (bench/phase-marks.mjs). Nothing is asserted: the figures depend on the machine and its load.
 *
 * Options: --runs N (5); anything after `--` goes to `run` (e.g. `-- --no-html`).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '5' } },
  allowPositionals: true,
});
const runs = Math.max(1, Number.parseInt(values.runs, 10) || 1);
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const hook = fileURLToPath(new URL('./phase-marks.mjs', import.meta.url));

/** One run in its own process: its marks (ms since that process started) and the wall time seen from here. */
async function oneRun() {
  const scratch = mkdtempSync(join(tmpdir(), 'scim-bench-suite-'));
  const marksFile = join(scratch, 'marks.json');
  try {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', hook, main, 'run', '--out', join(scratch, 'out'), ...positionals],
      {
        env: { ...process.env, SCIM_BENCH_MARKS: marksFile },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const code = await new Promise((resolve) => child.once('exit', resolve));
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`run exited with ${code}`);
    return { ...JSON.parse(readFileSync(marksFile, 'utf8')), wallMs };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Phase name → duration in ms, in the order the run goes through them. */
function phases({ marks, exitAt, cpuMs, wallMs }) {
  const at = (name) => {
    const mark = marks.find((m) => m.name === name);
    if (!mark) throw new Error(`no mark ${name}: is dist/ built from the current sources?`);
    return mark.at;
  };
  const scenarios = marks.filter((m) => m.name.startsWith('scim:scenario:')).map((m) => m.name.slice(14));
  const out = [
    ['start-up', at('scim:discovery')],
    ['  of which Vitest started at', at('scim:vitest')],
    ['discovery', at('scim:suite') - at('scim:discovery')],
    ['suite start-up', at(`scim:scenario:${scenarios[0]}`) - at('scim:suite')],
  ];
  for (const name of scenarios) out.push([`  ${name}`, at(`scim:scenario-end:${name}`) - at(`scim:scenario:${name}`)]);
  out.push(
    ['suite close', at('scim:reports') - at(`scim:scenario-end:${scenarios.at(-1)}`)],
    ['reports', at('scim:done') - at('scim:reports')],
    ['exit', exitAt - at('scim:done')],
    ['total (wall)', wallMs],
    ['CPU, all threads', cpuMs],
  );
  return out;
}

/**
 * The time of a fixed piece of work like a run's: 2,000 request/response round trips over loopback
 * TCP and some JSON and hashing (about 0.3 s in all). A shared or virtual machine's speed drifts by
 * a quarter and more within minutes, so rounds compare only beside this figure.
 */
async function speedProbe() {
  const started = performance.now();
  const server = createServer((socket) => socket.on('data', (data) => socket.write(data)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = connect(server.address().port, '127.0.0.1');
  await once(client, 'connect');
  for (let i = 0; i < 2000; i++) {
    client.write('ping');
    await once(client, 'data');
  }
  client.destroy();
  server.close();
  const users = Array.from({ length: 20_000 }, (_, i) => ({ id: i, userName: `user${i}@example.com` }));
  const text = JSON.stringify(users);
  for (let i = 0; i < 5; i++)
    createHash('sha256')
      .update(JSON.stringify(JSON.parse(text)))
      .digest();
  return performance.now() - started;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

console.log(
  `default run (${['run', ...positionals].join(' ')}), ${runs} runs; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const all = [];
for (let i = 0; i < runs; i++) {
  const probe = await speedProbe();
  all.push([...phases(await oneRun()), ['speed probe before', probe]]);
}
for (const [k, [name]] of all[0].entries()) {
  const figures = all.map((run) => run[k][1]);
  console.log(
    `${name.padEnd(20)} ${String(Math.round(median(figures))).padStart(6)} ms   (${figures.map(Math.round).join(', ')})`,
  );
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
