import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { HarnessError } from '../errors.js';
import type { Answer } from '../http/types.js';

const RESOURCE_PATH = /^\/(users|groups)\/([^/]+)$/i;
/** The attribute each collection keeps unique (RFC 7643 §4.1.1; Entra for groups). */
const UNIQUE_NAME: Readonly<Record<string, string>> = { '/users': 'userName', '/groups': 'displayName' };

/**
 * The canonical form of a resource path: dot segments resolved, query and trailing slashes dropped,
 * the resource type spelt `Users`/`Groups`, the id decoded. `/users/x/`, `/Users/x?y=1` and
 * `/Groups/../Users/x` all name `/Users/x`, so none can slip past the guard.
 */
export function canonicalPath(path: string): string {
  const pathname = new URL(path, 'http://target.invalid').pathname.replace(/\/+$/, '');
  const match = RESOURCE_PATH.exec(pathname);
  if (!match) return pathname;
  const type = match[1].toLowerCase() === 'users' ? 'Users' : 'Groups';
  return `/${type}/${safeDecode(match[2])}`;
}

/** Whether `path` is the canonical path of one User or Group (the only things a journal may name). */
export function isResourcePath(path: string): boolean {
  return RESOURCE_PATH.test(path) && canonicalPath(path) === path;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The resources this run created. The engine refuses every PUT, PATCH or DELETE that does not
 * target one of them (or an id the run generated at random, which no real resource can have), so a
 * run against a vendor's tenant can only change its own data.
 *
 * With a journal file, every creation and deletion is appended to it as it happens, so another
 * thread or a later process can still clean up after an interrupted run (paths only: no secrets).
 */
export class OwnedResources {
  /** Insertion-ordered, so cleanup can go newest first. */
  private readonly live = new Set<string>();
  private readonly everOwned = new Set<string>();
  private readonly generatedIds = new Set<string>();
  private readonly journal: string | undefined;
  /** The journal, open for appending from the first line on: one write per line, not an open and close too. */
  private journalFd: number | undefined;

  constructor(journal?: string) {
    this.journal = journal;
  }

  /** Closes the journal file; a later line opens it again. */
  close(): void {
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = undefined;
  }

  private journalLine(line: string): void {
    if (!this.journal) return;
    this.journalFd ??= openSync(this.journal, 'a');
    writeSync(this.journalFd, line);
  }

  /** A random id the run generated (e.g. for "DELETE a non-existent user"): safe to target. */
  noteGenerated(value: string): void {
    this.generatedIds.add(value);
  }

  register(path: string): void {
    const line = this.track(path);
    if (line) this.journalLine(line);
  }

  /** Owns `path` from now on; returns its journal line, or '' when it was live already. */
  private track(path: string): string {
    const canonical = canonicalPath(path);
    this.everOwned.add(canonical);
    if (this.live.has(canonical)) return '';
    this.live.add(canonical);
    return `+ ${canonical}\n`;
  }

  markDeleted(path: string): void {
    const canonical = canonicalPath(path);
    if (!this.live.delete(canonical)) return;
    this.journalLine(`- ${canonical}\n`);
  }

  /**
   * Journals a POST to /Users or /Groups before it is sent, by the name the target keeps unique, and
   * returns what to call once its answer arrived: a run killed while the POST is in flight can then
   * still find what it created (`scim-conformance cleanup` looks the name up). The answer's id, when
   * it carried one, is registered in the same write that closes the entry: a kill between the two
   * would otherwise lose the resource. Nothing to call (undefined) when there is nothing to journal.
   */
  creating(method: string, path: string, body: unknown): ((createdId?: string) => void) | undefined {
    if (method !== 'POST' || !this.journal) return undefined;
    const collection = new URL(path, 'http://target.invalid').pathname.replace(/\/+$/, '').toLowerCase();
    const attr = UNIQUE_NAME[collection];
    const value = attr && body && typeof body === 'object' ? (body as Record<string, unknown>)[attr] : undefined;
    if (typeof value !== 'string') return undefined;
    const type = collection === '/users' ? '/Users' : '/Groups';
    const entry = `${type} ${attr} ${JSON.stringify(value)}`;
    this.journalLine(`? ${entry}\n`);
    return (createdId) => {
      const created = createdId === undefined ? '' : this.track(`${type}/${encodeURIComponent(createdId)}`);
      this.journalLine(`${created}! ${entry}\n`);
    };
  }

  /** Stops tracking a live resource without deleting it (kept on purpose, or it could not be deleted). */
  release(path: string): void {
    this.live.delete(canonicalPath(path));
  }

  /** Throws unless a PUT, PATCH or DELETE targets a resource this run owns. */
  assertMayMutate(method: string, path: string): void {
    if (method === 'GET' || method === 'POST') return;
    const canonical = canonicalPath(path);
    const match = RESOURCE_PATH.exec(canonical);
    if (this.everOwned.has(canonical) || (match && this.generatedIds.has(match[2]))) return;
    throw new HarnessError('E_UNSAFE', `refusing ${method} ${path}: the run did not create this resource`);
  }

  /** Live resources, newest first: groups created after their members are deleted before them. */
  pending(): string[] {
    return [...this.live].reverse();
  }
}

/** The id of what a successful POST created, also when its status is not the expected one (for cleanup). */
export function createdId({ status, json }: Pick<Answer, 'status' | 'json'>): string | undefined {
  if (status === undefined || status >= 300) return undefined;
  const id = (json as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** A POST the journal saw sent but not answered: its collection and the unique name it carried. */
export interface UnansweredCreation {
  collection: '/Users' | '/Groups';
  attr: string;
  value: string;
}

/** POSTs a journal records as sent and never answered (the run was killed while they were in flight). */
export function unansweredFromJournal(journal: string): UnansweredCreation[] {
  if (!existsSync(journal)) return [];
  const open = new Map<string, number>();
  for (const line of readFileSync(journal, 'utf8').split('\n')) {
    const entry = line.slice(2);
    if (line.startsWith('? ')) open.set(entry, (open.get(entry) ?? 0) + 1);
    if (line.startsWith('! ')) open.set(entry, (open.get(entry) ?? 0) - 1);
  }
  return [...open]
    .filter(([, count]) => count > 0)
    .flatMap(([entry]) => {
      const match = /^(\/Users|\/Groups) (userName|displayName) (".*")$/.exec(entry);
      const value = match ? parseString(match[3]) : undefined;
      return match && value !== undefined
        ? [{ collection: match[1] as UnansweredCreation['collection'], attr: match[2], value }]
        : [];
    });
}

function parseString(json: string): string | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The resources a journal says are still live, newest first. */
export function liveFromJournal(journal: string): string[] {
  if (!existsSync(journal)) return [];
  const live = new Set<string>();
  for (const line of readFileSync(journal, 'utf8').split('\n')) {
    if (line.startsWith('+ ')) live.add(line.slice(2));
    if (line.startsWith('- ')) live.delete(line.slice(2));
  }
  return [...live].reverse();
}
