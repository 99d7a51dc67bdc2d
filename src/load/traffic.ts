import type { Answer, HttpRequest } from '../http/types.js';
import type { ActionContext } from '../scenario/engine.js';
import { OPERATIONS, type Latency, type LoadFigures, type Operation, type OperationFigures } from './figures.js';
import { Histogram } from './histogram.js';
import { Tally } from './tally.js';

/** What is wrong with an answer, or `undefined` when it is what Entra expects. */
export type Judge = (answer: Answer) => string | undefined;

/**
 * Entra quarantines a provisioning job when most of its requests fail (Entra "Application
 * provisioning in quarantine status"); a cycle stops starting new work at that point too, rather
 * than waiting out thousands of timeouts. The floor keeps a few early failures from stopping it.
 */
const QUARANTINE_MIN_ERRORS = 100;

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function latencyOf(histogram: Histogram): Latency {
  return {
    p50Ms: round(histogram.percentile(50), 2),
    p95Ms: round(histogram.percentile(95), 2),
    p99Ms: round(histogram.percentile(99), 2),
  };
}

const perSecond = (count: number, ms: number) => (ms > 0 ? round((count * 1000) / ms, 1) : 0);

class OperationMeter {
  readonly latency = new Histogram();
  readonly tally = new Tally();
  private inFlight = 0;
  private busySince = 0;
  private busyMs = 0;

  begin(now: number): void {
    if (this.inFlight++ === 0) this.busySince = now;
  }

  end(now: number, answer: Answer, problem: string | undefined): void {
    if (--this.inFlight === 0) this.busyMs += now - this.busySince;
    this.tally.add(answer, problem);
  }

  figures(): OperationFigures {
    return {
      count: this.tally.total,
      errors: this.tally.failed,
      rps: perSecond(this.tally.total, this.busyMs),
      ...latencyOf(this.latency),
    };
  }
}

/**
 * The provisioning traffic of a load cycle: every request is sent without a report attachment,
 * timed into its operation's histogram, judged, and then dropped, so memory does not grow with
 * the number of requests. Its answer is parsed and redacted only as far as the judge reads it; the
 * whole exchange only for what is recorded (a tally's failure samples and the exchange its check
 * is evaluated on).
 */
export class Traffic {
  private readonly ask: ActionContext['ask'];
  private readonly meters = Object.fromEntries(OPERATIONS.map((op) => [op, new OperationMeter()])) as Record<
    Operation,
    OperationMeter
  >;
  private activeMs = 0;

  constructor(ask: ActionContext['ask']) {
    this.ask = ask;
  }

  /** Runs a phase of the cycle; its wall time counts towards `durationMs`. */
  async phase(body: () => Promise<void>): Promise<void> {
    const started = performance.now();
    try {
      await body();
    } finally {
      this.activeMs += performance.now() - started;
    }
  }

  async request(op: Operation, request: HttpRequest, judge: Judge): Promise<{ answer: Answer; ok: boolean }> {
    const meter = this.meters[op];
    const started = performance.now();
    meter.begin(started);
    const answer = await this.ask(request);
    const ended = performance.now();
    meter.latency.record(ended - started);
    const problem = judge(answer);
    meter.end(ended, answer, problem);
    return { answer, ok: problem === undefined };
  }

  /** Most requests so far have failed: see {@link QUARANTINE_MIN_ERRORS}. */
  get quarantined(): boolean {
    const tallies = OPERATIONS.map((op) => this.meters[op].tally);
    const errors = tallies.reduce((sum, t) => sum + t.failed, 0);
    return errors >= QUARANTINE_MIN_ERRORS && errors * 2 > tallies.reduce((sum, t) => sum + t.total, 0);
  }

  tally(op: Operation): Tally {
    return this.meters[op].tally;
  }

  figures(scale: Pick<LoadFigures, 'users' | 'groups' | 'concurrency'>): LoadFigures {
    const operations = Object.fromEntries(OPERATIONS.map((op) => [op, this.meters[op].figures()])) as Record<
      Operation,
      OperationFigures
    >;
    const all = new Histogram();
    for (const op of OPERATIONS) all.add(this.meters[op].latency);
    const requests = OPERATIONS.reduce((sum, op) => sum + operations[op].count, 0);
    return {
      requests,
      durationMs: Math.round(this.activeMs),
      rps: perSecond(requests, this.activeMs),
      ...latencyOf(all),
      errors: OPERATIONS.reduce((sum, op) => sum + operations[op].errors, 0),
      ...scale,
      operations,
    };
  }
}
