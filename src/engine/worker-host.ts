import type { Subject } from 'rxjs';
import type { GradientMessage, JobAssign, ModelSnapshot, ServerEvent } from '../../actors/messages.ts';
import type { Task } from '../../actors/tasks.ts';
import type { WorkerIO } from '../../actors/worker-io.ts';
import type { ComputeModel } from '../scenario/compute-model.ts';
import type { ScheduledEvent } from '../time/event-queue.ts';
import type { FifoLink } from './fifo-link.ts';
import { dropJobHolds } from './model-store.ts';
import { taskTiming, type TaskTiming } from './tasks/task-timing.ts';
import type { TaskOutput } from './tasks/task-outputs.ts';
import { JobFailure, messageOf } from './job-failure.ts';
import { RunFailure } from './run-failure.ts';
import { formatTime } from './format-time.ts';
import { TraceKind } from './trace.ts';
import type { WorldCore } from './world-core.ts';
import type { JobOwner } from './job-owner.ts';

/** A job scheduled on this worker and not yet finished. */
interface PendingJob {
  readonly worker: number;
  readonly jobId: number;
  readonly tag: number;
  readonly model: ModelSnapshot;
  readonly task: Task;
  readonly timing: TaskTiming;
  readonly start: number;
  readonly finish: number;
  readonly event: ScheduledEvent | undefined;
}

/**
 * The physics behind one worker machine: when its jobs finish (compute model), what they produce
 * (computed by the task runner, with one random stream per job so that a cancelled job shifts no
 * other draw), and where the result goes (the `fromWorkers` stream). The machine decides; this
 * executes.
 */
export class WorkerHost implements WorkerIO, JobOwner {
  readonly ownsJobs = true;
  private busyUntil = 0;
  private nextJobId = 0;
  /** Jobs in start order; they finish in that order too (one computation at a time). */
  private readonly pending: PendingJob[] = [];
  /** Seconds spent computing (finished jobs, plus the done part of abandoned ones). */
  private busySeconds = 0;
  /** Virtual time of the last crash, while down. */
  crashedAt: number | undefined = undefined;
  /** False until a worker that joins later has joined. */
  private joined: boolean;
  /** When the last message to or from this worker was lost, and which way. */
  private lastLoss: { time: number; what: string } | undefined = undefined;
  /** Bound once: the completion event of the head job. */
  private readonly finishHead = (): void => this.finish();

  private readonly compute: ComputeModel;

  constructor(
    private readonly shared: WorldCore,
    readonly id: number,
    /** Where finished results go: the network's `fromWorkers` stream (a graph node: back to itself). */
    private readonly outbox: Subject<ServerEvent>,
    /** Only its queue matters here: a crash loses what it has not started sending. */
    private readonly uplink: Pick<FifoLink<ServerEvent>, 'dropQueued'>,
  ) {
    this.compute = shared.computeModels[id];
    this.joined = shared.presence[id];
  }

  startJob(job: JobAssign): void {
    const { clock, trace } = this.shared;
    const start = Math.max(clock.now(), this.busyUntil);
    const jobId = this.nextJobId++;
    const timing = taskTiming(job.task, start, jobId, this.compute);
    // The job's holds (its model, a difference's older model) came with the message: the
    // pending job owns them now, until it completes or is cancelled.
    const finish = timing.finish;
    trace.record(TraceKind.jobStart, start, this.id, jobId, job.tag, -1, finish);
    this.busyUntil = finish;
    // A job that never finishes (speed zero for good) schedules nothing: it can only be lost.
    const event = Number.isFinite(finish) ? clock.at(finish, this.finishHead, this) : undefined;
    const pending: PendingJob = { worker: this.id, jobId, tag: job.tag, model: job.model, task: job.task, timing, start, finish, event };
    this.pending.push(pending);
    if (event !== undefined) this.shared.runner.started(pending);
  }

  /** Resolves when the outputs of the next job to complete are ready (undefined: they are). */
  nextReady(): Promise<void> | undefined {
    const head = this.pending[0];
    return head === undefined ? undefined : this.shared.runner.ready(this.id, head.jobId);
  }

  refuseJob(job: JobAssign): void {
    dropJobHolds(this.shared.models, job);
  }

  cancelJobs(): void {
    const { clock, accounting, trace, models } = this.shared;
    const now = clock.now();
    for (const job of this.pending) {
      if (job.event !== undefined) clock.cancel(job.event);
      this.busySeconds += Math.max(0, Math.min(now, job.finish) - job.start);
      this.shared.activity?.computed(this.id, job.start, Math.min(now, job.finish));
      dropJobHolds(models, job);
      if (job.event !== undefined) this.shared.runner.cancelled(this.id, job.jobId);
      accounting.cancelled++;
      trace.record(TraceKind.jobCancelled, now, this.id, job.jobId, job.tag, -1, 0);
    }
    this.pending.length = 0;
    this.busyUntil = now;
  }

  crash(): void {
    const { clock, accounting, trace, buffers } = this.shared;
    this.crashedAt = clock.now();
    this.shared.activity?.wentDown(this.id, this.crashedAt);
    this.cancelJobs();
    for (const message of this.uplink.dropQueued()) {
      if (message.type !== 'grad.arrive') continue;
      accounting.onLost(this.id, message.count);
      trace.record(TraceKind.gradLost, clock.now(), this.id, message.jobId, message.tag, -1, message.part, message.count);
      buffers.release(message.grad);
    }
  }

  sayHello(): void {
    this.markUp();
    this.outbox.next({ type: 'worker.hello', worker: this.id });
  }

  /** Back from a crash, or joined: up and holding nothing (a graph node says no hello). */
  markUp(): void {
    this.shared.activity?.cameUp(this.id, this.shared.clock.now());
    this.crashedAt = undefined;
    this.joined = true;
  }

  /** A link fault dropped a message to or from this worker. */
  noteLoss(time: number, what: string): void {
    this.lastLoss = { time, what };
  }

  /** Has a job that will finish (a job at speed zero for good does not count). */
  hasWorkThatFinishes(): boolean {
    for (const job of this.pending) if (job.event !== undefined) return true;
    return false;
  }

  /** When the worker's next job finishes (Infinity if it has none that finishes). */
  nextFinish(): number {
    for (const job of this.pending) if (job.event !== undefined) return job.finish;
    return Infinity;
  }

  /** Has joined (present from the start, or joined since). */
  hasJoined(): boolean {
    return this.joined;
  }

  /** Up: joined and not crashed (it can take a job now). */
  isUp(): boolean {
    return this.joined && this.crashedAt === undefined;
  }

  /** Seconds of computing done by `now`, including jobs still running. */
  busyAt(now: number): number {
    let running = 0;
    for (const job of this.pending) running += Math.max(0, Math.min(now, job.finish) - job.start);
    return this.busySeconds + running;
  }

  /** The run is over: record the computing done so far by jobs still running. */
  recordRunning(now: number): void {
    for (const job of this.pending) if (job.start < now) this.shared.activity?.computed(this.id, job.start, Math.min(now, job.finish));
  }

  /** The job that finishes next, in words ("worker 3's job 12, due at t=40"). */
  describeHeadJob(): string {
    const head = this.pending[0];
    return head === undefined ? `worker ${this.id} (no job)` : `worker ${this.id}'s job ${head.jobId}, due at t=${formatTime(head.finish)}`;
  }

  /** A short description of the worker's state, for stall reports. */
  describe(now: number): string {
    if (!this.joined) return 'not joined yet';
    if (this.crashedAt !== undefined) return `crashed at t=${formatTime(this.crashedAt)}`;
    const running = this.pending[0];
    if (running === undefined) {
      const loss = this.lastLoss;
      return loss === undefined ? 'idle' : `idle; ${loss.what} at t=${formatTime(loss.time)} was lost`;
    }
    if (!Number.isFinite(running.finish)) return 'computing a job that never finishes';
    return running.start > now ? `queued until t=${formatTime(running.start)}` : `computing until t=${formatTime(running.finish)}`;
  }

  private finish(): void {
    const { clock, models, accounting, trace } = this.shared;
    const outbox = this.outbox;
    const job = this.pending.shift()!;
    const now = clock.now();
    this.busySeconds += now - job.start;
    this.shared.activity?.computed(this.id, job.start, now);
    if (models.checked) {
      models.checkLive(job.model, `worker ${this.id}'s job ${job.jobId}`);
      if (job.task.kind === 'difference') models.checkLive(job.task.previous, `worker ${this.id}'s difference job ${job.jobId}`);
    }
    let outputs: TaskOutput[];
    try {
      outputs = this.shared.runner.outputs(job);
    } catch (error) {
      if (error instanceof RunFailure) throw error;
      throw new JobFailure(this.id, job.jobId, now, messageOf(error), { cause: error });
    }
    dropJobHolds(models, job);
    let computed = 0;
    for (const output of outputs) computed += output.count;
    // Abandoned attempts were work that produced nothing.
    if (job.timing.succeeded !== undefined) accounting.cancelled += job.timing.succeeded.length - computed;
    accounting.onComputed(this.id, computed);
    trace.record(TraceKind.gradComputed, now, this.id, job.jobId, job.tag, -1, 0, computed);
    for (const output of outputs) {
      const message: GradientMessage = {
        type: 'grad.arrive',
        worker: this.id,
        jobId: job.jobId,
        tag: job.tag,
        grad: output.grad,
        count: output.count,
        startedAt: job.start,
        finishedAt: now,
        task: job.task.kind,
        part: output.part,
        floats: output.floats,
        attempts: output.attempts,
      };
      outbox.next(message);
    }
    this.shared.afterGradient();
  }

}

export { formatTime } from './format-time.ts';
