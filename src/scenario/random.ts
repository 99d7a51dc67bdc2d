/**
 * Seeded values for `{{gen.*}}`: the same seed gives the same sequence, so a run replays by seed.
 * mulberry32 is five lines; a dependency is not worth it for this.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generators(random: () => number): (name: string) => string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return (name) => {
    switch (name) {
      case 'guid':
        // RFC 4122 version 4 layout, as Entra's random test-connection GUIDs.
        return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
      case 'suffix':
        return hex(8);
      default:
        throw new Error(`unknown generator ${name}`);
    }
  };
}
