import type { RandomStream } from '../../random/random-stream.ts';
import { sampleGamma } from './gamma.ts';
import { indicesByClass } from './held-out-split.ts';

/**
 * The Dirichlet(α) label-skew split with equal client sizes (Ringleader §5.2 uses α = 0.1 on
 * MNIST and Fashion-MNIST). The exact procedure, with three child streams of `rng`:
 *
 * 1. Pools: each class's examples in a seeded random order (`rng.child(0)`, one permutation per
 *    class in class order). Examples are taken from the front, so without replacement.
 * 2. Proportions: for each worker w in order, p_w ~ Dir(α, …, α) over the classes, as Gamma(α, 1)
 *    draws normalized to sum 1 (`rng.child(1)`).
 * 3. Filling, round-robin so that class exhaustion hits all workers alike rather than the last
 *    ones: for each of size = ⌊count / workers⌋ rounds, each worker w in order draws a class c with
 *    probability p_w[c] / Σ p_w[c'] over the classes c' whose pools are not empty (`rng.child(2)`),
 *    and takes the next example of that pool. If all of w's mass sits on exhausted classes, it
 *    takes a uniformly random remaining example instead (a class drawn in proportion to the pool
 *    sizes).
 *
 * Every part has exactly ⌊count / workers⌋ examples, listed in the order drawn; the count mod
 * workers examples left in the pools are not used. Small α gives each worker few classes; large α
 * gives every worker close to the overall label mix.
 */
export function dirichletSplit(labels: Uint8Array, classes: number, workers: number, alpha: number, rng: RandomStream): Int32Array[] {
  const pools = shuffledPools(labels, classes, rng.child(0));
  const taken = new Int32Array(classes);
  const proportionStream = rng.child(1);
  const proportions = Array.from({ length: workers }, () => sampleDirichlet(proportionStream, alpha, new Float64Array(classes)));

  const draws = rng.child(2);
  const size = Math.floor(labels.length / workers);
  const parts = Array.from({ length: workers }, () => new Int32Array(size));
  let remaining = labels.length;
  for (let round = 0; round < size; round++) {
    for (let w = 0; w < workers; w++) {
      const c = drawClass(proportions[w], pools, taken, remaining, draws);
      parts[w][round] = pools[c][taken[c]++];
      remaining--;
    }
  }
  return parts;
}

/**
 * A draw from the symmetric Dirichlet(α, …, α) over `out.length` categories, written into `out`:
 * independent Gamma(α, 1) draws divided by their sum. When every Gamma draw underflows to 0 (only
 * for tiny α), returns the α → 0 limit instead: all mass on one uniformly chosen category.
 */
export function sampleDirichlet(rng: RandomStream, alpha: number, out: Float64Array): Float64Array {
  let sum = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = sampleGamma(rng, alpha);
    sum += out[c];
  }
  if (sum > 0) {
    for (let c = 0; c < out.length; c++) out[c] /= sum;
  } else {
    out.fill(0);
    out[rng.int(out.length)] = 1;
  }
  return out;
}

function shuffledPools(labels: Uint8Array, classes: number, rng: RandomStream): Int32Array[] {
  return indicesByClass(labels, classes).map((members) => {
    const order = rng.permutation(members.length);
    return order.map((k) => members[k]);
  });
}

/** A class with examples left, by p renormalized over those classes, else by remaining pool size. */
function drawClass(p: Float64Array, pools: Int32Array[], taken: Int32Array, remaining: number, rng: RandomStream): number {
  let mass = 0;
  for (let c = 0; c < p.length; c++) if (taken[c] < pools[c].length) mass += p[c];
  if (mass > 0) {
    let u = rng.uniform() * mass;
    let last = -1;
    for (let c = 0; c < p.length; c++) {
      if (taken[c] === pools[c].length || p[c] === 0) continue;
      u -= p[c];
      if (u < 0) return c;
      last = c;
    }
    // Rounding can leave u a hair above zero after the last class: that class was drawn.
    return last;
  }
  let k = rng.int(remaining);
  for (let c = 0; c < p.length; c++) {
    k -= pools[c].length - taken[c];
    if (k < 0) return c;
  }
  throw new Error(`dirichletSplit: no example left to draw (${remaining} remaining); this is a bug`);
}
