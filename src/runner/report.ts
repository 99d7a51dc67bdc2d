import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, HarnessError } from '../errors.js';
import { mergeSummaries, type Summary } from '../report/summary.js';
import { verdictLine } from '../report/terminal.js';
import { writeGithubReport } from '../report/github.js';
import { writeReports } from '../report/write.js';
import type { Reporter } from './run.js';

/**
 * Renders the reports of earlier runs: the run in `outDir` itself, or several run folders (CI shards,
 * separate profiles) merged into one summary, one JUnit file, one certificate and one HTML report.
 */
export async function report(
  outDir: string,
  runDirs: readonly string[],
  log: (line: string) => void,
  reporter?: Reporter,
): Promise<number> {
  const inputs = (runDirs.length > 0 ? runDirs : [outDir]).map((dir) => resolve(dir));
  const summaries = inputs.map((dir) => {
    const file = join(dir, 'summary.json');
    if (!existsSync(file))
      throw new HarnessError('E_USAGE', `${dir} holds no summary.json: pass the --out folder of a run`);
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Summary;
    } catch (error) {
      throw new HarnessError('E_USAGE', `${file} is not valid JSON (${(error as Error).message})`);
    }
  });
  // A summary.json written before findings existed gets them computed from its checks.
  const summary = summaries.length === 1 && summaries[0].findings ? summaries[0] : mergeSummaries(summaries);
  mkdirSync(outDir, { recursive: true });
  const resultsDirs = inputs.map((dir) => join(dir, 'allure-results')).filter((dir) => existsSync(dir));
  const paths = await writeReports(resolve(outDir), summary, { resultsDirs });
  log(verdictLine(summary, paths));
  if (reporter === 'github') writeGithubReport(summary, resolve(outDir), log);
  return summary.gate.passed ? EXIT.conformant : EXIT.notConformant;
}
