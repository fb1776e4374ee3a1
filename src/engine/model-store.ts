import type { ModelSnapshot } from '../../actors/messages.ts';
import type { Task } from '../../actors/tasks.ts';
import { OwnershipError, type Float64Pool } from '../linalg/float64-pool.ts';

/** A snapshot with the number of holders: jobs in flight or running, and the methods that keep one. */
class CountedSnapshot implements ModelSnapshot {
  holders = 0;
  /** Its buffer went back to the pool: any later use is a bug. */
  released = false;
  constructor(
    readonly x: Float64Array,
    readonly version: number,
    /** The buffer's generation when this snapshot took it (checked pools). */
    readonly generation: number,
  ) {}
}

/**
 * Immutable copies of the server's iterate, one per model version and only when a job needs
 * one, shared by every job sent at that version and returned to the pool when the last holder
 * is done and the server has moved on.
 *
 * Ownership: whoever sends a snapshot takes a hold for the message when it sends it (a job's
 * model, and a difference job's older model too), so a snapshot on the wire is never released
 * under it; whoever ends the message's life (the worker when the job completes, is cancelled or
 * refused; the network when it loses the message) drops exactly the holds it carried.
 */
export class ModelStore {
  private current: CountedSnapshot | undefined = undefined;

  constructor(
    private readonly pool: Float64Pool,
    /** Most snapshot buffers to allocate before `onOverflow` (memory bound). */
    private readonly maxBuffers = Infinity,
    /** Told once when the bound is passed (the run then stops at the next event). */
    private readonly onOverflow: (buffers: number) => void = () => {},
  ) {}

  /** The snapshot of `x` at `version`, held once more by the caller. */
  hold(x: Float64Array, version: number): ModelSnapshot {
    let snapshot = this.current;
    if (snapshot === undefined || snapshot.version !== version) {
      this.retire();
      const before = this.pool.allocated;
      const copy = this.pool.acquire(this.pool.checked ? `the model snapshot of version ${version}` : undefined);
      if (this.pool.allocated > before && this.pool.allocated === this.maxBuffers + 1) this.onOverflow(this.pool.allocated);
      copy.set(x);
      snapshot = new CountedSnapshot(copy, version, this.pool.generationOf(copy));
      this.current = snapshot;
    }
    snapshot.holders++;
    return snapshot;
  }

  /** Someone else holds `snapshot` too (a message that carries an older model, like a gradient difference). */
  retain(snapshot: ModelSnapshot): void {
    const counted = snapshot as CountedSnapshot;
    if (counted.released) throw new OwnershipError(`the model snapshot of version ${counted.version} was retained after its buffer went back to the pool`);
    counted.holders++;
  }

  /** A holder is done with `snapshot`. */
  drop(snapshot: ModelSnapshot): void {
    const counted = snapshot as CountedSnapshot;
    if (counted.holders <= 0) {
      throw new OwnershipError(`the model snapshot of version ${counted.version} was dropped more often than it was held${counted.released ? ' (its buffer is already back in the pool)' : ''}`);
    }
    counted.holders--;
    if (counted.holders === 0 && counted !== this.current) this.free(counted);
  }

  /** The iterate changed: the current snapshot is no longer handed out. */
  retire(): void {
    const snapshot = this.current;
    if (snapshot === undefined) return;
    this.current = undefined;
    if (snapshot.holders === 0) this.free(snapshot);
  }

  /**
   * Throws if `snapshot` may no longer be read: its buffer went back to the pool (and may hold
   * another model by now). Checked pools also catch a buffer reused behind the snapshot's back
   * by its generation. `reader` names who reads, for the message.
   */
  checkLive(snapshot: ModelSnapshot, reader: string): void {
    const counted = snapshot as CountedSnapshot;
    if (counted.released || counted.holders <= 0 || this.pool.generationOf(counted.x) !== counted.generation) {
      throw new OwnershipError(`${reader} read the model snapshot of version ${counted.version} after it was released`);
    }
  }

  /** Snapshot buffers allocated so far: the most model versions held at once (a leak shows as growth). */
  get allocated(): number {
    return this.pool.allocated;
  }

  /** Whether reads are checked (the pool checks ownership). */
  get checked(): boolean {
    return this.pool.checked;
  }

  private free(snapshot: CountedSnapshot): void {
    snapshot.released = true;
    this.pool.release(snapshot.x, this.pool.checked ? `the model snapshot of version ${snapshot.version}` : undefined);
  }
}

/** What a job message carries that holds snapshots: its model, and a difference task's older model. */
export interface HeldByJob {
  readonly model: ModelSnapshot;
  readonly task: Task;
}

/** The sender of `job` takes its holds: one on the model (taken by {@link ModelStore.hold}), one on an older model it carries. */
export function holdCarried(models: ModelStore, job: Pick<HeldByJob, 'task'>): void {
  if (job.task.kind === 'difference') models.retain(job.task.previous);
}

/** The end of `job`'s life (completed, cancelled, refused or lost): drops exactly the holds it carried. */
export function dropJobHolds(models: ModelStore, job: HeldByJob): void {
  models.drop(job.model);
  if (job.task.kind === 'difference') models.drop(job.task.previous);
}
