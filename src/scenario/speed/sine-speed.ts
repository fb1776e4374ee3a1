import { increasingRoot } from './increasing-root.ts';
import type { StructuredSpeedProfile } from './speed-profile.ts';

/** Parameters of {@link sineSpeed}; times in seconds. */
export interface SineOptions {
  /** Length of one cycle, > 0. */
  readonly period: number;
  /** Average speed, > 0. */
  readonly mean: number;
  /** Swing around the mean, in [0, mean] so that s ≥ 0. */
  readonly amplitude: number;
  /** Shift in seconds; default 0. */
  readonly phase?: number;
}

const TWO_PI = 2 * Math.PI;

/**
 * s(t) = mean + amplitude·sin(2π(t + phase)/period). The integral is analytic; finishTime skips
 * whole periods (each worth mean·period) and solves the rest by safeguarded Newton to full
 * double precision. Arguments are reduced modulo the period first, so accuracy does not decay
 * with t beyond the rounding of t itself.
 */
export class SineSpeed implements StructuredSpeedProfile {
  readonly piecewiseConstant = false;
  readonly period: number;
  readonly mean: number;
  readonly amplitude: number;
  readonly phase: number;
  private readonly g: (t: number) => number;
  private readonly slope: (t: number) => number;
  private solveStart = 0;
  private solveWork = 0;

  constructor(options: SineOptions) {
    this.period = options.period;
    this.mean = options.mean;
    this.amplitude = options.amplitude;
    this.phase = options.phase ?? 0;
    // Bound once: the root finder's callbacks read the current solve from fields.
    this.g = (t) => this.integral(this.solveStart, t) - this.solveWork;
    this.slope = (t) => this.speedAt(t);
  }

  /** Angle of t in [0, 2π). */
  private angle(t: number): number {
    const x = t + this.phase;
    const period = this.period;
    const r = x - Math.floor(x / period) * period;
    return (TWO_PI * (r >= 0 && r < period ? r : 0)) / period;
  }

  speedAt(t: number): number {
    return this.mean + this.amplitude * Math.sin(this.angle(t));
  }

  integral(a: number, b: number): number {
    if (!(b > a)) return 0;
    const d = b - a;
    const period = this.period;
    // cos θb − cos θa = −2 sin(θa + πd/P) sin(πd/P), with d reduced mod P: no cancellation for short spans.
    const dr = d - Math.floor(d / period) * period;
    const half = (Math.PI * dr) / period;
    const wave = ((this.amplitude * period) / Math.PI) * Math.sin(this.angle(a) + half) * Math.sin(half);
    return this.mean * d + wave;
  }

  finishTime(t0: number, work: number): number {
    if (!(work > 0)) return t0;
    const period = this.period;
    const perPeriod = this.mean * period;
    if (!(perPeriod > 0)) return Infinity;
    let whole = Math.floor(work / perPeriod);
    let rest = work - whole * perPeriod;
    if (rest < 0) {
      whole -= 1;
      rest += perPeriod;
    }
    const start = whole > 0 ? t0 + whole * period : t0;
    if (rest === 0) return start;
    this.solveStart = start;
    this.solveWork = rest;
    // Rounding may leave rest a hair above one period's work: then the bracket needs two.
    const hi = start + (rest < perPeriod ? period : 2 * period);
    return increasingRoot(this.g, this.slope, start, hi, start + rest / this.mean);
  }

  nextBreakpoint(): number {
    return Infinity;
  }

  tailStart(): number {
    return 0;
  }

  tailPeriod(): number {
    return this.period;
  }

  zeroFrom(): number {
    return this.mean > 0 ? Infinity : 0;
  }
}

/** A sinusoidal speed; see {@link SineSpeed}. */
export function sineSpeed(options: SineOptions): SineSpeed {
  return new SineSpeed(options);
}
