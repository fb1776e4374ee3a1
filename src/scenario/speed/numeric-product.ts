import { integrateSmooth } from './gauss-kronrod.ts';
import { commonTail } from './common-period.ts';
import { increasingRoot } from './increasing-root.ts';
import type { SpeedProfile, StructuredSpeedProfile } from './speed-profile.ts';
import { isStructured } from './speed-profile.ts';

/** Relative tolerance of each piece's integral. */
const REL_TOL = 1e-13;
/** Relative shortfall of the work that still counts as done (the integrals' own accuracy). */
const SNAP = 1e-12;
/** Pieces are at most this fraction of the shortest factor period, so quadrature sees a smooth arc. */
const PIECES_PER_PERIOD = 8;

/**
 * A product of speed profiles at least one of which is not piecewise constant (e.g. a sine).
 * Integrals are adaptive Gauss–Kronrod (7–15) on each piece between the factors' breakpoints
 * (pieces no longer than 1/8 of the shortest period), to ~1e-13 relative per piece; finishTime
 * marches piece by piece and solves the last one by safeguarded Newton. (Adaptive Simpson at
 * this tolerance needed ~5000 evaluations of s per finishTime; Gauss–Kronrod needs ~500.) When
 * all factors share a periodic tail, whole periods are skipped using the integral over one
 * period (computed once).
 *
 * Limit: with factors that are not built-in profiles (no breakpoints, no period), pieces grow
 * geometrically and a product that is zero for ever is not detected.
 */
export class NumericProduct implements StructuredSpeedProfile {
  readonly piecewiseConstant = false;
  private readonly structured: StructuredSpeedProfile[] = [];
  private readonly grid: number;
  private readonly cycleStart: number;
  private readonly period: number;
  private cycleWork = Number.NaN;
  private readonly f: (t: number) => number;
  private solveStart = 0;
  private solveWork = 0;
  private readonly g: (t: number) => number;

  constructor(private readonly factors: readonly SpeedProfile[]) {
    let shortest = Infinity;
    for (const factor of factors) {
      if (!isStructured(factor)) continue;
      this.structured.push(factor);
      const p = factor.tailPeriod();
      if (p > 0 && p < shortest) shortest = p;
    }
    this.grid = shortest / PIECES_PER_PERIOD;
    const tail = commonTail(factors);
    this.cycleStart = tail === null ? Infinity : tail.start;
    this.period = tail === null ? 0 : tail.period;
    this.f = (t) => this.speedAt(t);
    this.g = (t) => this.direct(this.solveStart, t) - this.solveWork;
  }

  speedAt(t: number): number {
    let v = 1;
    for (let i = 0; i < this.factors.length; i++) v *= this.factors[i].speedAt(t);
    return v;
  }

  integral(a: number, b: number): number {
    if (!(b > a)) return 0;
    const period = this.period;
    if (!(period > 0) || b - a < 3 * period) return this.direct(a, b);
    // Skip whole periods inside [max(a, T), b]: s is periodic there.
    const from = a > this.cycleStart ? a : this.cycleStart;
    const cycles = Math.floor((b - from) / period) - 1;
    if (cycles < 1) return this.direct(a, b);
    const skipEnd = from + cycles * period;
    return this.direct(a, from) + cycles * this.workPerCycle() + this.direct(skipEnd, b);
  }

  finishTime(t0: number, work: number): number {
    if (!(work > 0)) return t0;
    let c = t0;
    let rest = work;
    let span = work;
    const period = this.period;
    for (;;) {
      if (this.zeroFrom() <= c) return Infinity;
      if (period > 0 && c >= this.cycleStart) {
        const perCycle = this.workPerCycle();
        if (!(perCycle > 0)) return Infinity;
        const cycles = Math.floor(rest / perCycle) - 1;
        if (cycles >= 1) {
          c += cycles * period;
          rest -= cycles * perCycle;
        }
      }
      let end = this.pieceEnd(c);
      if (end === Infinity) {
        end = c + span;
        span *= 2;
      }
      const piece = integrateSmooth(this.f, c, end, REL_TOL);
      // A shortfall within the integration tolerance ends the job here, not after whatever idle
      // stretch may follow: the answer would otherwise hinge on the last bits of two sums.
      if (piece >= rest || rest - piece <= SNAP * work) {
        this.solveStart = c;
        this.solveWork = rest;
        return increasingRoot(this.g, this.f, c, end, c + (end - c) * (rest / piece));
      }
      rest -= piece;
      c = end;
    }
  }

  nextBreakpoint(t: number): number {
    let next = Infinity;
    for (let i = 0; i < this.structured.length; i++) {
      const b = this.structured[i].nextBreakpoint(t);
      if (b < next) next = b;
    }
    return next;
  }

  tailStart(): number {
    return this.period > 0 ? this.cycleStart : Infinity;
  }

  tailPeriod(): number {
    return this.period > 0 ? this.period : Number.NaN;
  }

  zeroFrom(): number {
    let from = Infinity;
    for (let i = 0; i < this.structured.length; i++) {
      const z = this.structured[i].zeroFrom();
      if (z < from) from = z;
    }
    return from;
  }

  /** End of the smooth piece starting at c: the next breakpoint or grid line after c. */
  private pieceEnd(c: number): number {
    const grid = this.grid;
    let end = this.nextBreakpoint(c);
    if (grid < Infinity) {
      let line = (Math.floor(c / grid) + 1) * grid;
      if (!(line > c)) line += grid;
      if (line < end) end = line;
    }
    return end;
  }

  /** ∫_a^b by pieces, no period skipping. */
  private direct(a: number, b: number): number {
    let sum = 0;
    let c = a;
    while (c < b) {
      let end = this.pieceEnd(c);
      if (end > b) end = b;
      sum += integrateSmooth(this.f, c, end, REL_TOL);
      c = end;
    }
    return sum;
  }

  private workPerCycle(): number {
    if (Number.isNaN(this.cycleWork)) this.cycleWork = this.direct(this.cycleStart, this.cycleStart + this.period);
    return this.cycleWork;
  }
}
