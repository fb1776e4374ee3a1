import { mix32 } from '../random/seed.ts';

/**
 * The run's history as typed records. Every record is folded into a rolling 64-bit hash (always
 * on: it is what "same seed ⇒ same trace" is checked with); the records themselves are kept in
 * columnar buffers only when tracing is on (property tests, `trace.jsonl`).
 */

/** Record kinds. Stable numbers: they are part of the hash. */
export const TraceKind = {
  /** A job began computing. worker, job, tag. */
  jobStart: 1,
  /** A gradient finished computing. worker, job, tag. */
  gradComputed: 2,
  /** A gradient reached the server. worker, job, tag. */
  gradArrive: 3,
  /** A gradient took part in an update. worker, job, tag, iteration (before the step), value = weight. */
  gradApplied: 4,
  /** A gradient was thrown away by the method. worker, job, tag. */
  gradDiscarded: 5,
  /** A gradient never reached the server (link loss, crash). worker, job, tag. */
  gradLost: 6,
  /** A job was abandoned before finishing (cancel or crash). worker, job, tag. */
  jobCancelled: 7,
  /** The model was updated. iteration = the new iteration count, value = step size. */
  modelStep: 8,
  /** A fault hit a worker. worker, tag = fault code. */
  fault: 9,
  /** A message was delivered twice. worker, job. */
  duplicate: 10,
} as const;

export type TraceKindCode = (typeof TraceKind)[keyof typeof TraceKind];

/** One record, materialised (tests and exports only; the hot path never builds these). */
export interface TraceRecord {
  readonly kind: TraceKindCode;
  readonly time: number;
  readonly worker: number;
  readonly job: number;
  readonly tag: number;
  readonly iteration: number;
  readonly value: number;
  /** Stochastic gradients the record is about (a message or job may carry several; 0 for a copy). */
  readonly count: number;
}

const INITIAL_CAPACITY = 1024;

export class Trace {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  private count = 0;
  private kinds: Uint8Array;
  private times: Float64Array;
  private workers: Int32Array;
  private jobs: Int32Array;
  private tags: Int32Array;
  private iterations: Int32Array;
  private values: Float64Array;
  private counts: Int32Array;
  private readonly floatBits = new Float64Array(1);
  private readonly floatWords = new Uint32Array(this.floatBits.buffer);

  constructor(readonly keepRecords: boolean) {
    const capacity = keepRecords ? INITIAL_CAPACITY : 0;
    this.kinds = new Uint8Array(capacity);
    this.times = new Float64Array(capacity);
    this.workers = new Int32Array(capacity);
    this.jobs = new Int32Array(capacity);
    this.tags = new Int32Array(capacity);
    this.iterations = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
    this.counts = new Int32Array(capacity);
  }

  /** Number of records written. */
  get length(): number {
    return this.count;
  }

  record(kind: TraceKindCode, time: number, worker: number, job: number, tag: number, iteration: number, value: number, count = 1): void {
    this.mixInt(kind);
    this.mixFloat(time);
    this.mixInt(worker);
    this.mixInt(job);
    this.mixInt(tag);
    this.mixInt(iteration);
    this.mixFloat(value);
    this.mixInt(count);
    if (this.keepRecords) {
      if (this.count === this.kinds.length) this.grow();
      const i = this.count;
      this.kinds[i] = kind;
      this.times[i] = time;
      this.workers[i] = worker;
      this.jobs[i] = job;
      this.tags[i] = tag;
      this.iterations[i] = iteration;
      this.values[i] = value;
      this.counts[i] = count;
    }
    this.count++;
  }

  /** Folds a vector (for example the final iterate) into the hash, bit for bit. */
  mixVector(x: Float64Array): void {
    this.mixInt(x.length);
    for (let i = 0; i < x.length; i++) this.mixFloat(x[i]);
  }

  /** The hash so far, 16 hex digits. */
  hash(): string {
    return mix32(this.h1).toString(16).padStart(8, '0') + mix32(this.h2 ^ this.h1).toString(16).padStart(8, '0');
  }

  /** The kept records (empty unless tracing is on). */
  records(): TraceRecord[] {
    const out: TraceRecord[] = [];
    if (!this.keepRecords) return out;
    for (let i = 0; i < this.count; i++) {
      out.push({
        kind: this.kinds[i] as TraceKindCode,
        time: this.times[i],
        worker: this.workers[i],
        job: this.jobs[i],
        tag: this.tags[i],
        iteration: this.iterations[i],
        value: this.values[i],
        count: this.counts[i],
      });
    }
    return out;
  }

  private mixInt(value: number): void {
    this.h1 = Math.imul(this.h1 ^ (value | 0), 0x01000193);
    this.h2 = Math.imul(this.h2 ^ (value | 0), 0x5bd1e995) ^ (this.h2 >>> 15);
  }

  private mixFloat(value: number): void {
    this.floatBits[0] = value;
    this.mixInt(this.floatWords[0]);
    this.mixInt(this.floatWords[1]);
  }

  private grow(): void {
    const capacity = this.kinds.length * 2;
    this.kinds = resize(this.kinds, new Uint8Array(capacity));
    this.times = resize(this.times, new Float64Array(capacity));
    this.workers = resize(this.workers, new Int32Array(capacity));
    this.jobs = resize(this.jobs, new Int32Array(capacity));
    this.tags = resize(this.tags, new Int32Array(capacity));
    this.iterations = resize(this.iterations, new Int32Array(capacity));
    this.values = resize(this.values, new Float64Array(capacity));
    this.counts = resize(this.counts, new Int32Array(capacity));
  }
}

function resize<T extends Uint8Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
