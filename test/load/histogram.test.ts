import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/load/histogram.js';
import { seededRandom } from '../../src/scenario/random.js';

/** The exact percentile of sorted values, by the same nearest-rank rule the histogram uses. */
const exact = (sorted: number[], p: number) => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];

describe('Histogram', () => {
  it('should report percentiles at most 1/64 above the exact ones and never below', () => {
    const random = seededRandom(7);
    // Loopback-fast to timeout-slow: 10 µs to 10 s, spread over six decades.
    const values = Array.from({ length: 20_000 }, () => 10 ** (random() * 6 - 2));
    const histogram = new Histogram();
    values.forEach((ms) => histogram.record(ms));
    const sorted = values.map((ms) => Math.round(ms * 1000) / 1000).sort((a, b) => a - b);
    for (const p of [1, 50, 90, 95, 99, 99.9, 100]) {
      const want = exact(sorted, p);
      const got = histogram.percentile(p);
      expect(got).toBeGreaterThanOrEqual(want);
      expect(got).toBeLessThanOrEqual(want * (1 + 1 / 64) + 0.001);
    }
    expect(histogram.count).toBe(values.length);
  });

  it('should keep sub-millisecond values exact to the microsecond', () => {
    const histogram = new Histogram();
    [0.05, 0.1, 0.127].forEach((ms) => histogram.record(ms));
    expect([histogram.percentile(0), histogram.percentile(50), histogram.percentile(100)]).toEqual([0.05, 0.1, 0.127]);
  });

  it('should merge another histogram and answer 0 when empty', () => {
    const a = new Histogram();
    const b = new Histogram();
    expect(a.percentile(50)).toBe(0);
    a.record(1);
    b.record(100);
    b.record(200);
    a.add(b);
    expect(a.count).toBe(3);
    expect(a.percentile(100)).toBe(200);
  });

  it('should clamp values beyond its range instead of failing', () => {
    const histogram = new Histogram();
    histogram.record(-1);
    histogram.record(1e12);
    expect(histogram.percentile(0)).toBe(0);
    expect(histogram.percentile(100)).toBe(0xffffffff / 1000);
  });
});
