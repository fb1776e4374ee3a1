import { Float64Pool, type Float64PoolOptions } from '../../linalg/float64-pool.ts';

/** Where spare arrays go: back to the threads that compute gradients. */
export interface BufferReturn {
  returnBuffer(array: Float64Array): void;
}

/**
 * The main thread's pool in the threads engine. Gradients arrive from the pool threads in
 * transferred buffers and are released here once the server has consumed them; a pool thread
 * would otherwise allocate a fresh buffer per gradient and this thread collect one, which at
 * d = 10^5 costs more than the arithmetic. So this pool keeps a few arrays for the main
 * thread's own scratch use and sends the rest back (transferred, not copied) to be refilled.
 */
export class ReturningPool extends Float64Pool {
  constructor(
    length: number,
    private readonly keep: number,
    private readonly sink: BufferReturn,
    options: Float64PoolOptions = {},
  ) {
    super(length, options);
  }

  override release(array: Float64Array, owner?: string): void {
    if (this.idle < this.keep) {
      super.release(array, owner);
      return;
    }
    // Leaves this thread's care either way (checked: it must have been lent, and only once).
    this.giveAway(array, owner);
    // Only a whole, unshared buffer of the right length can be moved to another thread.
    if (array.length === this.length && array.byteOffset === 0 && array.buffer.byteLength === 8 * this.length && !(array.buffer instanceof SharedArrayBuffer)) {
      this.sink.returnBuffer(array);
    }
  }
}
