import type { RandomStream } from '../random/random-stream.ts';
import type { Compressor } from './compressor.ts';

/** 2^-1022, the smallest normal double. */
const MIN_NORMAL = 2.2250738585072014e-308;
/** 2^64: lifts a subnormal into the normal range exactly. */
const TWO_POW_64 = 18446744073709551616;
/** 2^1023, the largest power of two: 2^1024 is not a double. */
const MAX_POWER_OF_TWO = 8.98846567431158e307;

/** Scratch for reading a double's exponent bits (big-endian, as DataView defaults). */
const bits = new DataView(new ArrayBuffer(8));

/** The largest power of two ≤ a, for finite a > 0. Exact. */
function powerOfTwoAtMost(a: number): number {
  if (a < MIN_NORMAL) return powerOfTwoAtMost(a * TWO_POW_64) / TWO_POW_64;
  bits.setFloat64(0, a);
  // Keep the exponent field, clear the sign and the mantissa.
  bits.setUint32(0, bits.getUint32(0) & 0x7ff00000);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

/**
 * Natural compression (Horváth et al. 2019): each nonzero coordinate x_j with
 * 2^e ≤ |x_j| < 2^(e+1) becomes sign(x_j)·2^(e+1) with probability |x_j|/2^e − 1 and
 * sign(x_j)·2^e otherwise. Unbiased, and E(C(x)_j − x_j)² = (2^(e+1) − |x_j|)(|x_j| − 2^e)
 * ≤ x_j²/8, so ω = 1/8.
 *
 * A message costs 9 bits per coordinate (sign + 8-bit exponent), charged as 9d/32 floats.
 *
 * Edge conventions: zeros, exact powers of two, non-finite values and |x_j| > 2^1023 (whose
 * upper power, 2^1024, is not a double) are sent unchanged and draw nothing; every other
 * coordinate draws one uniform. Subnormals are handled exactly.
 */
export class NaturalCompressor implements Compressor {
  /** 1/8. */
  omega(_d: number): number {
    return 1 / 8;
  }

  /** 9d/32 floats. */
  floats(d: number): number {
    return (9 * d) / 32;
  }

  /** Writes C(x) into out. */
  compress(x: Float64Array, rng: RandomStream, out: Float64Array): void {
    for (let j = 0; j < x.length; j++) {
      const v = x[j];
      const a = Math.abs(v);
      if (!(a > 0) || a === Number.POSITIVE_INFINITY) {
        out[j] = v;
        continue;
      }
      const lower = powerOfTwoAtMost(a);
      if (lower === a || lower === MAX_POWER_OF_TWO) {
        out[j] = v;
        continue;
      }
      // a/lower − 1 is exact (a power-of-two division, then Sterbenz), so P(up) = p exactly.
      const r = rng.uniform() < a / lower - 1 ? 2 * lower : lower;
      out[j] = v < 0 ? -r : r;
    }
  }
}
