/**
 * The phases of Entra's provisioning at scale (Entra "How provisioning works": initial cycle,
 * incremental cycles). Objects are processed concurrently, each one's requests in order, with at
 * most `plan.concurrency` requests in flight.
 */
import type { HttpRequest } from '../http/types.js';
import type { ActionContext } from '../scenario/engine.js';
import type { Directory } from './directory.js';
import { UPDATED_FAMILY_NAME } from './directory.js';
import { createdId } from '../scenario/ownership.js';
import { answered, created, findsNothing } from './judge.js';
import type { Plan } from './plan.js';
import { forEachConcurrently } from './pool.js';
import {
  addMembers,
  createGroup,
  createUser,
  deleteResource,
  disableUser,
  findGroup,
  findUser,
  removeMember,
  setFamilyName,
} from './requests.js';
import { sample } from './sample.js';
import type { Traffic } from './traffic.js';

export interface Cycle {
  ctx: ActionContext;
  plan: Plan;
  traffic: Traffic;
  directory: Directory;
  /** One unit of work done: a resource provisioned or deprovisioned, a change made (progress line). */
  done: () => void;
}

/** The units of work of a cycle, as {@link Cycle.done} counts them. */
export const workOf = (plan: Plan): number =>
  2 * (plan.users + plan.groups) +
  Math.min(plan.users, plan.updates + plan.disables + (plan.groups >= 2 ? plan.moves : 0));

const patched = answered(200, 204);

/** Looks an object up, creates it when nothing matches, and registers it for cleanup at once. */
async function provision({ ctx, traffic }: Cycle, lookup: HttpRequest, create: HttpRequest) {
  if (!(await traffic.request('lookup', lookup, findsNothing)).ok) return undefined;
  const id = createdId((await traffic.request('create', create, created)).answer);
  if (id !== undefined) ctx.owned.register(`${create.path}/${id}`);
  return id;
}

/** Every user (lookup by userName, create), then every group (lookup, create empty, add members in batches). */
export async function initialCycle(cycle: Cycle): Promise<void> {
  const { ctx, plan, traffic, directory } = cycle;
  const { dialect, mapping } = ctx.variant;
  const quarantined = () => traffic.quarantined;
  await forEachConcurrently(
    directory.users,
    plan.concurrency,
    async (i) => {
      const lookup = findUser(directory.userName(i));
      directory.userIds[i] = await provision(cycle, lookup, createUser(directory.newUser(i), mapping));
      cycle.done();
    },
    quarantined,
  );
  await forEachConcurrently(
    directory.groups,
    plan.concurrency,
    async (j) => {
      const lookup = findGroup(directory.displayName(j));
      const id = await provision(cycle, lookup, createGroup(directory.newGroup(j), dialect));
      directory.groupIds[j] = id;
      if (id !== undefined) {
        const members = directory.initialMembers(j);
        for (let k = 0; k < members.length; k += plan.memberBatch) {
          await traffic.request('patch', addMembers(id, members.slice(k, k + plan.memberBatch), dialect), patched);
        }
      }
      cycle.done();
    },
    quarantined,
  );
}

/** A few changes, as an incremental cycle brings them: family names updated, users disabled, users moved to the next group. */
export async function incrementalCycle(cycle: Cycle, random: () => number): Promise<void> {
  const { ctx, plan, traffic, directory } = cycle;
  const { dialect } = ctx.variant;
  const moves = directory.groups >= 2 ? plan.moves : 0;
  const picked = sample(random, directory.users, plan.updates + plan.disables + moves);
  const change = async (n: number) => {
    await changeOne(n);
    cycle.done();
  };
  const changeOne = async (n: number) => {
    const i = picked[n];
    const userId = directory.userIds[i];
    if (userId === undefined) return;
    if (n < plan.updates) {
      directory.updated.add(i);
      await traffic.request('patch', setFamilyName(userId, UPDATED_FAMILY_NAME, dialect), patched);
    } else if (n < plan.updates + plan.disables) {
      directory.disabled.add(i);
      await traffic.request('patch', disableUser(userId, dialect), patched);
    } else {
      const from = i % directory.groups;
      const to = (from + 1) % directory.groups;
      const [fromId, toId] = [directory.groupIds[from], directory.groupIds[to]];
      if (fromId === undefined || toId === undefined) return;
      directory.moved.set(i, to);
      await traffic.request('patch', removeMember(fromId, userId, dialect), patched);
      await traffic.request('patch', addMembers(toId, [userId], dialect), patched);
    }
  };
  await forEachConcurrently(picked.length, plan.concurrency, change, () => traffic.quarantined);
}

/**
 * Deletes every group, then every user, the cycle created. Whatever fails, or is not tried because
 * the target is failing most requests, is left to the engine's cleanup (which reports it as left
 * over when the target is down).
 */
export async function deprovision({ plan, traffic, directory, done }: Cycle): Promise<void> {
  for (const [ids, endpoint] of [
    [directory.groupIds, '/Groups'],
    [directory.userIds, '/Users'],
  ] as const) {
    await forEachConcurrently(
      ids.length,
      plan.concurrency,
      async (n) => {
        const id = ids[n];
        if (id !== undefined) await traffic.request('delete', deleteResource(`${endpoint}/${id}`), answered(204));
        done();
      },
      () => traffic.quarantined,
    );
  }
}
