import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with a clean environment plus `env`, in `cwd` (the package root by default). */
export function cli(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 120_000,
  cwd: string = PACKAGE_ROOT,
): Promise<CliResult> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('SCIM_') && !k.startsWith('VITEST') && !k.startsWith('GITHUB_')),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(PACKAGE_ROOT, 'dist/cli/main.js'), ...args],
      { env: { ...base, ...env }, timeout: timeoutMs, cwd },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

export const outDir = () => mkdtempSync(join(tmpdir(), 'scimconf-out-'));

/** Every file below `dir`, with its content, for leak checks. */
export function filesBelow(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
