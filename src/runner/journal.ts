/**
 * The run's journal of created resources in --out (`.created-resources.log`): written as they are
 * created and deleted, so a run killed before its own cleanup (SIGKILL, a CI timeout, the OOM
 * killer) can be cleaned up later by `scim-conformance cleanup`. It holds the target's URL and
 * resource paths, never a secret.
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.js';
import { ScimClient, type ScimClientOptions } from '../http/client.js';
import { deleteOwned } from '../scenario/cleanup.js';
import { isResourcePath, liveFromJournal, unansweredFromJournal } from '../scenario/ownership.js';

export const JOURNAL_FILE = '.created-resources.log';
const TARGET_LINE = '# target ';
const EMBEDDED_LINE = '# embedded ';

export const journalPath = (outDir: string) => join(outDir, JOURNAL_FILE);

/** The journals in `outDir`: the current one and those set aside by later runs. */
function journalsIn(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir)
    .filter((name) => name === JOURNAL_FILE || /^\.created-resources-[\w-]+\.log$/.test(name))
    .sort()
    .map((name) => join(outDir, name));
}

interface JournalContents {
  /** The target's base URL, absent in journals of the embedded server or older runs. */
  target?: string;
  embedded: boolean;
  live: string[];
}

/** The journal's first line, its header (the rest can be hundreds of thousands of lines). */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const text = buffer.toString('utf8', 0, readSync(fd, buffer));
    const end = text.indexOf('\n');
    return end < 0 ? text : text.slice(0, end);
  } finally {
    closeSync(fd);
  }
}

function journalHeader(file: string): Omit<JournalContents, 'live'> {
  const header = firstLine(file);
  const target = header.startsWith(TARGET_LINE) ? header.slice(TARGET_LINE.length) : undefined;
  return { ...(target && { target }), embedded: header.startsWith(EMBEDDED_LINE) };
}

function readJournal(file: string): JournalContents {
  return { ...journalHeader(file), live: liveFromJournal(file) };
}

/**
 * Starts the journal of a new run. A journal still listing live resources belongs to an earlier run
 * that did not finish: it is set aside (renamed), never lost, and the returned note says how to
 * clean up after it.
 */
export function startJournal(outDir: string, target: { baseUrl: string; embedded: boolean }): string | undefined {
  const file = journalPath(outDir);
  let note: string | undefined;
  if (existsSync(file)) {
    const earlier = readJournal(file);
    if (earlier.live.length > 0 && !earlier.embedded) {
      const kept = join(outDir, `.created-resources-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
      renameSync(file, kept);
      note =
        `An earlier run in ${outDir} did not finish its cleanup: ${earlier.live.length} resource(s) it created may ` +
        `still be on ${earlier.target ?? 'its target'} (listed in ${kept}). Delete them with: scim-conformance cleanup --out ${outDir}`;
    }
  }
  writeFileSync(file, `${target.embedded ? EMBEDDED_LINE : TARGET_LINE}${target.baseUrl}\n`);
  return note;
}

/** Ends a run's journal: removed when nothing it lists is left, kept for `cleanup` otherwise. */
export function finishJournal(outDir: string): void {
  const file = journalPath(outDir);
  if (existsSync(file) && (journalHeader(file).embedded || liveFromJournal(file).length === 0)) rmSync(file);
}

/**
 * Deletes what the journal says is still live, within `boundMs`; returns the leftovers with their
 * reasons. Each deletion is journalled, so what a timeout cuts short stays listed.
 */
export async function cleanUpJournal(
  file: string,
  connection: ScimClientOptions,
  boundMs: number,
  onDeleted: (path: string) => void = () => {},
): Promise<string[]> {
  const deleted = new Set<string>();
  const client = new ScimClient({ ...connection, timeoutMs: Math.min(connection.timeoutMs, 5_000), maxRetries: 0 });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), boundMs)));
  let live: string[] = [];
  const deleteLive = async () => {
    // The newest first: what POSTs in flight created, then the journal's live resources.
    live = [...new Set([...(await findUnanswered(client, file)), ...readJournal(file).live])].filter(isResourcePath);
    return deleteOwned(client, live, (path) => {
      deleted.add(path);
      appendFileSync(file, `- ${path}\n`);
      onDeleted(path);
    });
  };
  try {
    const leftovers = await Promise.race([deleteLive(), timedOut]);
    return (
      leftovers ??
      live.filter((path) => !deleted.has(path)).map((path) => `${path} (cleanup stopped after ${boundMs / 1000} s)`)
    );
  } finally {
    clearTimeout(timer);
    await client.close();
  }
}

/**
 * What the POSTs a killed run never saw answered created: looked up by the unique name each carried
 * (it holds the run's random tag, so no one else's resource has it) and journalled as live.
 */
async function findUnanswered(client: ScimClient, file: string): Promise<string[]> {
  const found: string[] = [];
  for (const { collection, attr, value } of unansweredFromJournal(file)) {
    const exchange = await client.send({
      method: 'GET',
      path: collection,
      query: [
        ['filter', `${attr} eq ${JSON.stringify(value)}`],
        ['attributes', 'id'],
      ],
    });
    const resources = (exchange.response?.json as { Resources?: Array<{ id?: unknown }> } | undefined)?.Resources;
    const entry = `${collection} ${attr} ${JSON.stringify(value)}`;
    if (!Array.isArray(resources)) continue; // still unknown: tried again by the next cleanup
    for (const { id } of resources) {
      if (typeof id !== 'string') continue;
      found.push(`${collection}/${id}`);
      appendFileSync(file, `+ ${collection}/${id}\n`);
    }
    appendFileSync(file, `! ${entry}\n`);
  }
  return found;
}

export interface CleanupOptions {
  outDir: string;
  /** Must match the journal's target when both are known; needed when the journal does not name one. */
  target?: string;
  connection: Omit<ScimClientOptions, 'baseUrl' | 'auth'> & { auth?: ScimClientOptions['auth'] };
  log: (line: string) => void;
}

const sameTarget = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * `scim-conformance cleanup`: deletes what the journals in --out list as live, and nothing else.
 * Safe to run twice (a journal is removed once nothing it lists is left; a 404 counts as deleted).
 * Returns the exit code: 0 when nothing is left.
 */
export async function cleanup(options: CleanupOptions): Promise<number> {
  const journals = journalsIn(options.outDir);
  let left = 0;
  for (const file of journals) {
    const journal = readJournal(file);
    const live = journal.live.filter(isResourcePath);
    const unanswered = unansweredFromJournal(file).length;
    if (live.length + unanswered === 0) {
      rmSync(file);
      continue;
    }
    if (journal.embedded) {
      options.log(
        `${file}: ${live.length} resource(s) were on the embedded reference server, which ended with its run.`,
      );
      rmSync(file);
      continue;
    }
    const target = options.target ?? journal.target;
    if (!target) throw new HarnessError('E_USAGE', `${file} does not name its target: pass --target`);
    if (journal.target && !sameTarget(target, journal.target)) {
      throw new HarnessError(
        'E_USAGE',
        `${file} lists resources created on ${journal.target}, not on ${target}: nothing was deleted`,
      );
    }
    const auth = options.connection.auth;
    if (!auth) {
      throw new HarnessError(
        'E_USAGE',
        `cleaning up on ${target} needs credentials: set SCIM_TOKEN (or pass --token), or use --token-url and --client-id with SCIM_CLIENT_SECRET`,
      );
    }
    options.log(
      `Deleting ${live.length} resource(s) a run left on ${target}` +
        (unanswered > 0 ? `, and what its ${unanswered} unanswered POST(s) created:` : ':'),
    );
    const leftovers = await cleanUpJournal(
      file,
      { ...options.connection, baseUrl: target, auth },
      10 * 60_000,
      (path) => options.log(`  deleted ${path}`),
    );
    for (const line of leftovers) options.log(`  could not delete ${line}`);
    left += leftovers.length;
    if (leftovers.length === 0) rmSync(file);
  }
  options.log(
    journals.length === 0
      ? `Nothing to clean up: no journal of created resources in ${options.outDir}.`
      : left === 0
        ? 'Cleanup complete: nothing the runs created is left.'
        : `${left} resource(s) are still on the target; run cleanup again later, or delete them by hand.`,
  );
  return left === 0 ? 0 : 1;
}
