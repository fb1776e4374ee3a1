import { commonTail } from './common-period.ts';
import { constantSpeed } from './constant-speed.ts';
import { NumericProduct } from './numeric-product.ts';
import { SegmentProfile } from './segment-profile.ts';
import type { SegmentGenerator, SegmentSink } from './segment-profile.ts';
import type { SpeedProfile, StructuredSpeedProfile } from './speed-profile.ts';
import { isStructured } from './speed-profile.ts';

/**
 * Merges the breakpoints of piecewise-constant factors into product segments, lazily. Once all
 * factors are periodic from some time T with a common period L, the product's segments on
 * [T, T + L) are stored once and repeated, which also bounds memory and turns a product that is
 * zero for ever (e.g. two on/off waves in antiphase) into an immediate Infinity.
 */
class ProductGenerator implements SegmentGenerator {
  private at = 0;
  private readonly cycleStart: number;
  private readonly cycleEnd: number;
  private readonly period: number;

  constructor(private readonly factors: readonly StructuredSpeedProfile[]) {
    const tail = commonTail(factors);
    this.cycleStart = tail === null ? Infinity : tail.start;
    this.period = tail === null ? 0 : tail.period;
    this.cycleEnd = tail === null ? Infinity : tail.start + tail.period;
  }

  extend(sink: SegmentSink, until: number): void {
    while (sink.open && sink.knownEnd <= until) this.step(sink);
  }

  private step(sink: SegmentSink): void {
    const c = this.at;
    const factors = this.factors;
    if (c >= this.cycleEnd) {
      sink.repeatFrom(this.cycleStart, this.period);
      return;
    }
    let next = c < this.cycleStart ? this.cycleStart : this.cycleEnd;
    for (let i = 0; i < factors.length; i++) {
      const factor = factors[i];
      if (factor.zeroFrom() <= c) {
        sink.push(c, 0);
        sink.close();
        return;
      }
      const b = factor.nextBreakpoint(c);
      if (b < next) next = b;
    }
    // Speeds are read inside the segment, not at its start, so a factor's own rounding of
    // where its breakpoint falls cannot shift which speed the segment gets.
    const probe = next < Infinity ? c + (next - c) / 2 : 2 * c + 1;
    let speed = 1;
    for (let i = 0; i < factors.length; i++) speed *= factors[i].speedAt(probe);
    sink.push(c, speed);
    if (next === Infinity) sink.close();
    else this.at = next;
  }
}

/**
 * s(t) = Π factors[i](t). When every factor is a built-in piecewise-constant profile the product
 * is piecewise constant too: breakpoints are merged lazily and finishTime is exact. Otherwise it
 * is integrated numerically (see {@link NumericProduct}). Random factors keep their own streams.
 */
export function productSpeed(factors: readonly SpeedProfile[]): SpeedProfile {
  if (factors.length === 0) return constantSpeed(1);
  if (factors.length === 1) return factors[0];
  const structured: StructuredSpeedProfile[] = [];
  for (const factor of factors) if (isStructured(factor) && factor.piecewiseConstant) structured.push(factor);
  if (structured.length === factors.length) return new SegmentProfile(new ProductGenerator(structured));
  return new NumericProduct(factors);
}
