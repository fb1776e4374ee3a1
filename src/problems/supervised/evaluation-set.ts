import type { RandomStream } from '../../random/random-stream.ts';

/**
 * The examples f and ∇f are evaluated on: per worker, up to `perWorker` examples of its part
 * (a seeded choice), each weighted 1/(n·m_i) so that the sum estimates f = (1/n) Σ f_i without
 * bias, and equals it when every part is used whole.
 */
export interface EvaluationSet {
  /** Per worker, the chosen example indices. */
  readonly parts: readonly Int32Array[];
  /** Per worker, the weight of each of its examples. */
  readonly weights: readonly number[];
  /** Examples used, and examples the workers hold. */
  readonly examples: number;
  readonly of: number;
}

export function evaluationSet(parts: readonly Int32Array[], samples: number | undefined, rng: RandomStream): EvaluationSet {
  const n = parts.length;
  const of = parts.reduce((sum, p) => sum + p.length, 0);
  const perWorker = samples === undefined ? Infinity : Math.max(1, Math.ceil(samples / n));
  const chosen = parts.map((part, w) => {
    if (part.length <= perWorker) return part;
    const order = rng.child(w).permutation(part.length);
    return Int32Array.from(order.subarray(0, perWorker), (k) => part[k]).sort();
  });
  return {
    parts: chosen,
    weights: chosen.map((part) => (part.length === 0 ? 0 : 1 / (n * part.length))),
    examples: chosen.reduce((sum, p) => sum + p.length, 0),
    of,
  };
}
