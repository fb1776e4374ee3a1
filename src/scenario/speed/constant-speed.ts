import type { StructuredSpeedProfile } from './speed-profile.ts';

/**
 * A constant relative speed. With value 1 this is the fixed computation model: a job of τ
 * nominal seconds started at t0 ends at exactly `t0 + τ`, bit for bit.
 */
export class ConstantSpeed implements StructuredSpeedProfile {
  readonly piecewiseConstant = true;

  constructor(
    /** The speed, ≥ 0 (1 = nominal). */
    readonly value: number,
  ) {}

  speedAt(): number {
    return this.value;
  }

  integral(a: number, b: number): number {
    return b > a ? (b - a) * this.value : 0;
  }

  finishTime(t0: number, work: number): number {
    if (!(work > 0)) return t0;
    const v = this.value;
    // The fixed-computation fast path: t0 + τ must stay bit-exact, so no division by 1.
    if (v === 1) return t0 + work;
    return v > 0 ? t0 + work / v : Infinity;
  }

  nextBreakpoint(): number {
    return Infinity;
  }

  tailStart(): number {
    return 0;
  }

  tailPeriod(): number {
    return 0;
  }

  zeroFrom(): number {
    return this.value === 0 ? 0 : Infinity;
  }
}

/** s(t) = `value` for all t (value ≥ 0; 1 = nominal speed). */
export function constantSpeed(value: number): ConstantSpeed {
  return new ConstantSpeed(value);
}
