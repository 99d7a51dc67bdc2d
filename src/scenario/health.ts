import type { Answer, Exchange } from '../http/types.js';

/** Consecutive transport failures after which the target counts as down. */
const DOWN_AFTER = 3;

/**
 * Whether the target still answers. Once several requests in a row got no answer, the rest of the
 * run is skipped with that reason, so a dead or hanging target ends the run in a few timeouts
 * instead of one per remaining step. Step actions share it through their context.
 */
export class TargetHealth {
  private failures = 0;
  private lastFailure: Exchange | undefined;

  observe(answer: Pick<Answer, 'error' | 'exchange'>): void {
    if (answer.error) {
      this.failures++;
      this.lastFailure = answer.exchange;
    } else {
      this.failures = 0;
    }
  }

  /** The last unanswered exchange once the target counts as down; undefined while it answers. */
  get down(): Exchange | undefined {
    return this.failures >= DOWN_AFTER ? this.lastFailure : undefined;
  }

  /** Why the target counts as down, or undefined while it answers. */
  get downReason(): string | undefined {
    const last = this.down;
    return last
      ? `the target stopped answering (${this.failures} requests in a row; last: ${last.request.method} ${last.request.url}: ${last.error?.message})`
      : undefined;
  }
}
