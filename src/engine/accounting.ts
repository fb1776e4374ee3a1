import type { GradientAccount } from './result.ts';

/**
 * Counters for where every gradient went, total and per worker. Each counter is bumped where its
 * event happens (worker, network, server), and in-flight is counted on its own (messages on
 * links plus gradients received but not yet used), so computed = applied + discarded + lost +
 * inFlight is a real check: a gradient dropped without being counted breaks it.
 */
export class Accounting {
  computed = 0;
  /** Gradients delivered to the server (first copies only). */
  received = 0;
  applied = 0;
  discarded = 0;
  lost = 0;
  cancelled = 0;
  duplicates = 0;
  stalenessSum = 0;
  stalenessMax = 0;
  /** Applied gradients by staleness (iterations between the model they used and the step). */
  private readonly stalenessCounts = new Map<number, number>();
  readonly perWorker: { computed: Float64Array; applied: Float64Array; discarded: Float64Array; lost: Float64Array };

  constructor(workers: number) {
    this.perWorker = {
      computed: new Float64Array(workers),
      applied: new Float64Array(workers),
      discarded: new Float64Array(workers),
      lost: new Float64Array(workers),
    };
  }

  onComputed(worker: number, count: number): void {
    this.computed += count;
    this.perWorker.computed[worker] += count;
  }

  onReceived(count: number): void {
    this.received += count;
  }

  onApplied(worker: number, count: number, staleness: number): void {
    this.applied += count;
    this.perWorker.applied[worker] += count;
    this.stalenessSum += staleness * count;
    if (staleness > this.stalenessMax) this.stalenessMax = staleness;
    this.stalenessCounts.set(staleness, (this.stalenessCounts.get(staleness) ?? 0) + count);
  }

  /** [staleness, applied gradients] pairs, by increasing staleness. */
  stalenessHistogram(): [number, number][] {
    return [...this.stalenessCounts].sort((a, b) => a[0] - b[0]);
  }

  onDiscarded(worker: number, count: number): void {
    this.discarded += count;
    this.perWorker.discarded[worker] += count;
  }

  onLost(worker: number, count: number): void {
    this.lost += count;
    this.perWorker.lost[worker] += count;
  }

  /** The account, with `inTransit` gradients still on links. */
  snapshot(inTransit: number): GradientAccount {
    return {
      computed: this.computed,
      applied: this.applied,
      discarded: this.discarded,
      lost: this.lost,
      inFlight: inTransit + this.received - this.applied - this.discarded,
      cancelled: this.cancelled,
      duplicates: this.duplicates,
    };
  }
}
