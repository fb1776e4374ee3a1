import type { RandomStream } from '../random/random-stream.ts';
import type { Compressor } from './compressor.ts';

/**
 * QSGD with s levels (Alistarh et al. 2017; ALGORITHMS §4.1):
 * Q(x)_j = ‖x‖·sign(x_j)·ξ_j, where ξ_j ∈ {l/s, (l+1)/s} with l = ⌊s|x_j|/‖x‖⌋ is rounded up
 * with probability s|x_j|/‖x‖ − l, so E ξ_j = |x_j|/‖x‖. Then E Q(x) = x and
 * E‖Q(x) − x‖² ≤ min(d/s², √d/s)‖x‖². Q(0) = 0.
 *
 * A message costs one float for the norm plus d·(1 + ⌈log2(s+1)⌉) bits (a sign and a level per
 * coordinate), charged as bits/32 floats. No entropy coding is assumed.
 *
 * `levels` must be an integer ≥ 1; `parseCompressor` checks it, this class trusts it.
 */
export class QsgdCompressor implements Compressor {
  /** ⌈log2(s + 1)⌉: bits per level index. */
  private readonly levelBits: number;

  /** @param levels s, the number of quantisation levels (integer ≥ 1). */
  constructor(readonly levels: number) {
    let bits = 0;
    // Exact for every safe integer, unlike Math.ceil(Math.log2(s + 1)) near powers of two.
    for (let capacity = 1; capacity < levels + 1; capacity *= 2) bits++;
    this.levelBits = bits;
  }

  /** min(d/s², √d/s). */
  omega(d: number): number {
    const s = this.levels;
    return Math.min(d / (s * s), Math.sqrt(d) / s);
  }

  /** 1 + d·(1 + ⌈log2(s+1)⌉)/32 floats. */
  floats(d: number): number {
    return 1 + (d * (1 + this.levelBits)) / 32;
  }

  /** Writes Q(x) into out. Draws one uniform per nonzero coordinate. */
  compress(x: Float64Array, rng: RandomStream, out: Float64Array): void {
    const d = x.length;
    let largest = 0;
    for (let j = 0; j < d; j++) {
      const a = Math.abs(x[j]);
      if (a > largest) largest = a;
    }
    if (largest === 0) {
      out.fill(0);
      return;
    }
    // ‖x‖ = m·‖x/m‖ with m = max|x_j|: the squares neither overflow nor underflow.
    let sumSq = 0;
    for (let j = 0; j < d; j++) {
      const r = x[j] / largest;
      sumSq += r * r;
    }
    const norm = largest * Math.sqrt(sumSq);
    const s = this.levels;
    for (let j = 0; j < d; j++) {
      const v = x[j];
      if (v === 0) {
        out[j] = 0;
        continue;
      }
      const level = (Math.abs(v) / norm) * s;
      const lower = Math.floor(level);
      // level − lower is exact, so P(round up) is the fractional part to within 2^-53.
      const xi = (rng.uniform() < level - lower ? lower + 1 : lower) / s;
      const q = norm * xi;
      out[j] = v < 0 ? -q : q;
    }
  }
}
