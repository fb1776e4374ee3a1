import type { GradientMessage } from '../messages.ts';
import { MessageLog } from './message-log.ts';
import { addInto } from '../../src/linalg/vector.ts';

/** A running sum of gradients collected for one update, with the messages that went into it. */
export class GradientBatch {
  readonly sum: Float64Array;
  /** Number of stochastic gradients summed (a message may carry several). */
  gradients = 0;
  /** The messages summed, to apply (or discard) when the update is made. */
  readonly messages = new MessageLog();

  constructor(dimension: number) {
    this.sum = new Float64Array(dimension);
  }

  add(message: GradientMessage): void {
    addInto(message.grad, this.sum);
    this.gradients += message.count;
    this.messages.push(message);
  }

  clear(): void {
    this.sum.fill(0);
    this.gradients = 0;
    this.messages.clear();
  }
}

/** Per-worker sums and counts (B_i), for methods that average per worker first (Malenia). */
export class PerWorkerBatch {
  readonly sums: Float64Array[];
  readonly counts: Uint32Array;
  /** The messages summed, to apply when the update is made. */
  readonly messages = new MessageLog();
  /** Σ_{i: B_i ≥ 1} 1/B_i, kept incrementally. */
  private inverseSum = 0;
  /** Number of workers with B_i = 0. */
  private missing: number;

  constructor(readonly workers: number, dimension: number) {
    this.sums = Array.from({ length: workers }, () => new Float64Array(dimension));
    this.counts = new Uint32Array(workers);
    this.missing = workers;
  }

  add(message: GradientMessage): void {
    const w = message.worker;
    addInto(message.grad, this.sums[w]);
    const before = this.counts[w];
    const after = before + message.count;
    this.counts[w] = after;
    if (before === 0) this.missing--;
    this.inverseSum += 1 / after - (before === 0 ? 0 : 1 / before);
    this.messages.push(message);
  }

  /** Every worker has contributed at least once. */
  complete(): boolean {
    return this.missing === 0;
  }

  /** Harmonic mean of the counts, (1/n Σ 1/B_i)^{-1}; 0 while some B_i = 0. */
  harmonicMean(): number {
    return this.missing > 0 ? 0 : this.workers / this.inverseSum;
  }

  /** The harmonic mean the counts would have after adding `count` gradients from `worker`. */
  harmonicMeanWith(worker: number, count: number): number {
    const before = this.counts[worker];
    const missingAfter = this.missing - (before === 0 ? 1 : 0);
    if (missingAfter > 0) return 0;
    const inverse = this.inverseSum + 1 / (before + count) - (before === 0 ? 0 : 1 / before);
    return this.workers / inverse;
  }

  /** Workers with B_i = 0, ascending. */
  missingWorkers(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.workers; w++) if (this.counts[w] === 0) out.push(w);
    return out;
  }

  /** out ← (1/n) Σ_i sums_i / B_i (only meaningful when complete). */
  average(out: Float64Array): void {
    out.fill(0);
    const n = this.workers;
    for (let w = 0; w < n; w++) {
      const scale = 1 / (n * this.counts[w]);
      const sum = this.sums[w];
      for (let j = 0; j < out.length; j++) out[j] += scale * sum[j];
    }
  }

  clear(): void {
    for (const sum of this.sums) sum.fill(0);
    this.counts.fill(0);
    this.messages.clear();
    this.inverseSum = 0;
    this.missing = this.workers;
  }
}
