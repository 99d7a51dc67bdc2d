import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { renderAllureReport } from '../../src/report/html.js';
import { skipWithout } from '../tools.js';

const CHROMIUM = '/usr/bin/chromium';
const NO_CHROMIUM = skipWithout('chromium', existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found`);

const root = await mkdtemp(join(tmpdir(), 'scimconf-html-'));
afterAll(() => rm(root, { recursive: true, force: true }));

let dirs = 0;
const freshDir = async (name: string) => {
  const dir = join(root, `${++dirs}-${name}`);
  await mkdir(dir, { recursive: true });
  return dir;
};

/** One Allure test result as allure-js writes it: `<uuid>-result.json` with labels, steps and timings. */
async function writeResult(
  dir: string,
  test: { name: string; status: 'passed' | 'failed'; epic: string; feature: string },
): Promise<void> {
  const uuid = randomUUID();
  const start = Date.parse('2025-01-02T03:04:05Z');
  const result = {
    uuid,
    historyId: `${test.feature}-history`,
    testCaseId: `${test.feature}-case`,
    name: test.name,
    fullName: `suites/conformance.test.ts#${test.name}`,
    status: test.status,
    stage: 'finished',
    start,
    stop: start + 900,
    labels: [
      { name: 'epic', value: test.epic },
      { name: 'feature', value: test.feature },
      { name: 'severity', value: 'critical' },
    ],
    parameters: [{ name: 'profile', value: 'entra' }],
    attachments: [],
    ...(test.status === 'failed' && { statusDetails: { message: 'http.status: expected 201, got 500' } }),
    steps: [
      {
        name: 'Find the user by externalId',
        status: test.status,
        stage: 'finished',
        start,
        stop: start + 400,
        parameters: [],
        attachments: [],
        steps: [
          {
            name: 'http.status [MUST]',
            status: test.status,
            stage: 'finished',
            start,
            stop: start + 1,
            parameters: [],
            attachments: [],
            steps: [],
          },
        ],
      },
    ],
  };
  await writeFile(join(dir, `${uuid}-result.json`), JSON.stringify(result));
}

const CONNECTION = {
  name: 'Test Connection answers like Entra',
  status: 'passed',
  epic: '1. Test Connection',
  feature: 'entra/test-connection',
} as const;
const USER = {
  name: 'Provision one user like Entra',
  status: 'failed',
  epic: '2. Provision a user',
  feature: 'entra/single-user',
} as const;

/** The page as Chromium renders it, without <script> elements: Allure embeds the data, the app draws the names. */
async function renderedText(index: string): Promise<string> {
  const profile = await mkdtemp(join(root, 'chromium-'));
  const { stdout } = await promisify(execFile)(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=10000',
      '--dump-dom',
      pathToFileURL(index).href,
    ],
    { timeout: 60_000, maxBuffer: 256 * 1024 * 1024 },
  );
  return stdout.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
}

describe('renderAllureReport', () => {
  it('renders one results folder to <outputDir>/index.html, quietly, without analytics', async () => {
    const results = await freshDir('allure-results');
    await writeResult(results, CONNECTION);
    const outputDir = join(root, 'report-one');
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      const index = await renderAllureReport({ resultsDirs: [results], outputDir, name: 'Entra run' });
      expect(index).toBe(join(outputDir, 'index.html'));
      expect(stdout).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const html = await readFile(join(outputDir, 'index.html'), 'utf8');
    expect(html).toContain('<title> Entra run </title>');
    expect(html).not.toContain('googletagmanager');
    expect(html).not.toContain('gtag(');
    // These tests run inside a git checkout: its name, branch and remote are not the target's business.
    expect(html).toContain('"ci":{"type":"local"');
    expect(html).toMatch(/"repoName":"","/);
    expect(html).toMatch(/"jobRunBranch":"","/);
  });

  it('leaves what outputDir already holds alone', async () => {
    const results = await freshDir('allure-results');
    await writeResult(results, CONNECTION);
    const outputDir = await freshDir('reports');
    await writeFile(join(outputDir, 'summary.json'), '{"ours":true}');
    await mkdir(join(outputDir, 'allure-results'));
    await renderAllureReport({ resultsDirs: [results], outputDir });
    expect(await readFile(join(outputDir, 'summary.json'), 'utf8')).toBe('{"ours":true}');
    expect(existsSync(join(outputDir, 'index.html'))).toBe(true);
    expect(existsSync(join(outputDir, 'awesome'))).toBe(false);
  });

  it('appends one history line per run to historyPath', async () => {
    const results = await freshDir('allure-results');
    await writeResult(results, CONNECTION);
    const historyPath = join(root, 'history', 'nested', 'history.jsonl');
    await renderAllureReport({
      resultsDirs: [results],
      outputDir: join(root, 'report-h1'),
      historyPath,
      name: 'Run A',
    });
    await renderAllureReport({
      resultsDirs: [results],
      outputDir: join(root, 'report-h2'),
      historyPath,
      name: 'Run B',
    });
    const lines = (await readFile(historyPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string });
    expect(lines.map((l) => l.name)).toEqual(['Run A', 'Run B']);
  });

  it('fails plainly on a missing, empty or non-folder results path, and on no folder at all', async () => {
    const empty = await freshDir('empty');
    const file = join(empty, 'not-a-folder.json');
    await writeFile(file, '{}');
    const outputDir = join(root, 'never');
    await expect(renderAllureReport({ resultsDirs: [], outputDir })).rejects.toThrow('no allure-results folder given');
    await expect(renderAllureReport({ resultsDirs: [join(root, 'missing')], outputDir })).rejects.toThrow(
      `allure-results folder not found: ${join(root, 'missing')}`,
    );
    await expect(renderAllureReport({ resultsDirs: [empty], outputDir })).rejects.toThrow(
      `no Allure test results (*-result.json) in ${empty}`,
    );
    await expect(renderAllureReport({ resultsDirs: [file], outputDir })).rejects.toThrow(`not a folder: ${file}`);
    expect(existsSync(outputDir)).toBe(false);
  });

  it('turns a failure inside Allure into an Error with its output', async () => {
    const results = await freshDir('allure-results');
    await writeResult(results, CONNECTION);
    const historyPath = await freshDir('history-is-a-folder');
    await expect(
      renderAllureReport({ resultsDirs: [results], outputDir: join(root, 'report-broken'), historyPath }),
    ).rejects.toThrow(/^Allure report not rendered: .*EISDIR/s);
  });

  describe.skipIf(NO_CHROMIUM)(`in headless Chromium (${CHROMIUM}; apt-get install chromium)`, () => {
    it('shows the test names from file://', async () => {
      const results = await freshDir('allure-results');
      await writeResult(results, CONNECTION);
      await writeResult(results, USER);
      const index = await renderAllureReport({ resultsDirs: [results], outputDir: join(root, 'report-browser') });
      const page = await renderedText(index);
      expect(page).toContain(CONNECTION.name);
      expect(page).toContain(USER.name);
    });

    it('merges two results folders into one report', async () => {
      const first = await freshDir('allure-results-a');
      const second = await freshDir('allure-results-b');
      await writeResult(first, CONNECTION);
      await writeResult(second, USER);
      const index = await renderAllureReport({ resultsDirs: [first, second], outputDir: join(root, 'report-merged') });
      const page = await renderedText(index);
      expect(page).toContain(CONNECTION.name);
      expect(page).toContain(USER.name);
    });
  });
});
