import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

/** How a spawned CLI ended. `killedByTest` is true when the test had to kill it (it did not end by itself). */
export interface SpawnedResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  killedByTest: boolean;
}

export interface SpawnedCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once `predicate` holds (checked on every stdout chunk and every 10 ms), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void>;
  /** Sends `signal` to the CLI (one process, by its pid). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the CLI exits; the CLI is killed with SIGKILL after `hardTimeoutMs` if it has not. */
  exited: Promise<SpawnedResult>;
}

/**
 * Starts the built CLI as a user would (clean environment plus `env`, cwd the package root), for tests
 * that must interact with the process while it runs (signals) or tell "ended by itself" from "killed".
 */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  hardTimeoutMs = 60_000,
  cwd: string = PACKAGE_ROOT,
): SpawnedCli {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SCIM_') && !k.startsWith('VITEST')),
  );
  const started = performance.now();
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist/cli/main.js'), ...args], {
    env: { ...base, ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let killedByTest = false;
  const hardTimer = setTimeout(() => {
    killedByTest = true;
    child.kill('SIGKILL');
  }, hardTimeoutMs);
  const exited = new Promise<SpawnedResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(hardTimer);
      resolve({
        code,
        signal,
        stdout,
        stderr,
        durationMs: Math.round(performance.now() - started),
        killedByTest,
      });
    });
  });
  let ended = false;
  void exited.then(() => (ended = true));

  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    signal: (signal) => {
      if (!ended) child.kill(signal);
    },
    exited,
    waitFor: (predicate, timeoutMs, what) =>
      new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const poll = setInterval(() => {
          if (predicate()) {
            clearInterval(poll);
            resolve();
          } else if (ended || Date.now() > deadline) {
            clearInterval(poll);
            reject(
              new Error(
                `${ended ? 'the CLI exited' : `${timeoutMs} ms passed`} before ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`,
              ),
            );
          }
        }, 10);
      }),
  };
}

/**
 * At most one CLI per CPU at once from one test file: each run is mostly CPU (Vitest starting up),
 * so more in parallel only slows every run down (and makes durations meaningless).
 */
const slots = { free: Math.max(2, availableParallelism()), waiting: [] as Array<() => void> };

async function withSlot<T>(body: () => Promise<T>): Promise<T> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await body();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

/** Runs the built CLI to its end (waiting for a free CPU first), recording whether it ended by itself. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  hardTimeoutMs = 60_000,
  cwd: string = PACKAGE_ROOT,
): Promise<SpawnedResult> {
  return withSlot(() => spawnCli(args, env, hardTimeoutMs, cwd).exited);
}

/** A stack trace line, as Node prints them. */
export const STACK_TRACE = /\n\s+at /;
