import type { RandomStream } from '../../random/random-stream.ts';

/** Indices of the two parts of a hold-out split, each in ascending order. */
export interface HeldOutSplit {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * A seeded, stratified hold-out. Class c, with n_c examples, sends round(n_c · testFraction) of
 * them to the test part (capped at n_c − 1, so every class present keeps a training example);
 * which ones is decided by a permutation drawn from `rng.child(c)`. Keying each class by its own
 * child stream means the choice within one class does not depend on any other class's size.
 * Both parts keep the source order (ascending indices): shuffling is the splits' job.
 */
export function stratifiedHoldOut(labels: Uint8Array, classes: number, testFraction: number, rng: RandomStream): HeldOutSplit {
  const count = labels.length;
  const members = indicesByClass(labels, classes);
  const isTest = new Uint8Array(count);
  let testCount = 0;
  for (let c = 0; c < classes; c++) {
    const ofClass = members[c];
    const n = ofClass.length;
    if (n === 0) continue;
    const take = Math.min(Math.round(n * testFraction), n - 1);
    if (take === 0) continue;
    const order = rng.child(c).permutation(n);
    for (let k = 0; k < take; k++) isTest[ofClass[order[k]]] = 1;
    testCount += take;
  }
  const train = new Int32Array(count - testCount);
  const test = new Int32Array(testCount);
  let nextTrain = 0;
  let nextTest = 0;
  for (let i = 0; i < count; i++) {
    if (isTest[i] === 1) test[nextTest++] = i;
    else train[nextTrain++] = i;
  }
  return { train, test };
}

/** For each class, the indices of its examples in ascending order (a counting sort by label). */
export function indicesByClass(labels: ArrayLike<number>, classes: number): Int32Array[] {
  const sizes = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]]++;
  const out = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    out[c][filled[c]++] = i;
  }
  return out;
}
