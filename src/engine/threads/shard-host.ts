import type { TransferListItem } from 'node:worker_threads';
import type { Subscription } from 'rxjs';
import type { JobAssign, WorkerEvent } from '../../../actors/messages.ts';
import type { WorkerIO } from '../../../actors/worker-io.ts';
import { workerMachine } from '../../../actors/worker-machine.ts';
import { Float64Pool } from '../../linalg/float64-pool.ts';
import { createProblem } from '../../problems/create-problem.ts';
import { loadProblemModule } from '../../problems/module-problem.ts';
import { RandomStream } from '../../random/random-stream.ts';
import { createComputeModel, type ComputeModel } from '../../scenario/compute-model.ts';
import type { ActorDispatcher } from '../actor-dispatcher.ts';
import { spawnActor } from '../spawn-actor.ts';
import { VirtualClock } from '../../time/virtual-clock.ts';
import { XStateVirtualClock } from '../../time/xstate-clock.ts';
import { joiningWorkers, speedWindowsOf } from '../faults/worker-faults.ts';
import { computeOutputs, jobStreams, taskWorld, type JobStreams } from '../tasks/task-runner.ts';
import type { TaskOutput, TaskWorld } from '../tasks/task-outputs.ts';
import { messageOf } from '../job-failure.ts';
import { taskTiming } from '../tasks/task-timing.ts';
import { formatTime } from '../format-time.ts';
import { portMessages, portSender } from './port-stream.ts';
import type { ShardResult, ShardTask, ToShard } from './protocol.ts';
import { ComputeQueue } from './compute-queue.ts';

/**
 * The hosted side of one worker: it executes what the worker machine decides, as the main
 * thread's worker host does, except that it computes the jobs' outputs (ahead of their
 * completion) and sends them back instead of scheduling events.
 */
class HostedWorker implements WorkerIO {
  /** Virtual time of the event being handled (the main thread's, sent with it). */
  now = 0;
  private busyUntil = 0;
  private nextJobId = 0;

  constructor(
    readonly id: number,
    private readonly compute: ComputeModel,
    private readonly queue: ComputeQueue,
    /** Jobs below this id are settled on the main thread: replayed, not computed. */
    private readonly settled: number,
  ) {}

  startJob(job: JobAssign): void {
    const start = Math.max(this.now, this.busyUntil);
    const jobId = this.nextJobId++;
    // Drawn for every job, computed or not, so the compute model's streams stay in step.
    const timing = taskTiming(job.task, start, jobId, this.compute);
    this.busyUntil = timing.finish;
    if (Number.isFinite(timing.finish) && jobId >= this.settled) {
      this.queue.add({ worker: this.id, jobId, tag: job.tag, model: job.model, task: job.task, start, timing });
    }
  }

  refuseJob(): void {}

  cancelJobs(): void {
    this.queue.removeWorker(this.id);
    this.busyUntil = this.now;
  }

  crash(): void {
    this.cancelJobs();
  }

  sayHello(): void {}
}

interface Hosted {
  readonly io: HostedWorker;
  readonly dispatcher: ActorDispatcher<WorkerEvent>;
  readonly world: TaskWorld;
  readonly streams: JobStreams;
}

/**
 * The Piscina task of one shard: hosts its workers' actors until told to stop. Each event the
 * main thread delivered to a hosted worker arrives here too, in order, so the hosted machine
 * takes the same decisions as the main thread's mirror of it; the jobs it starts are computed
 * earliest completion first (the order the main thread will need them in) and sent back with
 * their buffers transferred. Resolves when the run is over; rejects, naming the worker and the
 * virtual time, if anything in here throws.
 */
export default async function hostShard(task: ShardTask): Promise<void> {
  const { scenario } = task;
  // A user's problem module is loaded in this thread too: it computes the gradients.
  if (scenario.problem.kind === 'module') await loadProblemModule(scenario.problem.module);
  return host(task);
}

function host(task: ShardTask): Promise<void> {
  const { scenario, port } = task;
  const problem = createProblem(scenario.problem, scenario.workers.length, RandomStream.named(scenario.seed, 'problem'));
  const buffers = new Float64Pool(problem.dimension);
  const queue = new ComputeQueue();
  const clock = new VirtualClock();
  const xstateClock = new XStateVirtualClock(clock);
  const joining = joiningWorkers(scenario.faults);
  const hosted = new Map<number, Hosted>();
  const send = portSender<readonly ShardResult[]>(port);
  const busyWith = new Int32Array(task.computing);
  let sent = 0;
  /** The worker and virtual time being handled, for error messages. */
  let current: { worker: number; time: number } | undefined;

  return new Promise<void>((resolve, reject) => {
    let done = false;
    let subscription: Subscription | undefined;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      subscription?.unsubscribe();
      for (const { dispatcher } of hosted.values()) dispatcher.actor.stop();
      port.close();
      if (error === undefined) {
        resolve();
        return;
      }
      const cause = error instanceof Error ? error.message : String(error);
      const where = current === undefined ? `shard ${task.shard}` : `worker ${current.worker} at t=${formatTime(current.time)}`;
      reject(new Error(`${where}: ${cause}`, { cause: error }));
    };

    task.workers.forEach((w, k) => {
      const compute = createComputeModel(
        scenario.workers[w].compute,
        speedWindowsOf(scenario.faults, w),
        RandomStream.named(scenario.seed, `worker/${w}/timing`),
        RandomStream.named(scenario.seed, `worker/${w}/speed`),
      );
      const io = new HostedWorker(w, compute, queue, task.settled[k] ?? 0);
      // On the shard's own virtual clock, kept at the time of the event being handled: the
      // hosted machine sees the main thread's time, never the wall clock.
      const dispatcher = spawnActor<WorkerEvent>(workerMachine, { input: { io, present: !joining.has(w) }, id: `worker-${w}`, clock: xstateClock, fastPath: true, onError: finish });
      dispatcher.actor.start();
      hosted.set(w, { io, dispatcher, world: taskWorld(problem, w, buffers), streams: jobStreams(scenario.seed, w) });
    });

    // Jobs are computed in batches of about BATCH_MS of work, posted as one message: a cheap
    // gradient then costs a fraction of a port hop, an expensive one goes out as soon as it is
    // done. Between batches the thread yields to its port (setImmediate), so newly arrived
    // events (cancellations, earlier-finishing jobs) are seen before the next job is picked.
    let computing = false;
    const computeBatch = () => {
      computing = false;
      if (done) return;
      const results: ShardResult[] = [];
      const transfer: TransferListItem[] = [];
      const began = performance.now();
      for (let job = queue.take(); job !== undefined; job = performance.now() - began < BATCH_MS ? queue.take() : undefined) {
        current = { worker: job.worker, time: job.timing.finish };
        const worker = hosted.get(job.worker)!;
        let outputs: TaskOutput[];
        Atomics.store(busyWith, 1, job.worker);
        Atomics.store(busyWith, 2, job.jobId);
        Atomics.store(busyWith, 0, 1);
        try {
          outputs = computeOutputs(job, worker.world, worker.streams);
        } catch (error) {
          // The job's failure is the main thread's to report, at the job's completion.
          results.push({ worker: job.worker, jobId: job.jobId, start: job.start, finish: job.timing.finish, outputs: [], error: messageOf(error) });
          continue;
        } finally {
          Atomics.store(busyWith, 0, 0);
        }
        for (const output of outputs) transfer.push(output.grad.buffer as ArrayBuffer);
        results.push({ worker: job.worker, jobId: job.jobId, start: job.start, finish: job.timing.finish, outputs });
      }
      if (results.length === 0) return;
      send.next({ message: results, transfer });
      sent += results.length;
      injectFailure(task, sent);
      scheduleCompute();
    };
    const scheduleCompute = () => {
      if (computing || done) return;
      computing = true;
      setImmediate(computeBatch);
    };

    subscription = portMessages<ToShard>(port).subscribe((message) => {
      if (message.kind === 'stop') {
        finish();
        return;
      }
      for (const spare of message.spares ?? []) buffers.release(spare);
      for (const { time, event } of message.events) {
        const worker = hosted.get(event.worker);
        current = { worker: event.worker, time };
        if (worker === undefined) {
          finish(new Error(`shard ${task.shard} got an event for worker ${event.worker}, which it does not host`));
          return;
        }
        worker.io.now = time;
        clock.advanceTo(time);
        worker.dispatcher.send(event);
        if (done) return;
      }
      scheduleCompute();
    });
  });
}

/** Wall-clock milliseconds of computing per batch of results (never reaches simulated state). */
const BATCH_MS = 0.25;

/** Test hook: a thread that dies mid-run, as a crashing native kernel or an out-of-memory would. */
function injectFailure(task: ShardTask, sent: number): void {
  const failure = task.failure;
  if (failure === undefined || failure.shard !== task.shard || sent < failure.afterResults) return;
  if (failure.how === 'exit') process.exit(70);
  throw new Error(`injected failure in shard ${task.shard} after ${sent} results`);
}

