import { CLOSED, CYCLIC, LAZY, SegmentList } from './segment-list.ts';
import type { StructuredSpeedProfile } from './speed-profile.ts';

/** What a {@link SegmentGenerator} writes to: the growing end of a {@link SegmentProfile}. */
export interface SegmentSink {
  /** Start of the last pushed segment, whose end is not known yet (-Infinity before the first push). */
  readonly knownEnd: number;
  /** False once the sink is closed or cyclic: then nothing more may be pushed. */
  readonly open: boolean;
  /**
   * Starts a segment of speed `speed` at `start` (the first at 0, then strictly increasing).
   * Segments are never merged: each push is a breakpoint, so where segments end depends only on
   * the generator, never on how far the profile happened to be extended when it was queried.
   */
  push(start: number, speed: number): void;
  /** The last pushed segment lasts for ever. */
  close(): void;
  /**
   * From the pushed breakpoint at `start` on, the segments pushed so far (the last one lasting
   * until `start + period`) repeat with `period` for ever.
   */
  repeatFrom(start: number, period: number): void;
}

/** Produces the segments of an infinite piecewise-constant profile on demand. */
export interface SegmentGenerator {
  /**
   * Pushes segments until `sink.knownEnd > until` or closes the sink. The path must not depend
   * on `until`: a generator draws its segments in one fixed order, however far it is asked.
   */
  extend(sink: SegmentSink, until: number): void;
}

/**
 * Work this close (relative to ∫_0^t s) to the end of a busy stretch that an idle stretch
 * follows counts as done at the end of the busy stretch: otherwise finishTime(t0, ∫_{t0}^{t1} s)
 * could jump past the idle stretch on the last bit of a sum.
 */
const SNAP = 16 * Number.EPSILON;

/**
 * A piecewise-constant speed. finishTime inverts the stored cumulative integral by binary
 * search (ALGORITHMS.md §0.1.4): exact within the starting segment (t0 + w at speed 1, bit for
 * bit) and one rounding per segment beyond. The segments are closed (the last speed holds for
 * ever), cyclic (a tail repeating with a period, stored once, so memory does not grow with
 * simulated time) or generated lazily as far as queries need.
 *
 * Hot methods allocate nothing: buffers grow only when a generator adds segments, and the
 * segment found last is tried first, so monotone queries cost O(1).
 */
export class SegmentProfile implements StructuredSpeedProfile, SegmentSink {
  readonly piecewiseConstant = true;
  private readonly list = new SegmentList();

  constructor(private readonly generator: SegmentGenerator | null = null) {
    if (generator !== null) this.grow(0);
  }

  /**
   * A profile from breakpoints (speeds[k] from times[k]; times[0] = 0, strictly increasing),
   * holding the last speed for ever or, with `repeat`, repeating the whole list with that period
   * (> the last time).
   */
  static fromBreakpoints(times: ArrayLike<number>, speeds: ArrayLike<number>, repeat?: number): SegmentProfile {
    const profile = new SegmentProfile();
    for (let k = 0; k < times.length; k++) if (k === 0 || speeds[k] !== speeds[k - 1]) profile.push(times[k], speeds[k]);
    if (repeat === undefined) profile.close();
    else profile.repeatFrom(0, repeat);
    return profile;
  }

  get knownEnd(): number {
    const list = this.list;
    if (list.mode !== LAZY) return Infinity;
    return list.n === 0 ? -Infinity : list.times[list.n - 1];
  }

  get open(): boolean {
    return this.list.mode === LAZY;
  }

  /** Number of stored segments (one cycle for a cyclic profile). */
  get segmentCount(): number {
    return this.list.n;
  }

  push(start: number, speed: number): void {
    this.list.push(start, speed);
  }

  close(): void {
    this.list.mode = CLOSED;
  }

  repeatFrom(start: number, period: number): void {
    this.list.repeatFrom(start, period);
  }

  speedAt(t: number): number {
    this.ensure(t);
    return this.list.speeds[this.list.segmentAt(t)];
  }

  integral(a: number, b: number): number {
    if (!(b > a)) return 0;
    this.ensure(b);
    const list = this.list;
    const k = list.segmentAt(a);
    if (b <= list.foundEnd) return (b - a) * list.speeds[k];
    return list.cumAt(b) - list.cumAt(a);
  }

  finishTime(t0: number, work: number): number {
    if (!(work > 0)) return t0;
    const list = this.list;
    this.ensure(t0);
    const k = list.segmentAt(t0);
    const v = list.speeds[k];
    const end0 = list.foundEnd;
    // Within the starting segment, t0 + w/v is one rounding from exact (and t0 + w at speed 1).
    if (v > 0) {
      const t = t0 + (v === 1 ? work : work / v);
      if (t <= end0) return t;
    }
    if (end0 === Infinity) return Infinity; // a closed tail of speed 0
    // The job outlasts its first segment: go on from that segment's end with what is left.
    const rest = v > 0 ? work - (end0 - t0) * v : work;
    if (!(rest > 0)) return end0;
    this.ensure(end0);
    const before = list.cumAt(end0);
    const target = before + rest;
    // A leftover within rounding of the work already done: the job ends with its first segment.
    if (v > 0 && rest <= SNAP * target) return end0;
    // Work below the resolution of ∫_0^t s: the job ends where the speed next becomes positive.
    if (!(target > before)) return this.firstPositiveFrom(end0);
    while (list.mode === LAZY && list.cum[list.n - 1] < target) this.grow(list.times[list.n - 1]);
    const i = list.inverse(target);
    if (i < 0) return Infinity; // a cyclic tail that does no work
    const vi = list.speedOf(i);
    if (list.invRest <= SNAP * target) {
      // The work is reached, within rounding, where segment i starts: if an idle stretch ends
      // there (or segment i is the idle tail), the job ended when that stretch began.
      let z = i;
      while (z > 0 && list.speedOf(z - 1) === 0) z--;
      if (z < i || !(vi > 0)) {
        const idleFrom = list.startOf(z);
        if (idleFrom >= end0) return idleFrom;
      }
    }
    if (!(vi > 0)) return Infinity; // the closed tail has speed 0
    const t = list.startOf(i) + list.invRest / vi;
    return t > end0 ? t : end0;
  }

  nextBreakpoint(t: number): number {
    this.ensure(t);
    const list = this.list;
    // Walk segment starts rather than trusting the end computed for t's segment: in a cyclic
    // tail, rounding can place t in a segment whose computed end is ≤ t.
    let j = list.indexAt(t) + 1;
    for (;;) {
      if (list.mode === CLOSED && j >= list.n) return Infinity;
      const start = list.startOf(j);
      if (start > t) return start;
      j++;
    }
  }

  tailStart(): number {
    const list = this.list;
    if (list.mode === CLOSED) return list.times[list.n - 1];
    return list.mode === CYCLIC ? list.cycleStart : Infinity;
  }

  tailPeriod(): number {
    const list = this.list;
    if (list.mode === CLOSED) return 0;
    return list.mode === CYCLIC ? list.period : Number.NaN;
  }

  zeroFrom(): number {
    const list = this.list;
    if (list.mode === CLOSED) return list.speeds[list.n - 1] === 0 ? list.times[list.n - 1] : Infinity;
    return list.mode === CYCLIC && list.cycleWork === 0 ? list.cycleStart : Infinity;
  }

  /** Makes sure the segment holding t, and where it ends, is known. */
  private ensure(t: number): void {
    const list = this.list;
    while (list.mode === LAZY && !(list.n > 0 && list.times[list.n - 1] > t)) this.grow(t);
  }

  private grow(until: number): void {
    const list = this.list;
    const count = list.n;
    if (this.generator === null) throw new Error('SegmentProfile: an open profile without a generator was queried');
    this.generator.extend(this, until);
    if (list.mode === LAZY && list.n === count) throw new Error(`SegmentProfile: the generator made no progress past t = ${until}`);
  }

  /** The first time ≥ t where s > 0 (Infinity if s is zero for good from t). */
  private firstPositiveFrom(t: number): number {
    const list = this.list;
    this.ensure(t);
    let j = list.indexAt(t);
    if (list.speeds[list.segmentAt(t)] > 0) return t;
    for (;;) {
      j++;
      if (list.mode === LAZY && j >= list.n) this.grow(list.times[list.n - 1]);
      if (list.mode === CLOSED && j >= list.n) return Infinity;
      if (list.mode === CYCLIC && !(list.cycleWork > 0) && j >= list.c0) return Infinity;
      if (list.speedOf(j) > 0) {
        const start = list.startOf(j);
        return start > t ? start : t;
      }
    }
  }
}
