import fc from 'fast-check';

/**
 * The characters generated text is made of, by what they break. A unit shrinks towards `plain`
 * (its first member, `a`) unless the failure needs its class, then towards the class's first
 * member: a counterexample keeps one simplest character of the class that matters.
 * `$`, `{` and `}` are left out: they are template and shell syntax in replays and curl scripts.
 */
export const CHARACTER_CLASSES = {
  plain: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-'],
  /** What naive URL, filter, SQL or shell handling mangles: form decoding, quotes, escapes, separators. */
  syntax: [...'+\'"\\%& #/?=()[]'],
  accented: [...'éüñøÅçßŁİő'],
  cjk: [...'漢字日本中文한국あカ'],
  /** Outside the Basic Multilingual Plane (surrogate pairs in UTF-16), with modifier and ZWJ sequences. */
  astral: ['😀', '🚀', '👍🏽', '👨‍👩‍👧', '𝒜', '🏳️‍🌈', '𠜎'],
  /** Base letters with combining marks, not precomposed (no Unicode normalisation expected). */
  combining: ['e\u0301', 'a\u0308', 'n\u0303', 'o\u0302\u0323', 'i\u0307'],
  rightToLeft: [...'שלוםمرحبا'],
} as const;

const WEIGHTS: Record<keyof typeof CHARACTER_CLASSES, number> = {
  plain: 4,
  syntax: 2,
  accented: 1,
  cjk: 1,
  astral: 1,
  combining: 1,
  rightToLeft: 1,
};

/** One unit of text: a character, or a character with its modifiers or marks. */
const unit = fc.oneof(
  { withCrossShrink: true },
  ...Object.entries(CHARACTER_CLASSES).map(([name, members]) => ({
    arbitrary: fc.constantFrom(...members),
    weight: WEIGHTS[name as keyof typeof CHARACTER_CLASSES],
  })),
);

/**
 * Non-empty text of up to `maxLength` units. It never starts or ends with white space: the
 * generated parts follow or precede fixed text, and trimming is a normalisation RFC 7643 leaves open.
 */
export function text(maxLength: number, size: fc.SizeForArbitrary = 'small'): fc.Arbitrary<string> {
  // minLength 0 and a filter, not minLength 1: fast-check then also shrinks by dropping the last unit.
  return fc.string({ unit, maxLength, size }).filter((value) => value !== '' && value.trim() === value);
}
