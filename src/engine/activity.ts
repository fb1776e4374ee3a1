import type { FaultSpec } from '../scenario/fault-types.ts';

/** What a worker can be doing besides idling, in the order of `WorkerActivity.spans.state` codes. */
export const ACTIVITY_STATES = ['computing', 'sending', 'down'] as const;
const Code = { computing: 0, sending: 1, down: 2 } as const;

/** Bins of the utilization heatmap: enough to read, few enough to stay small at any n. */
const BINS = 200;
/** Spans kept for the timeline (all workers together); the heatmap covers the rest. */
const MAX_SPANS = 20_000;

/**
 * What every worker did over the run, for the report's timeline: spans of computing, sending
 * (its uplink busy with its message) and down (crashed, paused, not yet joined), idle being the
 * rest; and the fraction of each time bin spent computing, per worker (the heatmap used when
 * there are too many workers or spans to draw one by one).
 */
export interface WorkerActivity {
  /** Span k: worker `worker[k]` in state `ACTIVITY_STATES[state[k]]` over [from[k], to[k]). Columnar, to keep the JSON small. */
  readonly spans: { readonly worker: number[]; readonly state: number[]; readonly from: number[]; readonly to: number[] };
  /** More spans happened than were kept (the earliest are kept). */
  readonly truncated: boolean;
  /** Width of a heatmap bin, virtual seconds. */
  readonly binWidth: number;
  /** utilization[w][b]: fraction of [b·binWidth, (b+1)·binWidth) worker w spent computing, to 4 decimals. */
  readonly utilization: number[][];
}

/**
 * Records worker activity as the run goes. Bins start at `initialWidth` and double (merging
 * neighbours) whenever the run outgrows them, so the heatmap has at most BINS bins whatever the
 * run's length, known or not in advance.
 */
export class ActivityRecorder {
  private readonly worker: number[] = [];
  private readonly state: number[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private truncated = false;
  private binWidth: number;
  private readonly busy: Float64Array[];
  /** Start of the current down period, per worker (undefined: up). */
  private readonly downSince: (number | undefined)[];
  /** Pause windows: down time known in advance, clipped to the run when it ends. */
  private readonly pauses: { worker: number; from: number; to: number }[] = [];

  constructor(
    private readonly workers: number,
    initialWidth: number,
    present: readonly boolean[],
  ) {
    this.binWidth = initialWidth > 0 && Number.isFinite(initialWidth) ? initialWidth : 1;
    this.busy = Array.from({ length: workers }, () => new Float64Array(BINS));
    this.downSince = present.map((p) => (p ? undefined : 0));
  }

  notePauses(faults: readonly FaultSpec[]): void {
    for (const fault of faults) if (fault.kind === 'pause') for (const w of fault.workers) this.pauses.push({ worker: w, from: fault.from, to: fault.to });
  }

  computed(worker: number, from: number, to: number): void {
    if (!(to > from)) return;
    this.span(worker, Code.computing, from, to);
    this.addBusy(worker, from, to);
  }

  sent(worker: number, from: number, to: number): void {
    if (to > from) this.span(worker, Code.sending, from, to);
  }

  wentDown(worker: number, at: number): void {
    this.downSince[worker] ??= at;
  }

  cameUp(worker: number, at: number): void {
    const since = this.downSince[worker];
    if (since === undefined) return;
    this.downSince[worker] = undefined;
    if (at > since) this.span(worker, Code.down, since, at);
  }

  /** The activity at the end of the run (virtual time `end`). */
  finish(end: number): WorkerActivity {
    for (let w = 0; w < this.workers; w++) this.cameUp(w, end);
    for (const p of this.pauses) if (p.from < end) this.span(p.worker, Code.down, p.from, Math.min(p.to, end));
    while (end > BINS * this.binWidth) this.coarsen();
    const bins = Math.max(1, Math.min(BINS, Math.ceil(end / this.binWidth)));
    // Four decimals are plenty for a heatmap and keep results.json small at n = 1000.
    const utilization = this.busy.map((row) =>
      Array.from(row.subarray(0, bins), (seconds, b) => Math.round((1e4 * seconds) / Math.max(Number.MIN_VALUE, Math.min(this.binWidth, end - b * this.binWidth))) / 1e4),
    );
    return {
      spans: { worker: this.worker, state: this.state, from: this.from, to: this.to },
      truncated: this.truncated,
      binWidth: this.binWidth,
      utilization,
    };
  }

  private span(worker: number, state: number, from: number, to: number): void {
    if (this.worker.length >= MAX_SPANS) {
      this.truncated = true;
      return;
    }
    this.worker.push(worker);
    this.state.push(state);
    this.from.push(from);
    this.to.push(to);
  }

  private addBusy(worker: number, from: number, to: number): void {
    while (to > BINS * this.binWidth) this.coarsen();
    const row = this.busy[worker];
    const width = this.binWidth;
    for (let b = Math.floor(from / width); b * width < to && b < BINS; b++) {
      const overlap = Math.min(to, (b + 1) * width) - Math.max(from, b * width);
      if (overlap > 0) row[b] += overlap;
    }
  }

  /** Doubles the bin width, merging pairs of bins. */
  private coarsen(): void {
    for (const row of this.busy) {
      for (let b = 0; b < BINS / 2; b++) row[b] = row[2 * b] + row[2 * b + 1];
      row.fill(0, BINS / 2);
    }
    this.binWidth *= 2;
  }
}
