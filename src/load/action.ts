import { seededRandom } from '../scenario/random.js';
import type { StepAction } from '../scenario/engine.js';
import { deprovision, incrementalCycle, initialCycle, workOf, type Cycle } from './cycle.js';
import { Directory } from './directory.js';
import { OPERATIONS, type Operation } from './figures.js';
import { planOf } from './plan.js';
import { Traffic } from './traffic.js';
import { verifyFinalState } from './verify.js';

const REFERENCE: Record<Operation, string> = {
  lookup: 'Entra R4, R5 (lookups by userName and displayName); RFC 7644 §3.4.2',
  create: 'Entra "Create User", "Create Group"; RFC 7644 §3.3 (201 with the created resource)',
  patch: 'Entra "Update User", "Update Group [Add Members]"; RFC 7644 §3.5.2',
  delete: 'RFC 7644 §3.6 (204)',
};

/**
 * `action: { type: load }`: Entra's initial provisioning cycle at scale, a small incremental cycle,
 * a check of the final state, then deprovisioning of all it created. Parameters: see {@link planOf};
 * `--users`, `--groups` and `--concurrency` override them. The figures go to summary.json's `load`.
 */
export const loadAction: StepAction = async (params, ctx) => {
  const plan = planOf(params, ctx.settings);
  const random = seededRandom(ctx.seed);
  const traffic = new Traffic(ctx.ask);
  const total = workOf(plan);
  let done = 0;
  const cycle: Cycle = {
    ctx,
    plan,
    traffic,
    directory: new Directory(ctx.runTag, plan.users, plan.groups),
    done: () => ctx.progress(Math.min(++done, total), total, 'operations'),
  };

  await traffic.phase(() => initialCycle(cycle));
  await traffic.phase(() => incrementalCycle(cycle, random));
  await verifyFinalState(cycle, random);
  await traffic.phase(() => deprovision(cycle));

  const figures = traffic.figures({ users: plan.users, groups: plan.groups, concurrency: plan.concurrency });
  ctx.setLoad(figures);
  for (const op of OPERATIONS) await traffic.tally(op).report(ctx, 'load.responses', `${op} requests`, REFERENCE[op]);
  const lookup = traffic.tally('lookup').exchange;
  if (lookup) {
    await ctx.check('load.throughput', lookup, {
      rps: figures.rps,
      minimum: plan.minimumRps,
      concurrency: plan.concurrency,
    });
  }
};
