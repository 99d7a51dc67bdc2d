/** The kinds of request a provisioning cycle sends, as reported in summary.json. */
export const OPERATIONS = ['lookup', 'create', 'patch', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Latency percentiles in milliseconds, from a log-linear histogram (at most 1.6 % above the exact value). */
export interface Latency {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface OperationFigures extends Latency {
  count: number;
  /** Requests not answered as Entra expects (transport failures included). */
  errors: number;
  /** `count` over the time during which at least one request of this kind was in flight. */
  rps: number;
}

/**
 * What a load cycle measured: summary.json's `load`. Only the provisioning traffic counts (not the
 * harness's verification reads), and `durationMs` is the time spent sending it. A request that the
 * client retried after 429/503 counts once, with the retries in its latency.
 */
export interface LoadFigures extends Latency {
  /** Always the sum of the operations' counts. */
  requests: number;
  durationMs: number;
  rps: number;
  errors: number;
  /** The scale the cycle ran at. */
  users: number;
  groups: number;
  concurrency: number;
  operations: Record<Operation, OperationFigures>;
}
