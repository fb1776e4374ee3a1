import type { Subject } from 'rxjs';
import type { GradientRef, ModelSnapshot, ServerEvent, WorkerEvent } from '../../actors/messages.ts';
import type { ProblemFacts, ServerIO } from '../../actors/server-io.ts';
import { GRADIENT_TASK, type Task } from '../../actors/tasks.ts';
import type { RandomStream } from '../random/random-stream.ts';
import type { LinkSpec } from '../scenario/scenario-types.ts';
import { axpy } from '../linalg/vector.ts';
import type { VirtualClock } from '../time/virtual-clock.ts';
import type { Accounting } from './accounting.ts';
import { holdCarried, type ModelStore } from './model-store.ts';
import type { Monitor } from './monitor.ts';
import { TraceKind, type Trace } from './trace.ts';

/**
 * The model and the bookkeeping behind a server machine: it owns the iterate, hands out
 * immutable snapshots of it (through the model store), carries the machine's messages to the
 * network and accounts for every gradient the machine applies or discards.
 */
export class ServerHost implements ServerIO {
  readonly x: Float64Array;
  iteration = 0;
  /** Virtual time of the last model update (0 before the first). */
  lastStepTime = 0;
  /** Per worker, the last message delivered (a duplicate arrives right after its original). */
  private readonly lastReceived: (ServerEvent | undefined)[];
  monitor: Monitor | undefined = undefined;

  constructor(
    private readonly clock: VirtualClock,
    x0: Float64Array,
    private readonly nominalTaus: readonly number[],
    private readonly presence: readonly boolean[],
    private readonly uplinks: readonly LinkSpec[],
    readonly problem: ProblemFacts,
    readonly rng: RandomStream,
    private readonly outbox: Subject<WorkerEvent>,
    private readonly models: ModelStore,
    private readonly accounting: Accounting,
    private readonly trace: Trace,
  ) {
    this.x = x0;
    this.lastReceived = new Array<ServerEvent | undefined>(nominalTaus.length).fill(undefined);
  }

  get workerCount(): number {
    return this.nominalTaus.length;
  }

  get dimension(): number {
    return this.x.length;
  }

  now(): number {
    return this.clock.now();
  }

  nominalTau(worker: number): number {
    return this.nominalTaus[worker];
  }

  presentAtStart(worker: number): boolean {
    return this.presence[worker];
  }

  uplinkOf(worker: number): LinkSpec {
    return this.uplinks[worker];
  }

  assign(worker: number, task: Task = GRADIENT_TASK): void {
    // The message owns what it carries from the moment it is sent: the holds are taken here,
    // not when it arrives, so nothing it carries is released while it is on the wire.
    const model = this.models.hold(this.x, this.iteration);
    holdCarried(this.models, { task });
    this.outbox.next({ type: 'job.assign', worker, tag: this.iteration, model, task });
  }

  holdModel(): ModelSnapshot {
    return this.models.hold(this.x, this.iteration);
  }

  releaseModel(snapshot: ModelSnapshot): void {
    this.models.drop(snapshot);
  }

  cancel(worker: number): void {
    this.outbox.next({ type: 'job.cancel', worker });
  }

  apply(message: GradientRef, weight: number): void {
    const staleness = this.iteration - message.tag;
    this.accounting.onApplied(message.worker, message.count, staleness);
    this.trace.record(TraceKind.gradApplied, this.clock.now(), message.worker, message.jobId, message.tag, this.iteration, weight, message.count);
  }

  discard(message: GradientRef): void {
    this.accounting.onDiscarded(message.worker, message.count);
    this.trace.record(TraceKind.gradDiscarded, this.clock.now(), message.worker, message.jobId, message.tag, this.iteration, 0, message.count);
  }

  step(direction: Float64Array, stepSize: number): void {
    axpy(-stepSize, direction, this.x);
    this.iteration++;
    this.models.retire();
    const now = this.clock.now();
    this.lastStepTime = now;
    this.trace.record(TraceKind.modelStep, now, -1, -1, -1, this.iteration, stepSize);
    this.monitor?.afterStep(now);
  }

  /**
   * Accounts for a message reaching the server. Returns false for the extra copy of a
   * duplicated message: the server's transport drops it, as any real transport would, and the
   * method never sees it. (A link delivers the copy right after its original.)
   */
  receive(message: ServerEvent): boolean {
    const now = this.clock.now();
    if (this.lastReceived[message.worker] === message) {
      this.accounting.duplicates++;
      const job = message.type === 'grad.arrive' ? message.jobId : -1;
      this.trace.record(TraceKind.duplicate, now, message.worker, job, -1, this.iteration, 0);
      return false;
    }
    this.lastReceived[message.worker] = message;
    if (message.type === 'worker.hello') {
      // A hello opens a new session: a job sent before it arrived may have crossed it on the
      // wire and been taken. Void it first, ahead of whatever the method sends in reply (the
      // link is FIFO), so the worker never ends up with two jobs it was not meant to have.
      this.outbox.next({ type: 'job.cancel', worker: message.worker });
      return true;
    }
    if (message.type !== 'grad.arrive') return true;
    this.accounting.onReceived(message.count);
    this.trace.record(TraceKind.gradArrive, now, message.worker, message.jobId, message.tag, this.iteration, message.part, message.count);
    return true;
  }
}
