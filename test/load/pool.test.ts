import { describe, expect, it } from 'vitest';
import { forEachConcurrently } from '../../src/load/pool.js';
import { sample } from '../../src/load/sample.js';
import { seededRandom } from '../../src/scenario/random.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('forEachConcurrently', () => {
  it('should run every index once, in order, with at most the given number in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    await forEachConcurrently(50, 4, async (i) => {
      started.push(i);
      most = Math.max(most, ++inFlight);
      await tick();
      inFlight--;
    });
    expect(started).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(most).toBe(4);
  });

  it('should start nothing new once stopped', async () => {
    const started: number[] = [];
    await forEachConcurrently(
      100,
      2,
      async (i) => {
        started.push(i);
        await tick();
      },
      () => started.length >= 10,
    );
    expect(started).toHaveLength(10);
  });

  it('should rethrow the first error only after the running tasks have settled', async () => {
    const settled: number[] = [];
    const run = forEachConcurrently(10, 3, async (i) => {
      await tick();
      if (i === 1) throw new Error('task 1 failed');
      await tick();
      settled.push(i);
    });
    await expect(run).rejects.toThrow('task 1 failed');
    expect(settled).toEqual([0, 2]);
  });
});

describe('sample', () => {
  it('should draw distinct indices in range, all of them when asked for more', () => {
    const drawn = sample(seededRandom(3), 1_000_000, 50);
    expect(new Set(drawn).size).toBe(50);
    expect(drawn.every((i) => Number.isInteger(i) && i >= 0 && i < 1_000_000)).toBe(true);
    expect(sample(seededRandom(3), 5, 9).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(sample(seededRandom(3), 1_000, 20)).toEqual(sample(seededRandom(3), 1_000, 20));
  });
});
