import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Observer, Subscription } from 'rxjs';
import type { WorkerEvent } from '../../../actors/messages.ts';
import type { Scenario } from '../../scenario/scenario-types.ts';
import { formatTime } from '../format-time.ts';
import { RunFailure } from '../run-failure.ts';
import { portMessages, portSender, type Outgoing } from './port-stream.ts';
import type { InjectedFailure, ShardEvent, ShardResult, ToShard } from './protocol.ts';
import type { ShardPool } from './shard-pool.ts';

/** A pool thread failed: the run fails with the workers, the virtual time and the cause. */
export class ThreadFailure extends RunFailure {
  override readonly name = 'ThreadFailure';
}

/** What to do when a pool thread fails mid-run. */
export interface Supervision {
  /** Restart the shard on a fresh thread (it replays its events) instead of failing the run. */
  readonly restart: boolean;
  /** Restarts allowed per shard before the run fails anyway. */
  readonly maxRestarts: number;
}

export const NO_SUPERVISION: Supervision = { restart: false, maxRestarts: 0 };

/** What the supervisor reports to the run. */
export interface ShardListener {
  /** A job's outputs arrived. */
  result(result: ShardResult): void;
  /** A thread failed for good: the run cannot complete. */
  fatal(failure: ThreadFailure): void;
  /** Jobs of `worker` below this id need no computing (their outputs arrived, or they were cancelled). */
  settled(worker: number): number;
  /** The main thread's virtual time, for messages. */
  now(): number;
}

/** One live shard: its thread's host task and the main thread's end of its port. */
interface Link {
  readonly shard: number;
  readonly port: MessagePort;
  readonly send: Observer<Outgoing<ToShard>>;
  readonly results: Subscription;
  /** Settles when the host task has ended and its outcome has been handled. */
  readonly hosting: Promise<void>;
  /** Aborting it terminates the shard's thread (a stuck shard). */
  readonly abort: AbortController;
  /** What the shard is computing: [1, worker, job], or [0, …] between jobs. */
  readonly computing: Int32Array;
  readonly restarts: number;
}

/**
 * Starts, feeds, supervises and stops the shards of one method run. Every event a hosted worker
 * must see is forwarded here, batched per shard until `flush`. With restart supervision it also
 * keeps each shard's event log: a restarted shard replays it to rebuild its actors (every
 * decision is a function of the events), then computes only the jobs still outstanding, so the
 * run continues with the same result.
 */
export class ShardSupervisor {
  private readonly links: (Link | undefined)[];
  private readonly outgoing: ShardEvent[][];
  /** Spare gradient buffers on their way back to each shard. */
  private readonly spares: Float64Array[][];
  private nextSpareShard = 0;
  private readonly logs: ShardEvent[][] | undefined;
  private readonly shardOf_: Int32Array;
  private stopping = false;
  private failure: ThreadFailure | undefined = undefined;
  /** Shard restarts so far (all shards). */
  restarts = 0;

  constructor(
    private readonly pool: ShardPool,
    private readonly scenario: Scenario,
    private readonly shards: readonly (readonly number[])[],
    private readonly listener: ShardListener,
    private readonly supervision: Supervision = NO_SUPERVISION,
    private readonly injected: InjectedFailure | undefined = undefined,
    /** The method run, for messages. */
    private readonly runLabel: string | undefined = undefined,
  ) {
    this.shardOf_ = new Int32Array(scenario.workers.length).fill(-1);
    shards.forEach((workers, shard) => {
      for (const w of workers) this.shardOf_[w] = shard;
    });
    this.outgoing = shards.map(() => []);
    this.spares = shards.map(() => []);
    this.logs = supervision.restart ? shards.map(() => []) : undefined;
    this.links = shards.map((_, shard) => this.launch(shard, 0));
  }

  /** An event was delivered to a worker: its hosted actor must see it too. */
  forward(event: WorkerEvent, time: number): void {
    const shard = this.shardOf_[event.worker];
    const entry: ShardEvent = { time, event };
    this.outgoing[shard].push(entry);
    this.logs?.[shard].push(entry);
  }

  /** A gradient buffer the main thread is done with: the shards take turns to reuse them. */
  returnBuffer(array: Float64Array): void {
    this.spares[this.nextSpareShard].push(array);
    this.nextSpareShard = (this.nextSpareShard + 1) % this.spares.length;
  }

  /** Sends every forwarded event (and spare buffer) to its shard. */
  flush(): void {
    for (let shard = 0; shard < this.links.length; shard++) {
      const events = this.outgoing[shard];
      const spares = this.spares[shard];
      const link = this.links[shard];
      if ((events.length === 0 && spares.length === 0) || link === undefined) continue;
      this.outgoing[shard] = [];
      this.spares[shard] = [];
      link.send.next({ message: { kind: 'events', events, spares }, transfer: spares.map((a) => a.buffer as ArrayBuffer) });
    }
  }

  /** The shard hosting worker `worker`. */
  shardOf(worker: number): number {
    return this.shardOf_[worker];
  }

  /**
   * Ends every shard at once, without waiting for it to answer: a shard stuck in a computation
   * that never returns (a user's oracle in a loop) has its thread terminated (Piscina replaces
   * it). Returns the shards that had not ended by themselves within a moment, each with the
   * job it was stuck computing, in words.
   */
  async terminate(): Promise<string[]> {
    this.stopping = true;
    const live = this.links.filter((link): link is Link => link !== undefined);
    for (const link of live) link.send.next({ message: { kind: 'stop' } });
    const ended = new Set<number>();
    const grace = new Promise<void>((resolve) => setTimeout(resolve, TERMINATE_GRACE_MS).unref());
    await Promise.race([Promise.all(live.map((link) => link.hosting.then(() => ended.add(link.shard)))), grace]);
    const stuck = live.filter((link) => !ended.has(link.shard));
    const described = stuck.map((link) => {
      const busy = Atomics.load(link.computing, 0) === 1;
      return busy ? `shard ${link.shard} (stuck computing worker ${Atomics.load(link.computing, 1)}'s job ${Atomics.load(link.computing, 2)})` : `shard ${link.shard}`;
    });
    for (const link of stuck) link.abort.abort();
    await Promise.all(live.map((link) => link.hosting));
    for (const link of this.links) {
      link?.results.unsubscribe();
      link?.port.close();
    }
    return described;
  }

  /** Tells every shard the run is over and waits for their threads; throws if one failed. */
  async stop(): Promise<void> {
    this.stopping = true;
    const live = this.links.filter((link): link is Link => link !== undefined);
    for (const link of live) link.send.next({ message: { kind: 'stop' } });
    await Promise.all(live.map((link) => link.hosting));
    for (const link of this.links) {
      link?.results.unsubscribe();
      link?.port.close();
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private launch(shard: number, restarts: number): Link {
    const { port1, port2 } = new MessageChannel();
    const workers = this.shards[shard];
    const results = portMessages<readonly ShardResult[]>(port2).subscribe((batch) => {
      for (const result of batch) this.listener.result(result);
    });
    const send = portSender<ToShard>(port2);
    // A restarted shard first replays everything its workers were sent (queued on the port
    // until the new thread listens); nothing forwarded is pending apart from the log.
    if (restarts > 0 && this.logs !== undefined) {
      this.outgoing[shard] = [];
      send.next({ message: { kind: 'events', events: this.logs[shard] } });
    }
    const computing = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
    const task = {
      computing,
      port: port1,
      scenario: this.scenario,
      shard,
      workers,
      settled: workers.map((w) => this.listener.settled(w)),
      failure: restarts === 0 ? this.injected : undefined,
    };
    const abort = new AbortController();
    const hosting = this.pool.host(task, abort.signal).then(
      () => undefined,
      (error: unknown) => this.failed(shard, error),
    );
    return { shard, port: port2, send, results, hosting, restarts, abort, computing: new Int32Array(computing) };
  }

  private failed(shard: number, error: unknown): void {
    const link = this.links[shard];
    if (link === undefined) return;
    // Terminated on purpose: not a failure.
    if (link.abort.signal.aborted) return;
    link.results.unsubscribe();
    link.port.close();
    this.links[shard] = undefined;
    const cause = error instanceof Error ? error.message : String(error);
    const workers = this.shards[shard];
    if (this.supervision.restart && !this.stopping && link.restarts < this.supervision.maxRestarts) {
      this.restarts++;
      this.links[shard] = this.launch(shard, link.restarts + 1);
      return;
    }
    const limit = this.supervision.restart ? ` (after ${link.restarts} restarts)` : '';
    const why = isOutOfMemory(error)
      ? `it ran out of memory: its heap limit is ${this.pool.heapMegabytes} MB (raise it with the thread heap option, or run fewer threads)`
      : cause;
    const failure = new ThreadFailure(
      `the pool thread hosting worker${workers.length === 1 ? '' : 's'} ${describeWorkers(workers)} (shard ${shard}) failed${limit}${this.runLabel === undefined ? '' : ` in the run of ${this.runLabel}`}, noticed at t=${formatTime(this.listener.now())}: ${why}`,
      { cause: error },
    );
    this.failure ??= failure;
    this.listener.fatal(failure);
  }
}

/** Node's error for a worker thread past its `resourceLimits`. */
function isOutOfMemory(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/** How long `terminate` lets shards end by themselves before terminating their threads. */
const TERMINATE_GRACE_MS = 200;

/** "0, 2, 4" or "0, 2, 4, … (500 workers)". */
function describeWorkers(workers: readonly number[]): string {
  const shown = workers.slice(0, 8).join(', ');
  return workers.length > 8 ? `${shown}, … (${workers.length} workers)` : shown;
}
