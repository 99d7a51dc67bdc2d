/**
 * Loaded with `node --import` by bench/suite.mjs: when the CLI exits, writes its User Timing marks
 * (the run's phases, see PHASE in src/runner/phases.ts) and the CPU time of all its threads to the
 * file named by SCIM_BENCH_MARKS.
 */
import { writeFileSync } from 'node:fs';

process.once('exit', () => {
  const marks = performance.getEntriesByType('mark').map(({ name, startTime }) => ({ name, at: startTime }));
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  const cpuMs = (userCPUTime + systemCPUTime) / 1000;
  writeFileSync(process.env.SCIM_BENCH_MARKS, JSON.stringify({ marks, exitAt: performance.now(), cpuMs }));
});
