import type { RandomStream } from '../../random/random-stream.ts';

/**
 * The iid split: one seeded permutation of all `count` examples, cut into `workers` consecutive
 * runs. The first count mod workers parts get one extra example, so sizes differ by at most 1
 * and every example is used exactly once. Each part lists its examples in shuffled order.
 */
export function iidSplit(count: number, workers: number, rng: RandomStream): Int32Array[] {
  const order = rng.permutation(count);
  const parts: Int32Array[] = [];
  const base = Math.floor(count / workers);
  const extra = count % workers;
  let start = 0;
  for (let w = 0; w < workers; w++) {
    const size = base + (w < extra ? 1 : 0);
    parts.push(order.slice(start, start + size));
    start += size;
  }
  return parts;
}
