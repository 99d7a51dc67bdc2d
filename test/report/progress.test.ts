import { BroadcastChannel } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it, vi } from 'vitest';
import { PROGRESS_CHANNEL, progressPoster } from '../../src/report/progress.js';
import type { ProgressUpdate } from '../../src/scenario/engine.js';

const update = (position: number): ProgressUpdate => ({
  scenario: 'single-user',
  step: `step ${position}`,
  position,
  steps: 40,
});

let listener: BroadcastChannel | undefined;
afterEach(() => listener?.close());

/** What the CLI process's side of the channel receives. */
function received(): ProgressUpdate[] {
  const seen: ProgressUpdate[] = [];
  listener = new BroadcastChannel(PROGRESS_CHANNEL);
  listener.onmessage = (event) => seen.push((event as { data: ProgressUpdate }).data);
  return seen;
}

it('posts the first update at once, then only the latest of each redraw interval', async () => {
  const seen = received();
  const poster = progressPoster();
  for (let position = 1; position <= 30; position++) poster.post(update(position));
  await vi.waitFor(() => expect(seen.length).toBe(2));
  // Nothing else follows: 28 of the 30 were never posted.
  await sleep(250);
  expect(seen.map((u) => u.position)).toEqual([1, 30]);
  poster.close();
});

it('posts what is still pending when closed', async () => {
  const seen = received();
  const poster = progressPoster();
  poster.post(update(1));
  poster.post(update(2));
  poster.close();
  await vi.waitFor(() => expect(seen.map((u) => u.position)).toEqual([1, 2]));
});
