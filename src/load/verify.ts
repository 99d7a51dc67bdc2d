/**
 * Reads back what a cycle left on the target: how many users and groups carry the run's tag
 * (filtered queries, RFC 7644 §3.4.2.2), and the state of a sample of users and groups together
 * with every one the incremental cycle changed. These reads are the harness's, not Entra's
 * traffic, so they are not part of the load figures.
 */
import { findMismatch, resolvePointer } from '../checks/json.js';
import { isObject } from '../checks/types.js';
import type { Answer, HttpRequest } from '../http/types.js';
import type { Cycle } from './cycle.js';
import { answered, totalResults } from './judge.js';
import { forEachConcurrently } from './pool.js';
import { sample } from './sample.js';
import { Tally } from './tally.js';

const REFERENCE = {
  userCount: 'Entra "How provisioning works" (every assigned user is provisioned); RFC 7644 §3.4.2.2',
  groupCount: 'Entra "How provisioning works" (every assigned group is provisioned); RFC 7644 §3.4.2.2',
  users: 'Entra "Update User", "Disable User" (R7: disabled users stay readable); RFC 7644 §3.5.2',
  members: 'Entra "Update Group [Add Members]", "[Remove Members]"; RFC 7644 §3.5.2.1, §3.5.2.2',
};

const read = answered(200);

/**
 * Reads `first`, then `cycle.plan.samples` more drawn at random, of the objects whose ids the target
 * gave (`ids`), and tallies what `problem` finds wrong with each (it gets the object's index).
 */
async function readSample(
  { ctx, plan }: Cycle,
  endpoint: string,
  ids: ReadonlyArray<string | undefined>,
  first: Iterable<number>,
  random: () => number,
  problem: (answer: Answer, index: number) => string | undefined,
): Promise<Tally> {
  const picked = [...new Set([...first, ...sample(random, ids.length, plan.samples)])].filter(
    (i) => ids[i] !== undefined,
  );
  const tally = new Tally();
  await forEachConcurrently(picked.length, plan.concurrency, async (n) => {
    const answer = await ctx.ask({ method: 'GET', path: `${endpoint}/${ids[picked[n]]}` });
    tally.add(answer, read(answer) ?? problem(answer, picked[n]));
  });
  return tally;
}

/** `sw` is optional for a SCIM service (Entra only filters with `eq`), so a refused filter skips the count. */
async function count({ ctx }: Cycle, endpoint: string, filter: string, expected: number): Promise<Tally> {
  const request: HttpRequest = {
    method: 'GET',
    path: endpoint,
    query: [
      ['filter', filter],
      ['count', '0'],
    ],
  };
  const answer = await ctx.ask(request);
  const tally = new Tally();
  const body = answer.json;
  if (answer.status === 400 && isObject(body) && body.scimType === 'invalidFilter') {
    tally.skip(answer, `the target does not support the filter ${filter} (Entra needs only "eq")`);
  } else {
    const total = totalResults(answer);
    tally.add(
      answer,
      read(answer) ??
        (total === expected ? undefined : `totalResults is ${JSON.stringify(total)}, expected ${expected}`),
    );
  }
  return tally;
}

function userProblem(answer: Answer, expected: unknown): string | undefined {
  const body = answer.json;
  if (!isObject(body)) return 'the body is not a JSON object';
  const at = findMismatch(body, expected);
  if (at === undefined) return undefined;
  return `${at} is ${JSON.stringify(resolvePointer(body, at) ?? null)}, expected ${JSON.stringify(resolvePointer(expected, at))}`;
}

function membershipProblem(answer: Answer, expected: ReadonlySet<string>): string | undefined {
  const body = answer.json;
  const members = isObject(body) && Array.isArray(body.members) ? body.members : [];
  const actual = new Set(members.map((m) => (isObject(m) ? m.value : undefined)));
  const missing = [...expected].filter((id) => !actual.has(id));
  const extra = [...actual].filter((id) => typeof id !== 'string' || !expected.has(id));
  if (missing.length === 0 && extra.length === 0) return undefined;
  return `${missing.length} of ${expected.size} members missing${missing.length > 0 ? ` (e.g. ${missing[0]})` : ''}, ${extra.length} unexpected${extra.length > 0 ? ` (e.g. ${JSON.stringify(extra[0])})` : ''}`;
}

export async function verifyFinalState(cycle: Cycle, random: () => number): Promise<void> {
  const { ctx, directory } = cycle;
  const record = (tally: Tally, subject: string, reference: string) =>
    tally.report(ctx, 'load.final-state', subject, reference);

  await record(
    await count(cycle, '/Users', `userName sw "${directory.userPrefix}"`, directory.users),
    "users carrying the run's tag",
    REFERENCE.userCount,
  );
  if (directory.groups > 0) {
    await record(
      await count(cycle, '/Groups', `displayName sw "${directory.groupPrefix}"`, directory.groups),
      "groups carrying the run's tag",
      REFERENCE.groupCount,
    );
  }

  const changed = [...directory.updated, ...directory.disabled, ...directory.moved.keys()];
  await record(
    await readSample(cycle, '/Users', directory.userIds, changed, random, (answer, i) =>
      userProblem(answer, directory.expectedUser(i)),
    ),
    'sampled users',
    REFERENCE.users,
  );
  const touched = [...directory.moved].flatMap(([i, to]) => [i % directory.groups, to]);
  await record(
    await readSample(cycle, '/Groups', directory.groupIds, touched, random, (answer, j) =>
      membershipProblem(answer, directory.finalMembers(j)),
    ),
    'sampled group memberships',
    REFERENCE.members,
  );
}
