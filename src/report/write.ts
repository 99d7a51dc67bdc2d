import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureCategories, findingCategories } from './allure.js';
import { toCertificate } from './certificate.js';
import { renderAllureReport, type AllureRenderer } from './html.js';
import { toJUnit } from './junit.js';
import type { Summary } from './summary.js';
import { verdictsText } from './terminal.js';

/** The files a run (or a merge of runs) leaves in its output folder, by what they are. */
export interface ReportPaths {
  summary: string;
  junit: string;
  certificate: string;
  allureResults: string;
  html?: string;
}

/**
 * Writes summary.json, junit.xml and summary.md, and renders the HTML report when asked (on
 * `html.renderer` when the caller started one ahead of time).
 */
export async function writeReports(
  outDir: string,
  summary: Summary,
  html: { resultsDirs: string[]; renderer?: AllureRenderer } | undefined,
): Promise<ReportPaths> {
  const paths: ReportPaths = {
    summary: join(outDir, 'summary.json'),
    junit: join(outDir, 'junit.xml'),
    certificate: join(outDir, 'summary.md'),
    allureResults: join(outDir, 'allure-results'),
  };
  writeFileSync(paths.summary, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(paths.junit, toJUnit(summary));
  writeFileSync(paths.certificate, toCertificate(summary));
  if (html) {
    paths.html = await renderAllureReport(
      {
        resultsDirs: html.resultsDirs,
        outputDir: join(outDir, 'allure-report'),
        // The title is what the report's summary shows first: both verdicts go there.
        name: `SCIM conformance: ${summary.profile} · ${verdictsText(summary)}`,
        // Kept beside the reports so Allure can show trends across runs.
        historyPath: join(outDir, 'allure-history.jsonl'),
        categories: [...findingCategories(summary.findings), ...failureCategories()],
      },
      html.renderer,
    );
  }
  return paths;
}
