import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { HarnessError } from '../errors.js';

const RESOURCE_PATH = /^\/(Users|Groups)\/([^/?#]+)$/;

/**
 * The resources this run created. The engine refuses to PUT, PATCH or DELETE any resource that is
 * not in here (or whose id the run generated at random, which no real resource can have), so a run
 * against a vendor's tenant can only change its own data.
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

  constructor(journal?: string) {
    this.journal = journal;
  }

  /** A random id the run generated (e.g. for "DELETE a non-existent user"): safe to target. */
  noteGenerated(value: string): void {
    this.generatedIds.add(value);
  }

  register(path: string): void {
    this.everOwned.add(path);
    if (this.live.has(path)) return;
    this.live.add(path);
    if (this.journal) appendFileSync(this.journal, `+ ${path}\n`);
  }

  markDeleted(path: string): void {
    if (!this.live.delete(path)) return;
    if (this.journal) appendFileSync(this.journal, `- ${path}\n`);
  }

  /** Stops tracking a live resource without deleting it (kept on purpose, or the target is gone). */
  release(path: string): void {
    this.live.delete(path);
  }

  /** Throws unless a mutating request targets a resource this run owns. */
  assertMayMutate(method: string, path: string): void {
    if (method === 'GET' || method === 'POST') return;
    const match = RESOURCE_PATH.exec(path);
    if (!match) return;
    const id = decodeURIComponent(match[2]);
    if (this.everOwned.has(path) || this.generatedIds.has(id)) return;
    throw new HarnessError('E_UNSAFE', `refusing ${method} ${path}: the run did not create this resource`);
  }

  /** Live resources, newest first: groups created after their members are deleted before them. */
  pending(): string[] {
    return [...this.live].reverse();
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
