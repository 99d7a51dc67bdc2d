/**
 * Issue 15, "Progress on long work": on a terminal, a live line shows the running scenario's step
 * and, for property and load steps, the work done against its total, the rate and an ETA. Without
 * a terminal (CI, a pipe) nothing extra is printed. The terminal is a pseudo-terminal from
 * util-linux's `script`.
 */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { cli, outDir } from './cli.js';

const ARGS = ['run', '--no-html', '--scenario', 'properties/generated-data', '--runs', '30'];
const noScript = spawnSync('script', ['--version']).status !== 0;

/** Runs the CLI on a pseudo-terminal of 40 rows and 150 columns; returns everything it wrote. */
function onTerminal(args: string[]): Promise<{ code: number; output: string }> {
  const command = ['stty rows 40 cols 150;', process.execPath, join(PACKAGE_ROOT, 'dist/cli/main.js'), ...args].join(
    ' ',
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
  return new Promise((resolve) => {
    execFile('script', ['-qec', command, '/dev/null'], { env, cwd: PACKAGE_ROOT, timeout: 120_000 }, (error, stdout) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: stdout }),
    );
  });
}

describe.skipIf(noScript)('on a terminal', () => {
  it('shows a live line with the step, the cases done of their total, the rate and an ETA', async () => {
    // Spaced requests keep each step longer than the line's redraw interval on any machine, so the
    // line is redrawn while cases remain: the rate and ETA need two updates of one step.
    const { code, output } = await onTerminal([...ARGS, '--rate-limit', '100/s', '--out', outDir()]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/… generated-data: step 1\/4 "Generated users are stored as sent/);
    expect(output).toMatch(/· \d+\/30 cases · [\d.]+\/s · ETA \d+ s/);
    // The line is taken away before the scenario's result is written.
    expect(output).toMatch(/\x1b\[2K\x1b\[G {2}✓ generated-data/);
  }, 120_000);
});

it('prints no progress line without a terminal', async () => {
  const result = await cli([...ARGS, '--out', outDir()]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/✓ generated-data/);
  expect(result.stdout).not.toContain('…');
  expect(result.stdout).not.toMatch(/step \d+\/\d+|\x1b\[/);
}, 120_000);
