/**
 * `k` distinct integers from `0 … n - 1`, drawn with `random`: a Fisher-Yates shuffle that stops
 * after `k` draws and remembers only the positions it swapped, so memory is O(k) whatever `n`.
 */
export function sample(random: () => number, n: number, k: number): number[] {
  const swapped = new Map<number, number>();
  const drawn: number[] = [];
  for (let i = 0; i < Math.min(k, n); i++) {
    const j = i + Math.floor(random() * (n - i));
    drawn.push(swapped.get(j) ?? j);
    swapped.set(j, swapped.get(i) ?? i);
  }
  return drawn;
}
