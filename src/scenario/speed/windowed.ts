import type { SpeedProfile, StructuredSpeedProfile } from './speed-profile.ts';
import { isStructured } from './speed-profile.ts';

/** Relative shortfall of the work that still counts as done (rounding of the piece sums). */
const SNAP = 16 * Number.EPSILON;

/** A factor applied to a speed on [from, to) in virtual seconds. */
export interface SpeedWindow {
  /** Start, ≥ 0. */
  readonly from: number;
  /** End (exclusive), > from; Infinity for "from then on". */
  readonly to: number;
  /** Multiplier ≥ 0: 0 pauses (progress is kept), 1/k straggles k-fold. */
  readonly factor: number;
}

/**
 * A base profile multiplied by window factors; overlapping windows multiply. The windows are
 * flattened once into disjoint pieces, and every query walks those pieces calling the base, so
 * the base keeps its own accuracy (exact for piecewise-constant bases, analytic for a sine) and a
 * job that meets no window gets exactly the base's answer. A job started inside a pause resumes
 * at the pause's end; a job that overlaps a pause is delayed by exactly the pause on a constant
 * base. Hot methods allocate nothing.
 */
export class WindowedSpeed implements StructuredSpeedProfile {
  readonly piecewiseConstant: boolean;
  /** Piece j is [edges[j], edges[j+1]) with factor factors[j]; edges[0] = 0, the last piece is unbounded. */
  private readonly edges: Float64Array;
  private readonly factors: Float64Array;
  private readonly structuredBase: StructuredSpeedProfile | null;

  constructor(
    private readonly base: SpeedProfile,
    windows: readonly SpeedWindow[],
  ) {
    this.piecewiseConstant = base.piecewiseConstant;
    this.structuredBase = isStructured(base) ? base : null;
    const points = new Set<number>([0]);
    for (const w of windows) {
      if (!(w.from >= 0 && w.to > w.from && w.factor >= 0 && w.factor < Infinity)) {
        throw new RangeError(`windowed: a window needs 0 ≤ from < to and a finite factor ≥ 0; got from ${w.from}, to ${w.to}, factor ${w.factor}`);
      }
      points.add(w.from);
      if (w.to < Infinity) points.add(w.to);
    }
    const edges = [...points].sort((a, b) => a - b);
    const factors = edges.map((edge) => {
      let f = 1;
      for (const w of windows) if (w.from <= edge && edge < w.to) f *= w.factor;
      return f;
    });
    this.edges = Float64Array.from(edges);
    this.factors = Float64Array.from(factors);
  }

  speedAt(t: number): number {
    const f = this.factors[this.pieceAt(t)];
    return f === 0 ? 0 : f * this.base.speedAt(t);
  }

  integral(a: number, b: number): number {
    if (!(b > a)) return 0;
    const edges = this.edges;
    const last = edges.length - 1;
    let j = this.pieceAt(a);
    let c = a;
    let sum = 0;
    for (;;) {
      const pieceEnd = j < last ? edges[j + 1] : Infinity;
      const end = pieceEnd < b ? pieceEnd : b;
      const f = this.factors[j];
      if (f > 0) sum += f * this.base.integral(c, end);
      if (end >= b) return sum;
      c = end;
      j++;
    }
  }

  finishTime(t0: number, work: number): number {
    if (!(work > 0)) return t0;
    const edges = this.edges;
    const last = edges.length - 1;
    let j = this.pieceAt(t0);
    let c = t0;
    let rest = work;
    for (;;) {
      const f = this.factors[j];
      if (j === last) return f > 0 ? this.base.finishTime(c, rest / f) : Infinity;
      const end = edges[j + 1];
      if (f > 0) {
        // Check that the job ends in this piece before asking the base, so a tiny factor never
        // makes a lazy base generate far beyond the window.
        const available = f * this.base.integral(c, end);
        // A shortfall within rounding ends the job with this piece rather than after an idle
        // stretch that may follow: finishTime must invert integral across piece edges too.
        if (available >= rest || rest - available <= SNAP * work) {
          const t = this.base.finishTime(c, rest / f);
          return t < end ? t : end;
        }
        rest -= available;
      }
      c = end;
      j++;
    }
  }

  nextBreakpoint(t: number): number {
    const edges = this.edges;
    const j = this.pieceAt(t);
    const edge = j + 1 < edges.length ? edges[j + 1] : Infinity;
    const base = this.structuredBase === null ? Infinity : this.structuredBase.nextBreakpoint(t);
    return base < edge ? base : edge;
  }

  tailStart(): number {
    const base = this.structuredBase === null ? Infinity : this.structuredBase.tailStart();
    const lastEdge = this.edges[this.edges.length - 1];
    return base > lastEdge ? base : lastEdge;
  }

  tailPeriod(): number {
    return this.structuredBase === null ? Number.NaN : this.structuredBase.tailPeriod();
  }

  zeroFrom(): number {
    const base = this.structuredBase === null ? Infinity : this.structuredBase.zeroFrom();
    const last = this.edges.length - 1;
    const windows = this.factors[last] === 0 ? this.edges[last] : Infinity;
    return base < windows ? base : windows;
  }

  /** Index of the piece holding t (0 for t < 0). */
  private pieceAt(t: number): number {
    const edges = this.edges;
    let a = 0;
    let b = edges.length;
    while (b - a > 1) {
      const mid = (a + b) >>> 1;
      if (edges[mid] <= t) a = mid;
      else b = mid;
    }
    return a;
  }
}

/**
 * `profile` multiplied by `factor` on each window [from, to): factor 0 pauses the worker
 * (progress is kept), 1/k makes it straggle k-fold. Piecewise constant when the base is. The
 * simulator applies pause and straggle faults with this.
 */
export function windowed(profile: SpeedProfile, windows: readonly SpeedWindow[]): WindowedSpeed {
  return new WindowedSpeed(profile, windows);
}
