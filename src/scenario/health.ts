import type { Exchange } from '../http/types.js';

/** Consecutive transport failures after which the target counts as down. */
const DOWN_AFTER = 3;

/**
 * Whether the target still answers. Once several requests in a row got no answer, the rest of the
 * run is skipped with that reason, so a dead or hanging target ends the run in a few timeouts
 * instead of one per remaining step.
 */
export class TargetHealth {
  private failures = 0;
  private lastError = '';

  observe(exchange: Exchange): void {
    if (exchange.error) {
      this.failures++;
      this.lastError = `${exchange.request.method} ${exchange.request.url}: ${exchange.error.message}`;
    } else {
      this.failures = 0;
    }
  }

  /** Why the target counts as down, or undefined while it answers. */
  get downReason(): string | undefined {
    return this.failures >= DOWN_AFTER
      ? `the target stopped answering (${this.failures} requests in a row; last: ${this.lastError})`
      : undefined;
  }
}
