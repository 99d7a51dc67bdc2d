import { describe, expect, it } from 'vitest';
import { CHECKS, runCheck } from '../../src/checks/registry.js';
import type { TallyArgs } from '../../src/checks/load.js';
import { schemaValidator } from '../../src/schemas/validator.js';
import { exchangeWith } from '../helpers.js';

const judge = (id: string, args: object) =>
  runCheck(CHECKS.get(id)!, {
    exchange: exchangeWith({ status: 500 }),
    args,
    baseUrl: 'http://127.0.0.1:1/scim/v2',
    validate: (name, value) => schemaValidator().validate(`scim/${name}`, value),
  });

const tally = (failed: number, extra: Partial<TallyArgs> = {}): TallyArgs => ({
  subject: 'create requests',
  total: 40,
  failed,
  samples: failed > 0 ? [{ message: 'POST /scim/v2/Users: HTTP 500 instead of 201', reproduce: 'curl …' }] : [],
  ...extra,
});

describe.each(['load.responses', 'load.final-state'])('%s', (id) => {
  it('should pass when nothing failed', () => {
    expect(judge(id, tally(0))).toEqual({ status: 'passed' });
  });

  it('should fail with the count and the first sample', () => {
    const outcome = judge(id, tally(3));
    expect(outcome).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(
        /^create requests: 3 of 40 .*; first: POST \/scim\/v2\/Users: HTTP 500 instead of 201$/,
      ),
      actual: { failed: 3, of: 40, samples: tally(3).samples },
    });
  });

  it('should skip with the reason when nothing could be judged', () => {
    expect(judge(id, tally(0, { skipped: 'no sw filter' }))).toEqual({ status: 'skipped', reason: 'no sw filter' });
  });

  it('should describe its arguments for scenarios that name it', () => {
    expect(CHECKS.get(id)!.args).toMatchObject({ required: ['subject', 'total', 'failed', 'samples'] });
  });
});

describe('load.throughput', () => {
  it('should pass at or above the minimum rate and warn below it', () => {
    expect(judge('load.throughput', { rps: 25, minimum: 25, concurrency: 4 })).toEqual({ status: 'passed' });
    const outcome = judge('load.throughput', { rps: 12.5, minimum: 25, concurrency: 4 });
    expect(outcome).toMatchObject({ status: 'failed', expected: '≥ 25 requests/s', actual: 12.5 });
    expect(CHECKS.get('load.throughput')!.severity).toBe('should');
  });
});
