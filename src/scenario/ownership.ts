import { HarnessError } from '../errors.js';

const RESOURCE_PATH = /^\/(Users|Groups)\/([^/?#]+)$/;

/**
 * The resources this run created. The engine refuses to PUT, PATCH or DELETE any resource that is
 * not in here (or whose id the run generated at random, which no real resource can have), so a run
 * against a vendor's tenant can only change its own data.
 */
export class OwnedResources {
  private readonly live: string[] = [];
  private readonly everOwned = new Set<string>();
  private readonly generatedIds = new Set<string>();

  /** A random id the run generated (e.g. for "DELETE a non-existent user"): safe to target. */
  noteGenerated(value: string): void {
    this.generatedIds.add(value);
  }

  register(path: string): void {
    if (!this.everOwned.has(path)) this.everOwned.add(path);
    if (!this.live.includes(path)) this.live.push(path);
  }

  markDeleted(path: string): void {
    const index = this.live.indexOf(path);
    if (index >= 0) this.live.splice(index, 1);
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
