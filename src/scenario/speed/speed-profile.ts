/**
 * The universal computation model: a worker's speed is a relative factor s(t) ≥ 0 of its nominal
 * speed (1 = nominal). A job that needs `work` nominal seconds and starts at t0 finishes at the
 * first t ≥ t0 with ∫_{t0}^{t} s(u) du = work, or never (Infinity).
 *
 * Every method takes virtual times t ≥ 0 in seconds.
 */
export interface SpeedProfile {
  /** s(t) */
  speedAt(t: number): number;
  /** ∫_a^b s(u) du for 0 ≤ a ≤ b */
  integral(a: number, b: number): number;
  /** first t ≥ t0 with ∫_{t0}^{t} s = work (work ≥ 0), or Infinity */
  finishTime(t0: number, work: number): number;
  /** true when s is piecewise constant (then finishTime is exact up to one rounding per segment) */
  readonly piecewiseConstant: boolean;
}

/**
 * What the built-in profiles also know about their shape, so that products and windows can merge
 * breakpoints exactly, detect periodicity and recognise a speed that is zero for good.
 */
export interface StructuredSpeedProfile extends SpeedProfile {
  /**
   * The first time strictly after `t` at which s may jump (a breakpoint of a piecewise-constant
   * profile, a window edge, a kink), or Infinity if there is none. Smooth stretches have none.
   */
  nextBreakpoint(t: number): number;
  /**
   * From this time on s is periodic with {@link tailPeriod} (or constant when the period is 0);
   * Infinity when that is not (yet) known, e.g. for a random profile.
   */
  tailStart(): number;
  /** Period of the tail in seconds; 0 for a constant tail; NaN when {@link tailStart} is Infinity. */
  tailPeriod(): number;
  /** s ≡ 0 on [zeroFrom(), ∞); Infinity when s is not known to be zero for good. */
  zeroFrom(): number;
}

/** Whether `profile` is one of the built-in, structured profiles. */
export function isStructured(profile: SpeedProfile): profile is StructuredSpeedProfile {
  return 'nextBreakpoint' in profile && typeof profile.nextBreakpoint === 'function';
}
