/** How a pool allocates and how many released arrays it keeps. */
export interface Float64PoolOptions {
  /**
   * Back every array with a SharedArrayBuffer, so that posting it to a pool thread shares it
   * instead of copying it (the threads engine's model snapshots).
   */
  readonly shared?: boolean;
}

/**
 * Recycled Float64Arrays of one length. Arrays longer than 8 floats get an off-heap backing
 * store in V8 (measured ~0.6 µs to allocate at d = 10, ~1 µs at d = 100, plus GC finalisation),
 * and the hot path would otherwise make two per gradient. Released arrays are reused as is
 * (not zeroed): every user overwrites the whole array.
 */
export class Float64Pool {
  private readonly free: Float64Array[] = [];
  private readonly shared: boolean;
  /** Arrays ever allocated (a leak shows up as unbounded growth here). */
  allocated = 0;

  constructor(
    readonly length: number,
    options: Float64PoolOptions = {},
  ) {
    this.shared = options.shared ?? false;
  }

  acquire(): Float64Array {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    this.allocated++;
    return this.shared ? new Float64Array(new SharedArrayBuffer(8 * this.length)) : new Float64Array(this.length);
  }

  release(array: Float64Array): void {
    // A shared pool hands out only shared arrays: a plain one released here is not kept.
    if (array.length !== this.length) return;
    if (this.shared && !(array.buffer instanceof SharedArrayBuffer)) return;
    this.free.push(array);
  }

  /** Arrays waiting for reuse. */
  get idle(): number {
    return this.free.length;
  }
}
