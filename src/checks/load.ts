import { defineCheck, fail, pass, skip, type CheckCategory, type CheckDefinition } from './types.js';

/**
 * Checks over a whole load cycle. A cycle sends thousands of requests, so its action judges each
 * one itself and hands these checks the tally: how many of `total` failed, with the first few
 * failures and their curl commands. The exchange they are evaluated on is the first failure's.
 */
export type TallyArgs = {
  /** What was counted, e.g. "create requests" or "sampled group memberships". */
  subject: string;
  total: number;
  failed: number;
  samples: Array<{ message: string; reproduce: string }>;
  /** Why nothing could be judged (the target does not support the query it takes). */
  skipped?: string;
};

const TALLY_ARGS = {
  type: 'object',
  required: ['subject', 'total', 'failed', 'samples'],
  properties: {
    subject: { type: 'string' },
    total: { type: 'integer', minimum: 0 },
    failed: { type: 'integer', minimum: 0 },
    samples: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message', 'reproduce'],
        properties: { message: { type: 'string' }, reproduce: { type: 'string' } },
        additionalProperties: false,
      },
    },
    skipped: { type: 'string' },
  },
  additionalProperties: false,
};

function tallyCheck(definition: {
  id: string;
  title: string;
  reference: string;
  basis: string;
  category: CheckCategory;
  /** How a failed item is described: "were not answered as expected". */
  failedItems: string;
}): CheckDefinition<TallyArgs> {
  const { failedItems, ...rest } = definition;
  return defineCheck<TallyArgs>({
    ...rest,
    severity: 'must',
    args: TALLY_ARGS,
    run: ({ args }) => {
      if (args.skipped !== undefined) return skip(args.skipped);
      if (typeof args.failed !== 'number') return skip('no tally to judge');
      if (args.failed === 0) return pass();
      const first = args.samples?.[0] ? `; first: ${args.samples[0].message}` : '';
      return fail(`${args.subject}: ${args.failed} of ${args.total} ${failedItems}${first}`, {
        expected: { failed: 0 },
        actual: { failed: args.failed, of: args.total, samples: args.samples },
      });
    },
  });
}

export const responses = tallyCheck({
  id: 'load.responses',
  basis: 'Entra: failed requests are retried and then quarantine the job (entra-scim-behaviour.md §7.4, §7.5)',
  title: 'Every request of the provisioning cycle is answered as Entra expects',
  reference:
    'Entra "How provisioning works" (failed requests are retried, then the job is quarantined); RFC 7644 §3.3-§3.6',
  category: 'status',
  failedItems: 'were not answered as expected',
});

export const finalState = tallyCheck({
  id: 'load.final-state',
  basis: 'Entra: the initial cycle provisions every user and group in scope (entra-scim-behaviour.md §7.1); RFC 7644 §3.5.2, §3.6',
  title: 'After the cycle the target holds what Entra sent',
  reference:
    'Entra "How provisioning works" (the initial cycle provisions every assigned user and group); RFC 7644 §3.4.2, §3.5.2',
  category: 'semantics',
  failedItems: 'differ from what the cycle sent',
});

export const throughput = defineCheck<{ rps: number; minimum: number; concurrency: number }>({
  id: 'load.throughput',
  basis: 'Entra gallery onboarding checklist: "at least 25 requests per second per tenant" (entra-scim-behaviour.md §1.2), required of gallery apps only',
  title: 'The target sustains the request rate Entra requires of gallery apps',
  severity: 'should',
  reference: 'Entra app gallery onboarding checklist: support at least 25 requests per second per tenant',
  category: 'transport',
  args: {
    type: 'object',
    required: ['rps', 'minimum', 'concurrency'],
    properties: {
      rps: { type: 'number', minimum: 0 },
      minimum: { type: 'number', minimum: 0 },
      concurrency: { type: 'integer', minimum: 1 },
    },
    additionalProperties: false,
  },
  run: ({ args }) =>
    args.rps >= args.minimum
      ? pass()
      : fail(
          `the target answered ${args.rps} requests/s with ${args.concurrency} in flight; Entra asks at least ${args.minimum} (if latency rather than the target limits this, try a higher --concurrency)`,
          { expected: `≥ ${args.minimum} requests/s`, actual: args.rps },
        ),
});
