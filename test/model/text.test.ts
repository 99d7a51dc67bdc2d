import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHARACTER_CLASSES, text } from '../../src/model/text.js';

describe('text', () => {
  it('should generate non-empty text without surrounding white space or template and shell syntax', () => {
    // Act
    const values = fc.sample(text(64, 'medium'), { numRuns: 500, seed: 1 });

    // Assert
    for (const value of values) {
      expect(value.length).toBeGreaterThan(0);
      expect(value.trim()).toBe(value);
      expect(value).not.toMatch(/[${}]/);
      expect(value).not.toMatch(/\p{Cs}/u);
    }
  });

  it('should cover every character class in a few hundred values', () => {
    // Act
    const all = fc.sample(text(32), { numRuns: 300, seed: 2 }).join('');

    // Assert
    for (const [name, members] of Object.entries(CHARACTER_CLASSES)) {
      expect(
        members.some((member) => all.includes(member)),
        name,
      ).toBe(true);
    }
    for (const char of ['+', "'", '"', '\\', '%', '&', ' ']) expect(all).toContain(char);
  });

  it('should reach long values within the limit', () => {
    // Act
    const lengths = fc.sample(text(128, 'medium'), { numRuns: 300, seed: 3 }).map((value) => [...value].length);

    // Assert
    expect(Math.max(...lengths)).toBeGreaterThan(40);
  });

  it.each([
    ['a non-ASCII character', (value: string) => /[^\x00-\x7f]/.test(value)],
    ['a plus', (value: string) => value.includes('+')],
  ])('should shrink text holding %s to that single character', (_name, breaks) => {
    const minimal = (value: string) => breaks(value) && graphemes(value) === 1;
    for (const seed of [1, 2, 3, 4, 5]) {
      // Act
      const details = fc.check(
        fc.property(fc.record({ a: text(32), b: text(32) }), ({ a, b }) => !breaks(a + b)),
        { seed },
      );

      // Assert
      const [{ a, b }] = details.counterexample!;
      expect([a, b].filter((value) => minimal(value))).toHaveLength(1);
      expect([a, b].filter((value) => !minimal(value))).toEqual(['a']);
    }
  });
});

// Helpers

function graphemes(value: string): number {
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)].length;
}
