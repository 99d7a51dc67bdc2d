import type { TallyArgs } from '../checks/load.js';
import { toCurl } from '../http/curl.js';
import type { Answer, Exchange } from '../http/types.js';
import type { ActionContext } from '../scenario/engine.js';

/** Failures kept with their curl command; the rest are only counted, so memory stays bounded. */
const MAX_SAMPLES = 3;

/**
 * Counts judged answers without keeping them: the first failures as samples, the first failed
 * answer (for the check's reproduce command) or else the latest one. Only those are ever redacted
 * into exchanges.
 */
export class Tally {
  total = 0;
  failed = 0;
  private readonly samples: TallyArgs['samples'] = [];
  private firstFailure: Answer | undefined;
  private latest: Answer | undefined;
  private skipped: string | undefined;

  /** Counts `answer`; `problem` says what was wrong with it, if anything. */
  add(answer: Answer, problem: string | undefined): void {
    this.total++;
    this.latest = answer;
    if (problem === undefined) return;
    this.failed++;
    this.firstFailure ??= answer;
    if (this.samples.length < MAX_SAMPLES) {
      const { exchange } = answer;
      const url = new URL(exchange.request.url);
      const target = `${url.pathname}${decodeURIComponent(url.search)}`;
      this.samples.push({ message: `${exchange.request.method} ${target}: ${problem}`, reproduce: toCurl(exchange) });
    }
  }

  /** Nothing could be judged, for `reason`. */
  skip(answer: Answer, reason: string): void {
    this.latest = answer;
    this.skipped = reason;
  }

  /** The exchange a check on this tally is evaluated on; none when nothing was counted. */
  get exchange(): Exchange | undefined {
    return (this.firstFailure ?? this.latest)?.exchange;
  }

  private args(subject: string): TallyArgs {
    return {
      subject,
      total: this.total,
      failed: this.failed,
      samples: this.samples,
      ...(this.skipped !== undefined && { skipped: this.skipped }),
    };
  }

  /** Records the tally as check `id` of the step; nothing when nothing was counted. */
  async report(ctx: ActionContext, id: string, subject: string, reference: string): Promise<void> {
    if (this.exchange) await ctx.check(id, this.exchange, this.args(subject), { reference });
  }
}
