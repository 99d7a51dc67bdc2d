/**
 * The end-to-end tests spawn the built CLI (dist/). Before any test runs, dist/ is rebuilt when a
 * source file is newer than the last build, so a stale build can never pass for the current code.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

const BUILT = join(PACKAGE_ROOT, 'dist/cli/main.js');

function newestSource(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => statSync(join(dir, name)).mtimeMs),
  );
}

function builtAt(): number {
  try {
    return statSync(BUILT).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  if (builtAt() >= newestSource(join(PACKAGE_ROOT, 'src'))) return;
  // The whole build (tsc, then what is generated from the code it built); tsc rewrites every
  // output, so dist/cli/main.js dates the build.
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
}
