import type { RandomStream } from '../random/random-stream.ts';
import type { Compressor } from './compressor.ts';

/**
 * The identity "compressor": sends x as it is. ω = 0, and a message of a d-vector costs d floats.
 * Draws nothing from the random stream.
 */
export class IdentityCompressor implements Compressor {
  /** Always 0: C(x) = x. */
  omega(_d: number): number {
    return 0;
  }

  /** d floats: the whole vector. */
  floats(d: number): number {
    return d;
  }

  /** out ← x. */
  compress(x: Float64Array, _rng: RandomStream, out: Float64Array): void {
    out.set(x);
  }
}
