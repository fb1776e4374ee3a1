import type { RandomStream } from '../random/random-stream.ts';
import type { Compressor } from './compressor.ts';

/**
 * RandK (ALGORITHMS §4.1): keeps K coordinates chosen uniformly without replacement and scales
 * them by d/K, so E C(x) = x and E‖C(x) − x‖² = (d/K − 1)‖x‖², i.e. ω = d/K − 1.
 *
 * A message costs K floats. The indices are not charged: sender and server derive them from a
 * shared seed, as in the authors' code.
 *
 * The choice is a partial Fisher–Yates shuffle over an index buffer owned by the instance
 * (allocated at the first call, and again only if d changes), so `compress` allocates nothing.
 * The buffer is restored to the identity after each call, so C(x) depends only on x and the
 * stream, never on earlier calls: one instance may serve many workers.
 *
 * `k` must be an integer in [1, d]; `parseCompressor` checks it, this class trusts it.
 */
export class RandKCompressor implements Compressor {
  /** A permutation of 0..d-1; the identity between calls. */
  private positions = new Int32Array(0);
  /** swaps[i] = the position exchanged with i at step i, to undo the shuffle. */
  private swaps = new Int32Array(0);

  /** @param k K, the number of coordinates sent (1 ≤ K ≤ d). */
  constructor(readonly k: number) {}

  /** d/K − 1 (0 when K = d). */
  omega(d: number): number {
    return d / this.k - 1;
  }

  /** K floats. */
  floats(_d: number): number {
    return this.k;
  }

  /** Writes C(x) into out (dense, zeros off the chosen K coordinates). Draws K integers. */
  compress(x: Float64Array, rng: RandomStream, out: Float64Array): void {
    const d = x.length;
    const k = this.k;
    if (this.positions.length !== d) this.resize(d);
    const positions = this.positions;
    const swaps = this.swaps;
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(d - i);
      swaps[i] = j;
      const chosen = positions[j];
      positions[j] = positions[i];
      positions[i] = chosen;
    }
    out.fill(0);
    const scale = d / k;
    for (let i = 0; i < k; i++) {
      const c = positions[i];
      out[c] = x[c] * scale;
    }
    // Undo the swaps in reverse order: positions is the identity again.
    for (let i = k - 1; i >= 0; i--) {
      const j = swaps[i];
      const moved = positions[i];
      positions[i] = positions[j];
      positions[j] = moved;
    }
  }

  private resize(d: number): void {
    this.positions = new Int32Array(d);
    for (let i = 0; i < d; i++) this.positions[i] = i;
    this.swaps = new Int32Array(this.k);
  }
}
