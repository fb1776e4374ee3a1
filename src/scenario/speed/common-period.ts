import type { SpeedProfile } from './speed-profile.ts';
import { isStructured } from './speed-profile.ts';

/** Largest multiple tried when looking for a common period. */
const MAX_MULTIPLE = 1000;
/** Relative slack for `a·L = b·p`: a few ulps, enough for 3 × 0.1 against 0.3. */
const SLACK = 8 * Number.EPSILON;

/**
 * The least common multiple of positive periods (in seconds), found as a·L = b·p with integers
 * up to 1000 and a few ulps of slack; 0 when there are no periods, NaN when the periods are not
 * commensurate within those limits.
 */
export function commonPeriod(periods: readonly number[]): number {
  let lcm = 0;
  for (const p of periods) {
    if (lcm === 0) {
      lcm = p;
      continue;
    }
    let found = Number.NaN;
    for (let a = 1; a <= MAX_MULTIPLE; a++) {
      const multiple = a * lcm;
      const b = Math.round(multiple / p);
      if (b >= 1 && Math.abs(multiple - b * p) <= SLACK * multiple) {
        found = multiple;
        break;
      }
    }
    if (Number.isNaN(found)) return Number.NaN;
    lcm = found;
  }
  return lcm;
}

/** Where a product of profiles becomes periodic, and with which period. */
export interface Tail {
  /** Time from which the product repeats, in seconds. */
  readonly start: number;
  /** Its period in seconds, > 0. */
  readonly period: number;
}

/**
 * The periodic tail shared by all `factors`: from the latest tail start, with the common period
 * of the periodic ones. Null when some factor's tail is unknown (random, or not a built-in
 * profile), when the periods are incommensurate, or when every tail is constant.
 */
export function commonTail(factors: readonly SpeedProfile[]): Tail | null {
  let start = 0;
  const periods: number[] = [];
  for (const factor of factors) {
    if (!isStructured(factor)) return null;
    const tailStart = factor.tailStart();
    if (!(tailStart < Infinity)) return null;
    if (tailStart > start) start = tailStart;
    const period = factor.tailPeriod();
    if (period > 0) periods.push(period);
  }
  const period = commonPeriod(periods);
  return period > 0 ? { start, period } : null;
}
