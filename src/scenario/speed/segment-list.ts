export const LAZY = 0;
export const CLOSED = 1;
export const CYCLIC = 2;

/**
 * Storage and arithmetic of a piecewise-constant speed: breakpoints t_k, speeds v_k and the
 * cumulative integral C_k = ∫_0^{t_k} s in growable Float64Arrays. The list is open (more
 * segments may be pushed), closed (the last speed holds for ever) or cyclic (segments from index
 * c0, at time T, repeat with a period L).
 *
 * A cyclic list is addressed by virtual segment indices i ≥ 0 running through every repetition:
 * index c0 + m·len + (k − c0) is stored segment k in repetition m. Queries leave their results
 * in fields (found*, inv*) so the hot path allocates nothing.
 */
export class SegmentList {
  times: Float64Array = new Float64Array(16);
  speeds: Float64Array = new Float64Array(16);
  cum: Float64Array = new Float64Array(16);
  n = 0;
  mode = LAZY;
  c0 = 0;
  cycleStart = Infinity;
  period = 0;
  cycleWork = 0;
  /** Set by {@link segmentAt}: absolute end of the segment, its repetition and the offset into it. */
  foundEnd = 0;
  foundCycle = 0;
  foundOffset = 0;
  /** Set by {@link split}: stored index and repetition of a virtual index. */
  private splitK = 0;
  private splitM = 0;
  /** Set by {@link inverse}: work left inside the found segment. */
  invRest = 0;
  private hint = 0;

  push(start: number, speed: number): void {
    const n = this.n;
    if (n === this.times.length) this.reserve(2 * n);
    this.times[n] = start;
    this.speeds[n] = speed;
    this.cum[n] = n === 0 ? 0 : this.cum[n - 1] + (start - this.times[n - 1]) * this.speeds[n - 1];
    this.n = n + 1;
  }

  /** Makes the segments from the breakpoint at `start` repeat with `period`. */
  repeatFrom(start: number, period: number): void {
    const c0 = this.search(0, this.n, start);
    const last = this.n - 1;
    this.c0 = c0;
    this.cycleStart = start;
    this.period = period;
    this.cycleWork = this.cum[last] + (start + period - this.times[last]) * this.speeds[last] - this.cum[c0];
    this.mode = CYCLIC;
  }

  /** Absolute start time of stored segment k in repetition m. */
  private timeOf(m: number, k: number): number {
    return m === 0 ? this.times[k] : this.cycleStart + m * this.period + (this.times[k] - this.cycleStart);
  }

  /** Stored segment holding t (sets foundEnd, foundCycle, foundOffset). */
  segmentAt(t: number): number {
    const n = this.n;
    if (this.mode !== CYCLIC || t < this.cycleStart) {
      const k = this.search(0, n, t);
      this.foundCycle = 0;
      this.foundOffset = t - this.times[k];
      this.foundEnd = k + 1 < n ? this.times[k + 1] : this.mode === CYCLIC ? this.cycleStart + this.period : Infinity;
      return k;
    }
    const start = this.cycleStart;
    const period = this.period;
    const u = t - start;
    let m = Math.floor(u / period);
    let r = u - m * period;
    if (r < 0) {
      m -= 1;
      r += period;
    } else if (r >= period) {
      m += 1;
      r -= period;
    }
    // In the first repetition t itself is the most exact position.
    const x = m === 0 ? t : start + r;
    const k = this.search(this.c0, n, x);
    this.foundCycle = m;
    this.foundOffset = x - this.times[k];
    this.foundEnd = k + 1 < n ? this.timeOf(m, k + 1) : this.timeOf(m + 1, this.c0);
    return k;
  }

  /** Virtual index of the segment holding t. */
  indexAt(t: number): number {
    const k = this.segmentAt(t);
    const m = this.foundCycle;
    return m === 0 ? k : this.c0 + m * (this.n - this.c0) + (k - this.c0);
  }

  /** ∫_0^t s (t within the stored or cyclic range). */
  cumAt(t: number): number {
    const k = this.segmentAt(t);
    const m = this.foundCycle;
    const within = this.foundOffset * this.speeds[k];
    if (m === 0) return this.cum[k] + within;
    const c0 = this.c0;
    return this.cum[c0] + m * this.cycleWork + (this.cum[k] - this.cum[c0]) + within;
  }

  /** ∫_0^{t} s for t at or after the last stored breakpoint, as if its speed held until t. */
  cumAtEnd(t: number): number {
    const last = this.n - 1;
    return this.cum[last] + (t - this.times[last]) * this.speeds[last];
  }

  /** Virtual index → stored index (splitK) and repetition (splitM). */
  private split(i: number): void {
    const c0 = this.c0;
    if (this.mode !== CYCLIC || i < c0) {
      this.splitK = i;
      this.splitM = 0;
      return;
    }
    const len = this.n - c0;
    const m = Math.floor((i - c0) / len);
    this.splitM = m;
    this.splitK = c0 + (i - c0 - m * len);
  }

  /** Start time of virtual segment i. */
  startOf(i: number): number {
    this.split(i);
    return this.timeOf(this.splitM, this.splitK);
  }

  /** Speed of virtual segment i. */
  speedOf(i: number): number {
    this.split(i);
    return this.speeds[this.splitK];
  }

  /**
   * The virtual segment where ∫_0^t s first reaches `target` (> 0): the largest i whose start has
   * less than `target`. Sets invRest (the work still to do inside it). −1 when a cyclic tail
   * does no work, so the target is never reached.
   */
  inverse(target: number): number {
    const c0 = this.c0;
    if (this.mode !== CYCLIC || target <= this.cum[c0]) {
      const i = this.lastBelow(0, this.mode === CYCLIC ? c0 : this.n, target);
      this.invRest = target - this.cum[i];
      return i;
    }
    const work = this.cycleWork;
    if (!(work > 0)) return -1;
    const base0 = this.cum[c0];
    const rel = target - base0;
    // Whole repetitions m and a remainder r in (0, work]: a job ending at a cycle's end ends there.
    let m = Math.ceil(rel / work) - 1;
    let r = rel - m * work;
    if (m < 0) {
      // rel / work underflowed to 0: the target lies in the first repetition.
      m = 0;
      r = rel;
    } else if (r <= 0) {
      m -= 1;
      r += work;
    } else if (r > work) {
      m += 1;
      r -= work;
    }
    let lo = c0;
    let hi = this.n;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid] - base0 < r) lo = mid;
      else hi = mid;
    }
    this.invRest = r - (this.cum[lo] - base0);
    return c0 + m * (this.n - c0) + (lo - c0);
  }

  /** Largest k in [lo, hi) with times[k] ≤ t (lo if none); tries the last segment found first. */
  search(lo: number, hi: number, t: number): number {
    const times = this.times;
    const h = this.hint;
    if (h >= lo && h < hi && times[h] <= t) {
      if (h + 1 === hi || t < times[h + 1]) return h;
      if (h + 2 === hi || (h + 2 < hi && t < times[h + 2])) {
        this.hint = h + 1;
        return h + 1;
      }
    }
    let a = lo;
    let b = hi;
    while (b - a > 1) {
      const mid = (a + b) >>> 1;
      if (times[mid] <= t) a = mid;
      else b = mid;
    }
    this.hint = a;
    return a;
  }

  /** Largest k in [lo, hi) with cum[k] < x (lo if none). */
  private lastBelow(lo: number, hi: number, x: number): number {
    const cum = this.cum;
    let a = lo;
    let b = hi;
    while (b - a > 1) {
      const mid = (a + b) >>> 1;
      if (cum[mid] < x) a = mid;
      else b = mid;
    }
    return a;
  }

  private reserve(capacity: number): void {
    const grow = (old: Float64Array): Float64Array => {
      const next = new Float64Array(capacity);
      next.set(old);
      return next;
    };
    this.times = grow(this.times);
    this.speeds = grow(this.speeds);
    this.cum = grow(this.cum);
  }
}
