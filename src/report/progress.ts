/**
 * The live progress line of a run: where the running scenario is, and for load and property steps
 * the work done against its total, the rate and an ETA. The Vitest workers post updates on a
 * BroadcastChannel (threads of one process); the CLI process draws them. On a TTY the line is
 * redrawn in place (log-update); without one, a plain line once a minute, so CI logs of long runs
 * show life and short runs print nothing extra.
 */
import { BroadcastChannel } from 'node:worker_threads';
import type { createLogUpdate } from 'log-update';
import type { ProgressUpdate } from '../scenario/engine.js';

export const PROGRESS_CHANNEL = 'scim-conformance:progress';
const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 60_000;
/** Step names are cut to this, so the line fits a terminal. */
const STEP_CHARS = 48;

/**
 * The worker side: posts updates to the CLI process, which redraws the line every
 * {@link REDRAW_MS} at most. A scenario reports each step, a few milliseconds apart against a fast
 * target, so only the latest update of each {@link REDRAW_MS} is posted, at its end: the line still
 * shows where the run is, and a post (a message that wakes the CLI process, which also serves the
 * embedded target) is not paid per step.
 */
export function progressPoster(): { post: (update: ProgressUpdate) => void; close: () => void } {
  const channel = new BroadcastChannel(PROGRESS_CHANNEL);
  let postedAt = -Infinity;
  let latest: ProgressUpdate | undefined;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (!latest) return;
    channel.postMessage(latest);
    latest = undefined;
    postedAt = performance.now();
  };
  const post = (update: ProgressUpdate) => {
    latest = update;
    if (timer) return;
    const wait = postedAt + REDRAW_MS - performance.now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait).unref();
  };
  const close = () => {
    clearTimeout(timer);
    flush();
    channel.close();
  };
  return { post, close };
}

/** A duration in words short enough for one line: 45 s, 3 min 20 s, 1 h 5 min. */
function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** Rate and ETA of a step's work, measured from its first update. */
export function progressLine(update: ProgressUpdate, workStart?: { at: number; done: number }, now = 0): string {
  const step = update.step.length > STEP_CHARS ? `${update.step.slice(0, STEP_CHARS - 1)}…` : update.step;
  const parts = [`${update.scenario}: step ${update.position}/${update.steps} "${step}"`];
  const work = update.work;
  if (work) {
    parts.push(`${work.done}/${work.total} ${work.unit}`);
    const seconds = workStart ? (now - workStart.at) / 1000 : 0;
    const rate = seconds > 0 ? (work.done - workStart!.done) / seconds : 0;
    if (rate > 0) {
      parts.push(`${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s`);
      if (work.done < work.total) parts.push(`ETA ${duration((work.total - work.done) / rate)}`);
    }
  }
  return `  … ${parts.join(' · ')}`;
}

export class LiveProgress {
  private readonly channel = new BroadcastChannel(PROGRESS_CHANNEL);
  private readonly write: (line: string) => void;
  private readonly draw: ReturnType<typeof createLogUpdate> | undefined;
  private readonly timer: NodeJS.Timeout;
  private current: ProgressUpdate | undefined;
  private workStart: { key: string; at: number; done: number } | undefined;
  private drawnAt = 0;
  private shown = false;

  /**
   * `tty`: a stream to redraw on; otherwise plain lines go to `write` once a minute. log-update is
   * loaded only for a terminal (it takes ~100 ms to load, and the Vitest worker imports this module too).
   */
  static async start(write: (line: string) => void, tty?: NodeJS.WriteStream): Promise<LiveProgress> {
    const draw = tty && (await import('log-update')).createLogUpdate(tty, { showCursor: true });
    return new LiveProgress(write, draw);
  }

  private constructor(write: (line: string) => void, draw: ReturnType<typeof createLogUpdate> | undefined) {
    this.write = write;
    this.draw = draw;
    this.channel.onmessage = (event) => this.update((event as { data: ProgressUpdate }).data);
    this.channel.unref();
    this.timer = setInterval(() => this.current && this.write(this.line()), PLAIN_EVERY_MS).unref();
    if (this.draw) clearInterval(this.timer);
  }

  /** Writes a line of the run's output, above the live line. */
  log(line: string): void {
    this.clear();
    this.write(line);
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
    this.channel.close();
  }

  private update(update: ProgressUpdate): void {
    const key = `${update.scenario}\u0000${update.position}`;
    if (update.work && this.workStart?.key !== key) {
      this.workStart = { key, at: performance.now(), done: update.work.done };
    }
    this.current = update;
    const now = performance.now();
    if (!this.draw || now - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = now;
    this.draw(this.line());
    this.shown = true;
  }

  private line(): string {
    return progressLine(this.current!, this.workStart, performance.now());
  }

  /** Takes the live line away until the next update (a finished scenario's line would be stale). */
  private clear(): void {
    this.current = undefined;
    if (this.draw && this.shown) this.draw.clear();
    this.shown = false;
  }
}
