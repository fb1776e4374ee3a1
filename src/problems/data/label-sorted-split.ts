import type { RandomStream } from '../../random/random-stream.ts';
import { indicesByClass } from './held-out-split.ts';

/**
 * The pathological non-IID split of FedAvg (McMahan et al. 2017): sort the examples by label
 * (ties by index), cut the sorted list into S = workers · classesPerWorker shards of consecutive
 * examples, and give worker w the shards π[w·k .. (w+1)·k) of a seeded permutation π of 0..S-1
 * (k = classesPerWorker), concatenated in that order.
 *
 * When counts don't divide: shard s is sorted positions [⌊s·count/S⌋, ⌊(s+1)·count/S⌋), so shard
 * sizes differ by at most 1, part sizes by at most k, and every example is used exactly once.
 * A shard straddles a label boundary whenever a class's size is not a multiple of the shard
 * size; a worker then sees more than k labels (at most k plus the boundaries inside its shards).
 * With every class size a multiple of count/S (an integer), no shard straddles and every worker
 * sees at most k distinct labels.
 */
export function labelSortedSplit(labels: Uint8Array, classes: number, workers: number, classesPerWorker: number, rng: RandomStream): Int32Array[] {
  const count = labels.length;
  const sorted = new Int32Array(count);
  let filled = 0;
  // indicesByClass lists each class in ascending index order: concatenating them sorts by (label, index).
  for (const members of indicesByClass(labels, classes)) {
    sorted.set(members, filled);
    filled += members.length;
  }
  const shards = workers * classesPerWorker;
  const shardOrder = rng.permutation(shards);
  const parts: Int32Array[] = [];
  for (let w = 0; w < workers; w++) {
    let size = 0;
    for (let j = 0; j < classesPerWorker; j++) size += shardLength(shardOrder[w * classesPerWorker + j], count, shards);
    const part = new Int32Array(size);
    let at = 0;
    for (let j = 0; j < classesPerWorker; j++) {
      const s = shardOrder[w * classesPerWorker + j];
      const from = shardStart(s, count, shards);
      const to = shardStart(s + 1, count, shards);
      part.set(sorted.subarray(from, to), at);
      at += to - from;
    }
    parts.push(part);
  }
  return parts;
}

function shardStart(shard: number, count: number, shards: number): number {
  return Math.floor((shard * count) / shards);
}

function shardLength(shard: number, count: number, shards: number): number {
  return shardStart(shard + 1, count, shards) - shardStart(shard, count, shards);
}
