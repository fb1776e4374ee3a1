/** How a pool allocates, how many released arrays it keeps, and whether it checks ownership. */
export interface Float64PoolOptions {
  /**
   * Back every array with a SharedArrayBuffer, so that posting it to a pool thread shares it
   * instead of copying it (the threads engine's model snapshots).
   */
  readonly shared?: boolean;
  /**
   * Check ownership (tests, `--check-ownership`): a released array is poisoned with NaN, and a
   * double release or the release of an array the pool never lent throws an
   * {@link OwnershipError} naming who held it. Costs a map lookup per acquire and release and a
   * fill per release, so it is off by default.
   */
  readonly checked?: boolean;
  /** What the pool holds, for error messages (e.g. `model snapshots`). */
  readonly name?: string;
}

/** A buffer was released twice, or by someone who never held it: a bug in the engine or a method. */
export class OwnershipError extends Error {
  override readonly name = 'OwnershipError';
}

/** What a checked pool knows about one array it lent. */
interface Lent {
  /** Who holds it now (while lent) or released it last (while free). */
  owner: string;
  /** Times it was released: a snapshot remembers the generation it was made at. */
  generation: number;
  free: boolean;
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
  /** Per array, its ownership record; undefined when the pool does not check. */
  private readonly ledger: Map<Float64Array, Lent> | undefined;
  readonly name: string;
  /** Arrays ever allocated (a leak shows up as unbounded growth here). */
  allocated = 0;

  constructor(
    readonly length: number,
    options: Float64PoolOptions = {},
  ) {
    this.shared = options.shared ?? false;
    this.ledger = options.checked === true ? new Map() : undefined;
    this.name = options.name ?? 'buffers';
  }

  /** Whether this pool checks ownership. */
  get checked(): boolean {
    return this.ledger !== undefined;
  }

  /** An array of the pool's length, owned by the caller until released (`owner` names it, when checked). */
  acquire(owner?: string): Float64Array {
    const reused = this.free.pop();
    const array = reused ?? this.allocate();
    if (this.ledger !== undefined) this.lend(this.ledger, array, owner);
    return array;
  }

  release(array: Float64Array, owner?: string): void {
    if (this.ledger !== undefined) {
      this.take(this.ledger, array, owner);
      return;
    }
    // A shared pool hands out only shared arrays: a plain one released here is not kept.
    if (array.length !== this.length) return;
    if (this.shared && !(array.buffer instanceof SharedArrayBuffer)) return;
    this.free.push(array);
  }

  /**
   * Takes an array made elsewhere into the pool's care as if it had lent it (gradients that
   * arrive from a pool thread in transferred buffers). A no-op unless the pool checks.
   */
  adopt(array: Float64Array, owner?: string): void {
    const ledger = this.ledger;
    if (ledger === undefined) return;
    const record = ledger.get(array);
    if (record !== undefined && !record.free) throw new OwnershipError(`${this.name}: adopted an array already lent to ${record.owner}`);
    ledger.set(array, { owner: owner ?? 'an adopted array', generation: record?.generation ?? 0, free: false });
  }

  /**
   * The caller gives `array` away for good (to another thread): a checked pool checks it was
   * lent, as a release would, and forgets it. A no-op unless the pool checks.
   */
  giveAway(array: Float64Array, owner?: string): void {
    const ledger = this.ledger;
    if (ledger === undefined) return;
    this.check(ledger, array, owner);
    ledger.delete(array);
  }

  /** How often `array` has been released (checked pools; 0 otherwise): a snapshot's generation. */
  generationOf(array: Float64Array): number {
    return this.ledger?.get(array)?.generation ?? 0;
  }

  /** Whether `array` is lent (checked pools; always true otherwise). */
  isLent(array: Float64Array): boolean {
    const record = this.ledger?.get(array);
    return this.ledger === undefined || (record !== undefined && !record.free);
  }

  /** Arrays waiting for reuse. */
  get idle(): number {
    return this.free.length;
  }

  private allocate(): Float64Array {
    this.allocated++;
    return this.shared ? new Float64Array(new SharedArrayBuffer(8 * this.length)) : new Float64Array(this.length);
  }

  private lend(ledger: Map<Float64Array, Lent>, array: Float64Array, owner: string | undefined): void {
    const record = ledger.get(array);
    if (record === undefined) ledger.set(array, { owner: owner ?? 'unnamed', generation: 0, free: false });
    else {
      record.owner = owner ?? 'unnamed';
      record.free = false;
    }
  }

  /** The record of a lent array about to come back; throws if it is not lent. */
  private check(ledger: Map<Float64Array, Lent>, array: Float64Array, owner: string | undefined): Lent {
    const record = ledger.get(array);
    const by = owner ?? 'unnamed';
    if (record === undefined) {
      throw new OwnershipError(`${this.name}: ${by} released a ${array.length}-float array this pool never lent`);
    }
    if (record.free) {
      throw new OwnershipError(`${this.name}: ${by} released an array already released by ${record.owner} (a double release: two later owners would share it)`);
    }
    return record;
  }

  private take(ledger: Map<Float64Array, Lent>, array: Float64Array, owner: string | undefined): void {
    const record = this.check(ledger, array, owner);
    const by = owner ?? 'unnamed';
    record.free = true;
    record.owner = by;
    record.generation++;
    // Poisoned: whoever still reads it after the release computes NaN, which shows.
    array.fill(Number.NaN);
    this.free.push(array);
  }
}
