import type { ModelSnapshot } from '../../actors/messages.ts';
import type { Float64Pool } from '../linalg/float64-pool.ts';

/** A snapshot with the number of jobs holding it. */
class CountedSnapshot implements ModelSnapshot {
  holders = 0;
  constructor(
    readonly x: Float64Array,
    readonly version: number,
  ) {}
}

/**
 * Immutable copies of the server's iterate, one per model version and only when a job needs
 * one, shared by every job sent at that version and returned to the pool when the last job
 * holding it is done and the server has moved on.
 */
export class ModelStore {
  private current: CountedSnapshot | undefined = undefined;

  constructor(private readonly pool: Float64Pool) {}

  /** The snapshot of `x` at `version`, held once more by the caller. */
  hold(x: Float64Array, version: number): ModelSnapshot {
    let snapshot = this.current;
    if (snapshot === undefined || snapshot.version !== version) {
      this.retire();
      const copy = this.pool.acquire();
      copy.set(x);
      snapshot = new CountedSnapshot(copy, version);
      this.current = snapshot;
    }
    snapshot.holders++;
    return snapshot;
  }

  /** Someone else holds `snapshot` too (a job that reads an older model, like a gradient difference). */
  retain(snapshot: ModelSnapshot): void {
    (snapshot as CountedSnapshot).holders++;
  }

  /** A job is done with `snapshot`. */
  drop(snapshot: ModelSnapshot): void {
    const counted = snapshot as CountedSnapshot;
    counted.holders--;
    if (counted.holders === 0 && counted !== this.current) this.pool.release(counted.x);
  }

  /** The iterate changed: the current snapshot is no longer handed out. */
  retire(): void {
    const snapshot = this.current;
    if (snapshot === undefined) return;
    this.current = undefined;
    if (snapshot.holders === 0) this.pool.release(snapshot.x);
  }
}
