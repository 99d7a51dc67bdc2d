import { describe, expect, it } from 'vitest';
import { planOf } from '../../src/load/plan.js';

describe('planOf', () => {
  it('should take the step parameters, with the command line winning', () => {
    const plan = planOf({ users: 10, groups: 2, memberBatch: 4, minimumRps: 12.5 }, { users: 99, concurrency: 3 });
    expect(plan).toMatchObject({ users: 99, groups: 2, concurrency: 3, memberBatch: 4, minimumRps: 12.5 });
  });

  it('should refuse values the cycle cannot run with', () => {
    expect(() => planOf({ memberBatch: 0 }, {})).toThrow(
      'load: "memberBatch" must be a whole number of at least 1, got 0',
    );
    expect(() => planOf({ users: '5' }, {})).toThrow('"users" must be a whole number of at least 0, got "5"');
  });
});
