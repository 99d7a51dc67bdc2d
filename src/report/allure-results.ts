import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Globals, TestResult, TestResultContainer } from 'allure-js-commons';
import type { Category, EnvironmentInfo } from 'allure-js-commons/sdk';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';
import AllureVitestReporter from 'allure-vitest/reporter';
import type { RunnerTask } from 'vitest';
import type { TestCase, Vitest } from 'vitest/node';

/**
 * Writes allure-results files asynchronously, off the thread, and without syncing each to disk:
 * allure-js-commons' writer does both synchronously, on the thread that also serves the embedded
 * target (about 1 ms a file, and a run writes hundreds). `flush` waits for what was written so far.
 */
export class AllureResultsWriter implements Writer {
  private folder?: Promise<unknown>;
  private pending: Promise<unknown>[] = [];
  private failure?: unknown;
  private readonly resultsDir: string;

  constructor(resultsDir: string) {
    this.resultsDir = resultsDir;
  }

  writeResult(result: TestResult): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  writeGroup(group: TestResultContainer): void {
    this.write(`${group.uuid}-container.json`, JSON.stringify(group));
  }

  writeAttachment(fileName: string, content: Buffer): void {
    this.write(fileName, content);
  }

  writeAttachmentFromPath(fileName: string, from: string): void {
    this.track((path) => copyFile(from, path), fileName);
  }

  writeEnvironmentInfo(info: EnvironmentInfo): void {
    this.write('environment.properties', stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(categories: Category[]): void {
    this.write('categories.json', JSON.stringify(categories));
  }

  writeGlobals(fileName: string, globals: Globals): void {
    this.write(fileName, JSON.stringify(globals));
  }

  /** Resolves when every file written so far is; rejects with the first failure to write one. */
  async flush(): Promise<void> {
    await Promise.all(this.pending.splice(0));
    if (this.failure) throw this.failure;
  }

  private write(fileName: string, data: string | Buffer): void {
    this.track((path) => writeFile(path, data), fileName);
  }

  private track(write: (path: string) => Promise<void>, fileName: string): void {
    this.folder ??= mkdir(this.resultsDir, { recursive: true });
    const written = this.folder.then(() => write(join(this.resultsDir, fileName)));
    this.pending.push(written.catch((error: unknown) => (this.failure ??= error)));
  }
}

/**
 * allure-vitest's reporter, writing each scenario's results as soon as it ends, with
 * {@link AllureResultsWriter}: the stock one writes them all when the run ends, which then waits.
 */
export class AllureResultsReporter extends AllureVitestReporter {
  readonly writer: AllureResultsWriter;
  private readonly written = new WeakSet<RunnerTask>();
  private vitest?: Vitest;

  constructor(resultsDir: string) {
    super({ resultsDir });
    this.writer = new AllureResultsWriter(resultsDir);
  }

  override onInit(vitest: Vitest): void {
    super.onInit(vitest);
    this.vitest = vitest;
    // allure-vitest hard-wires allure-js-commons' writer in onInit.
    (this as unknown as { allureReporterRuntime: { writer: Writer } }).allureReporterRuntime.writer = this.writer;
  }

  onTestCaseResult(testCase: TestCase): void {
    const task = this.vitest?.state.idMap.get(testCase.id);
    if (task) this.handleTask(task);
  }

  override handleTask(task: RunnerTask): void {
    if (task.type === 'test') {
      if (this.written.has(task)) return;
      this.written.add(task);
    }
    super.handleTask(task);
  }

  override async onTestRunEnd(...args: Parameters<AllureVitestReporter['onTestRunEnd']>): Promise<void> {
    super.onTestRunEnd(...args);
    await this.writer.flush();
  }
}
