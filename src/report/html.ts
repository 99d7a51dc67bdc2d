import { once } from 'node:events';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import { Worker } from 'node:worker_threads';

/** Options of {@link renderAllureReport}. */
export interface AllureReportOptions {
  /** allure-results folders; all of them are merged into one report. */
  resultsDirs: string[];
  /** Receives `index.html`; other files in it are left alone. */
  outputDir: string;
  /** The report's title; default `SCIM conformance`. */
  name?: string;
  /** Allure 3's history (JSON Lines, one line per run): read for trends, then appended to. */
  historyPath?: string;
  /** Failure categories (name + message regex), shown by the report. */
  categories?: Array<{ name: string; messageRegex: string; matchedStatuses?: string[] }>;
}

interface RenderJob {
  resultsDirs: string[];
  output: string;
  name: string;
  historyPath?: string;
  categories?: AllureReportOptions['categories'];
}

/*
 * Runs in a worker thread, which gets Allure ready as soon as it is created and renders the first
 * job posted to it: @allurereport/core logs straight to the console and, for a single-file report
 * too large for one string, calls process.exit(1); in a worker, both stay contained — output is
 * captured, and exit ends only the worker. The awesome plugin alone: in single-file mode it embeds
 * data and scripts, so index.html opens from file:// (its multi-file mode fetch()es JSON, which
 * browsers refuse there). The agent plugin, which core adds unless configured, writes AI-agent files
 * we do not want.
 *
 * Getting ready means loading Allure and resolving a configuration once (which loads the plugin):
 * about 0.8 s of CPU that runs beside the scenarios. A throw-away render as well was tried: it made
 * the real one no faster in a run, and took CPU from the scenarios. A failed warm-up is ignored:
 * the real render meets the same problem and reports it.
 */
const RENDER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
// Allure's local CI detector runs git in the working directory (one process per fact, each a fork
// of this one: about 70 ms in all) and embeds the repository's name, branch and remote URL in the
// report. None describes the target, and a remote may be private: here git answers as if absent.
const childProcess = require('node:child_process');
const spawnSync = childProcess.spawnSync;
childProcess.spawnSync = (command, ...rest) =>
  command === 'git' ? { error: Object.assign(new Error('git is not consulted'), { code: 'ENOENT' }) } : spawnSync(command, ...rest);
require('node:module').syncBuiltinESMExports();
const PLUGINS = { awesome: { options: { singleFile: true } }, agent: { enabled: false } };
async function render(core, { name, output, historyPath, categories, resultsDirs }) {
  const config = await core.resolveConfig({ name, output, historyPath, ...(categories && { categories }), plugins: PLUGINS });
  const report = new core.AllureReport(config);
  await report.start();
  for (const dir of resultsDirs) await report.readDirectory(dir);
  await report.done();
}
// @allurereport/core as the installed allure package depends on it (not necessarily hoisted next to us).
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const allure = createRequire(workerData.from).resolve('allure');
const ready = import(pathToFileURL(createRequire(allure).resolve('@allurereport/core')).href).then(async (core) => {
  await core.resolveConfig({ name: 'warm-up', output: join(tmpdir(), 'unused'), plugins: PLUGINS }).catch(() => {});
  return core;
});
parentPort.once('message', async (job) => render(await ready, job));
`;

/*
 * Allure 3 has no switch for the Google Analytics tag it puts in every report (allure3 issue #476);
 * a conformance report opened on someone's machine should not call out to Google.
 */
const ANALYTICS =
  /\s*<script async src="https:\/\/www\.googletagmanager\.com\/gtag\/js[^"]*"><\/script>\s*<script>[^<]*gtag\('config'[^<]*<\/script>/;

/**
 * Blanks the analytics tag of a rendered report where it lies, so the 5 MB file is neither copied
 * nor written again. Only the stretch from the tag to the next `</script>` but one is decoded and
 * matched (decoding all of it took 60 ms); both ends are ASCII, so no character is cut.
 */
async function blankAnalytics(file: string): Promise<void> {
  const html = await readFile(file);
  const start = html.indexOf('<script async src="https://www.googletagmanager.com/');
  if (start < 0) return;
  const firstEnd = html.indexOf('</script>', start);
  const secondEnd = firstEnd < 0 ? -1 : html.indexOf('</script>', firstEnd + 1);
  const end = secondEnd < 0 ? html.length : secondEnd + '</script>'.length;
  const stretch = html.subarray(start, end).toString('utf8');
  const tag = ANALYTICS.exec(stretch);
  if (!tag) return;
  const at = start + Buffer.byteLength(stretch.slice(0, tag.index));
  const blank = Buffer.alloc(Buffer.byteLength(tag[0]), ' ');
  const handle = await open(file, 'r+');
  try {
    await handle.write(blank, 0, blank.length, at);
  } finally {
    await handle.close();
  }
}

async function assertResultsDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new Error(`allure-results folder not found: ${dir}`);
  if (!info.isDirectory()) throw new Error(`not a folder: ${dir}`);
  if (!(await readdir(dir)).some((file) => file.endsWith('-result.json')))
    throw new Error(`no Allure test results (*-result.json) in ${dir}`);
}

/**
 * An Allure render worker. Created ahead of time (at the start of a run), it gets Allure ready (see
 * RENDER_SCRIPT) while the run goes on, so the report costs only its own rendering at the end. Renders once; `dispose` ends
 * it when no report is wanted after all.
 */
export class AllureRenderer {
  private readonly worker = new Worker(RENDER_SCRIPT, {
    eval: true,
    // Allure is found from here, by the worker: resolving it is not free, and this thread serves the run.
    workerData: { from: import.meta.url },
    stdout: true,
    stderr: true,
  });
  private readonly ended = Promise.allSettled([
    once(this.worker, 'exit'),
    text(this.worker.stdout),
    text(this.worker.stderr),
  ]);

  async render(job: RenderJob): Promise<void> {
    this.worker.postMessage(job);
    const [exit, stdout, stderr] = await this.ended;
    const log = [stdout, stderr]
      .map((r) => (r.status === 'fulfilled' ? r.value.trim() : ''))
      .filter(Boolean)
      .join('\n');
    const problem =
      exit.status === 'rejected'
        ? String(exit.reason instanceof Error ? exit.reason.message : exit.reason)
        : exit.value[0] !== 0
          ? `the renderer exited with code ${exit.value[0]}`
          : stderr.status === 'fulfilled' && stderr.value.trim() !== ''
            ? 'Allure reported errors'
            : undefined;
    if (problem) throw new Error(`Allure report not rendered: ${problem}${log ? `\n${log}` : ''}`);
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Renders one HTML report from one or more allure-results folders, on `renderer` (a worker started
 * ahead of time) or on one of its own; returns the path of index.html.
 */
export async function renderAllureReport(options: AllureReportOptions, renderer?: AllureRenderer): Promise<string> {
  if (options.resultsDirs.length === 0) throw new Error('no allure-results folder given');
  const resultsDirs = options.resultsDirs.map((dir) => resolve(dir));
  for (const dir of resultsDirs) await assertResultsDir(dir);
  const outputDir = resolve(options.outputDir);
  await mkdir(outputDir, { recursive: true });
  const historyPath = options.historyPath === undefined ? undefined : resolve(options.historyPath);
  if (historyPath) await mkdir(dirname(historyPath), { recursive: true });
  // Allure moves its plugin's folder up only when the output holds no other folder, and writes a
  // summary.json of its own: a fresh folder keeps both from meeting what outputDir already holds.
  const scratch = await mkdtemp(join(outputDir, '.allure-'));
  try {
    await (renderer ?? new AllureRenderer()).render({
      resultsDirs,
      output: scratch,
      name: options.name ?? 'SCIM conformance',
      ...(historyPath && { historyPath }),
      ...(options.categories && { categories: options.categories }),
    });
    const rendered = join(scratch, 'index.html');
    await blankAnalytics(rendered).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new Error('Allure report not rendered: Allure wrote no index.html') : error;
    });
    const index = join(outputDir, 'index.html');
    await rename(rendered, index);
    return index;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
