import type { RandomStream } from '../../src/random/random-stream.ts';

/** A set of ids in [0, capacity) with O(1) add, delete, membership and uniform sampling. */
export class IndexSet {
  private readonly items: Int32Array;
  private readonly position: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  has(id: number): boolean {
    return this.position[id] >= 0;
  }

  add(id: number): void {
    if (this.position[id] >= 0) return;
    this.items[this.size] = id;
    this.position[id] = this.size++;
  }

  delete(id: number): void {
    const at = this.position[id];
    if (at < 0) return;
    const last = this.items[--this.size];
    this.items[at] = last;
    this.position[last] = at;
    this.position[id] = -1;
  }

  /** A uniformly random member (one draw from `rng`); the set must not be empty. */
  sample(rng: RandomStream): number {
    return this.items[rng.int(this.size)];
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.position[this.items[i]] = -1;
    this.size = 0;
  }
}
