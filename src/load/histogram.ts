/**
 * A latency histogram of fixed size, after HdrHistogram's log-linear layout (Gil Tene,
 * http://hdrhistogram.org): values below 128 µs each have their own bucket, above that every
 * power of two is cut into 64 buckets, so a reported percentile is at most 1/64 (1.6 %) above the
 * true one, whatever the number of values recorded. Written here rather than taken from
 * hdr-histogram-js: the harness needs `record`, `add` and `percentile`, not a WASM build.
 */
const SUB_BITS = 6;
const SUB = 1 << SUB_BITS;
/** Values are clamped to 2^32 - 1 µs (71 minutes), far beyond any request timeout. */
const BUCKETS = (32 - SUB_BITS + 1) * SUB;

function bucketOf(micros: number): number {
  if (micros < 2 * SUB) return micros;
  const shift = 31 - Math.clz32(micros) - SUB_BITS;
  return shift * SUB + (micros >>> shift);
}

/** The largest value that falls into `bucket`, in µs. */
function upperBound(bucket: number): number {
  if (bucket < 2 * SUB) return bucket;
  const shift = Math.floor(bucket / SUB) - 1;
  return (bucket - shift * SUB + 1) * 2 ** shift - 1;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private max = 0;

  get count(): number {
    return this.total;
  }

  /** Records one duration in milliseconds (fractions kept to the microsecond). */
  record(ms: number): void {
    const micros = Math.min(0xffffffff, Math.max(0, Math.round(ms * 1000)));
    this.counts[bucketOf(micros)]++;
    this.total++;
    if (micros > this.max) this.max = micros;
  }

  /** Adds every value of `other` to this one. */
  add(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i] += other.counts[i];
    this.total += other.total;
    this.max = Math.max(this.max, other.max);
  }

  /** The value at or below which `p` per cent of the recorded values lie, in ms; 0 when empty. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(upperBound(i), this.max) / 1000;
    }
    return this.max / 1000;
  }
}
