import type { Subject } from 'rxjs';
import type { GradientRef, ModelSnapshot, ServerEvent, WorkerEvent } from '../../actors/messages.ts';
import type { ProblemFacts, ServerIO } from '../../actors/server-io.ts';
import { GRADIENT_TASK, type Task } from '../../actors/tasks.ts';
import { RandomStream } from '../random/random-stream.ts';
import type { LinkSpec } from '../scenario/scenario-types.ts';
import { holdCarried } from './model-store.ts';
import { TraceKind } from './trace.ts';
import type { WorldCore } from './world-core.ts';

/**
 * The model and the bookkeeping behind a server machine: it reads the world's iterate, hands
 * out immutable snapshots of it (through the model store), carries the machine's messages to
 * the network and accounts for every gradient the machine applies or discards.
 */
export class ServerHost implements ServerIO {
  readonly problem: ProblemFacts;
  readonly rng: RandomStream;
  /** Per worker, the last message delivered (a duplicate arrives right after its original). */
  private readonly lastReceived: (ServerEvent | undefined)[];

  constructor(
    private readonly core: WorldCore,
    /** Where the machine's messages go: the network's `fromServer` stream. */
    private readonly outbox: Subject<WorkerEvent>,
  ) {
    const problem = core.problem;
    this.problem = { components: problem.finiteSum?.components, smoothness: problem.smoothness, noiseVariance: problem.noiseVariance };
    this.rng = RandomStream.named(core.scenario.seed, 'server');
    this.lastReceived = new Array<ServerEvent | undefined>(core.workerCount).fill(undefined);
  }

  get x(): Float64Array {
    return this.core.iterate.x;
  }

  get iteration(): number {
    return this.core.iterate.iteration;
  }

  get workerCount(): number {
    return this.core.workerCount;
  }

  get dimension(): number {
    return this.core.problem.dimension;
  }

  now(): number {
    return this.core.clock.now();
  }

  nominalTau(worker: number): number {
    return this.core.computeModels[worker].nominalTau;
  }

  presentAtStart(worker: number): boolean {
    return this.core.presence[worker];
  }

  uplinkOf(worker: number): LinkSpec {
    return this.core.scenario.workers[worker].uplink;
  }

  assign(worker: number, task: Task = GRADIENT_TASK): void {
    // The message owns what it carries from the moment it is sent: the holds are taken here,
    // not when it arrives, so nothing it carries is released while it is on the wire.
    const { models, iterate } = this.core;
    const model = models.hold(iterate.x, iterate.iteration);
    holdCarried(models, { task });
    this.outbox.next({ type: 'job.assign', worker, tag: iterate.iteration, model, task });
  }

  holdModel(): ModelSnapshot {
    const { models, iterate } = this.core;
    return models.hold(iterate.x, iterate.iteration);
  }

  releaseModel(snapshot: ModelSnapshot): void {
    this.core.models.drop(snapshot);
  }

  cancel(worker: number): void {
    this.outbox.next({ type: 'job.cancel', worker });
  }

  apply(message: GradientRef, weight: number): void {
    const { accounting, trace, clock, iterate } = this.core;
    accounting.onApplied(message.worker, message.count, iterate.iteration - message.tag);
    trace.record(TraceKind.gradApplied, clock.now(), message.worker, message.jobId, message.tag, iterate.iteration, weight, message.count);
  }

  discard(message: GradientRef): void {
    const { accounting, trace, clock, iterate } = this.core;
    accounting.onDiscarded(message.worker, message.count);
    trace.record(TraceKind.gradDiscarded, clock.now(), message.worker, message.jobId, message.tag, iterate.iteration, 0, message.count);
  }

  step(direction: Float64Array, stepSize: number): void {
    this.core.step(direction, stepSize);
  }

  /**
   * Accounts for a message reaching the server. Returns false for the extra copy of a
   * duplicated message: the server's transport drops it, as any real transport would, and the
   * method never sees it. (A link delivers the copy right after its original.)
   */
  receive(message: ServerEvent): boolean {
    const { accounting, trace, clock, iterate } = this.core;
    const now = clock.now();
    if (this.lastReceived[message.worker] === message) {
      accounting.duplicates++;
      const job = message.type === 'grad.arrive' ? message.jobId : -1;
      trace.record(TraceKind.duplicate, now, message.worker, job, -1, iterate.iteration, 0);
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
    accounting.onReceived(message.count);
    trace.record(TraceKind.gradArrive, now, message.worker, message.jobId, message.tag, iterate.iteration, message.part, message.count);
    return true;
  }
}
