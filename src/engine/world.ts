import { createActor } from 'xstate';
import type { ServerEvent, WorkerEvent } from '../../actors/messages.ts';
import { defaultRegistry } from '../../actors/method-registry.ts';
import { workerMachine } from '../../actors/worker-machine.ts';
import { Float64Pool } from '../linalg/float64-pool.ts';
import { createProblem } from '../problems/create-problem.ts';
import type { Problem } from '../problems/problem.ts';
import { RandomStream } from '../random/random-stream.ts';
import { createComputeModel } from '../scenario/compute-model.ts';
import type { MethodSpec, Scenario } from '../scenario/scenario-types.ts';
import { VirtualClock } from '../time/virtual-clock.ts';
import { XStateVirtualClock } from '../time/xstate-clock.ts';
import { Accounting } from './accounting.ts';
import { ActivityRecorder } from './activity.ts';
import { ActorDispatcher } from './actor-dispatcher.ts';
import { joiningWorkers, scheduleWorkerFaults, speedWindowsOf } from './faults/worker-faults.ts';
import { ModelStore } from './model-store.ts';
import { Monitor } from './monitor.ts';
import { Network } from './network.ts';
import type { RunResult, StallReport, StopReason } from './result.ts';
import { ServerHost } from './server-host.ts';
import type { SimulateOptions } from './simulate-options.ts';
import { InlineTaskRunner, type TaskRunner } from './tasks/task-runner.ts';
import { predictTime } from './theory-prediction.ts';
import { Trace, TraceKind } from './trace.ts';
import { WorkerHost } from './worker-host.ts';
import { checkTargets, finishResult, nextEventReady, stallReport } from './world-result.ts';
import { buildGraphWorld } from './graph/graph-world.ts';

/** Raised when an actor throws: a bug or bad input, never a simulated fault. */
export class ActorFailure extends Error {
  override readonly name = 'ActorFailure';
}

/** How an engine wires a world beyond the inline defaults. */
export interface WorldHooks {
  /** Where the jobs' tasks are computed (default: inline, at completion). */
  readonly runner?: (problem: Problem, models: Float64Pool) => TaskRunner;
  /** Buffers for model snapshots (default: the main pool; the threads engine shares them). */
  readonly modelBuffers?: (dimension: number) => Float64Pool;
  /** The main pool: gradients and scratch (default: a plain pool; the threads engine returns spares to its threads). */
  readonly buffers?: (dimension: number) => Float64Pool;
  /** Sees every event delivered to a worker, in delivery order, with its virtual time. */
  readonly onWorkerEvent?: (event: WorkerEvent, time: number) => void;
}

/** One method's simulated world: its clock, actors, network and bookkeeping. */
export interface World {
  readonly clock: VirtualClock;
  readonly monitor: Monitor;
  readonly trace: Trace;
  readonly stop: Scenario['stop'];
  throwIfFailed(): void;
  /** The server waits only for workers that can no longer deliver anything. */
  waitsInVain(): boolean;
  /** Resolves when the next event may run (its job's outputs have arrived); undefined if it may now. */
  nextReady(): Promise<void> | undefined;
  describeStall(): StallReport;
  finish(stopReason: StopReason, stall: StallReport | null, wallSeconds: number): RunResult;
}

/** Builds the world of one method of a scenario and starts its actors at t = 0. */
export function buildWorld(scenario: Scenario, methodSpec: MethodSpec, options: SimulateOptions, hooks: WorldHooks = {}): World {
  const method = (options.registry ?? defaultRegistry).get(methodSpec.method);
  if (method.decentralized === true) return buildGraphWorld(scenario, methodSpec, method, options, hooks);
  const n = scenario.workers.length;
  const clock = new VirtualClock();
  clock.onEvent = options.onEvent;
  const problem = createProblem(scenario.problem, n, RandomStream.named(scenario.seed, 'problem'));
  checkTargets(scenario, problem);
  const trace = new Trace(options.trace ?? scenario.record.trace);
  const accounting = new Accounting(n);
  const buffers = hooks.buffers?.(problem.dimension) ?? new Float64Pool(problem.dimension);
  const models = new ModelStore(hooks.modelBuffers?.(problem.dimension) ?? buffers);
  const runner = hooks.runner?.(problem, buffers) ?? new InlineTaskRunner(problem, n, scenario.seed, buffers);
  const { faults, seed } = scenario;
  const joining = joiningWorkers(faults);
  const presence = scenario.workers.map((w) => !joining.has(w.id));
  const network = new Network(clock, scenario.workers, problem.dimension, faults, seed, (message) => {
    const now = clock.now();
    if (message.type === 'grad.arrive') {
      accounting.onLost(message.worker, message.count);
      trace.record(TraceKind.gradLost, now, message.worker, message.jobId, message.tag, -1, message.part, message.count);
      buffers.release(message.grad);
      hosts[message.worker].noteLoss(now, `its gradient of job ${message.jobId}`);
    } else if (message.type === 'job.assign') {
      models.drop(message.model);
      hosts[message.worker].noteLoss(now, 'the job sent to it');
    } else {
      hosts[message.worker].noteLoss(now, message.type === 'worker.hello' ? 'its hello' : `a ${message.type} message`);
    }
  });
  const computeModels = scenario.workers.map((w, i) =>
    createComputeModel(w.compute, speedWindowsOf(faults, i), RandomStream.named(seed, `worker/${i}/timing`), RandomStream.named(seed, `worker/${i}/speed`)),
  );
  const server = new ServerHost(
    clock,
    problem.initialPoint(),
    computeModels.map((m) => m.nominalTau),
    presence,
    scenario.workers.map((w) => w.uplink),
    { components: problem.finiteSum?.components, smoothness: problem.smoothness, noiseVariance: problem.noiseVariance },
    RandomStream.named(seed, 'server'),
    network.fromServer,
    models,
    accounting,
    trace,
  );
  const monitor = new Monitor(problem, scenario.stop, scenario.record, {
    get x() {
      return server.x;
    },
    get iteration() {
      return server.iteration;
    },
    get gradientsComputed() {
      return accounting.computed;
    },
  });
  server.monitor = monitor;
  const activity = options.activity === true ? new ActivityRecorder(n, Number.isFinite(scenario.stop.time) ? scenario.stop.time / 200 : 1, presence) : undefined;
  if (activity !== undefined) {
    activity.notePauses(faults);
    network.uplinks.forEach((link, w) => {
      link.onTransmitted = (entry) => activity.sent(w, entry.start, entry.arrival);
    });
  }
  const shared = { clock, problem, outbox: network.fromWorkers, buffers, models, accounting, trace, runner, afterGradient: () => monitor.afterGradient(), activity };
  const hosts = scenario.workers.map((spec, i) => new WorkerHost(spec.id, computeModels[i], network.uplinks[i], shared, presence[i]));

  let failure: Error | undefined;
  const fail = (name: string, err: unknown) => {
    const cause = err instanceof Error ? err.message : String(err);
    failure ??= new ActorFailure(`actor ${name} failed at t=${clock.now()}: ${cause}`, { cause: err });
  };
  const fastPath = options.dispatch !== 'xstate';
  const xstateClock = new XStateVirtualClock(clock);
  const workerDispatchers = hosts.map((host, i) => {
    const actor = createActor(workerMachine, { input: { io: host, present: presence[i] }, clock: xstateClock, id: `worker-${i}` });
    const onError = (err: unknown) => fail(`worker-${i}`, err);
    actor.subscribe({ error: onError });
    return new ActorDispatcher<WorkerEvent>(actor, workerMachine, fastPath, onError);
  });
  // A duplicated message arrives as the same object twice in a row: the worker's transport
  // drops the second copy, as the server's does (by job id).
  const lastDelivered: (WorkerEvent | undefined)[] = new Array(n).fill(undefined);
  network.toWorkers.subscribe((event) => {
    if (lastDelivered[event.worker] === event) {
      accounting.duplicates++;
      trace.record(TraceKind.duplicate, clock.now(), event.worker, -1, -1, -1, 0);
      return;
    }
    lastDelivered[event.worker] = event;
    hooks.onWorkerEvent?.(event, clock.now());
    workerDispatchers[event.worker].send(event);
  });
  const comebacks = scheduleWorkerFaults(faults, clock, (event) => network.toWorkers.next(event), trace, n);
  /** Whether worker `w` may still send the server something. */
  const canDeliver = (w: number): boolean =>
    hosts[w].hasWorkThatFinishes() ||
    network.uplinks[w].inTransit().length > 0 ||
    network.downlinks[w].inTransit().some((entry) => entry.message.type === 'job.assign') ||
    comebacks[w] > 0;
  const serverActor = createActor(method.machine, {
    input: { io: server, params: methodSpec.params },
    clock: xstateClock,
    id: `server-${method.id}`,
  });
  const onServerError = (err: unknown) => fail(`server (${method.id})`, err);
  serverActor.subscribe({ error: onServerError });
  const serverDispatcher = new ActorDispatcher<ServerEvent>(serverActor, method.machine, fastPath, onServerError);
  network.toServer.subscribe((message) => {
    // The extra copy of a duplicated message shares its original's buffer, already released.
    if (!server.receive(message)) return;
    serverDispatcher.send(message);
    // The method has consumed the message: its gradient buffer goes back to the pool.
    if (message.type === 'grad.arrive') buffers.release(message.grad);
  });
  for (const dispatcher of workerDispatchers) dispatcher.actor.start();
  serverActor.start();

  return {
    clock,
    monitor,
    trace,
    stop: scenario.stop,
    throwIfFailed() {
      if (failure !== undefined) throw failure;
    },
    nextReady: () => nextEventReady(clock),
    waitsInVain() {
      const report = method.waitingFor(serverActor.getSnapshot().context as never);
      if (report.workers.length === 0) return false;
      return report.needs === 'all' ? report.workers.some((w) => !canDeliver(w)) : report.workers.every((w) => !canDeliver(w));
    },
    describeStall() {
      const report = method.waitingFor(serverActor.getSnapshot().context as never);
      return stallReport(method.id, report, 'worker', (w) => hosts[w].describe(clock.now()), server.lastStepTime);
    },
    finish(stopReason, stall, wallSeconds) {
      const now = clock.now();
      monitor.finish(now);
      for (const dispatcher of workerDispatchers) dispatcher.actor.stop();
      serverActor.stop();
      const inTransit = network.gradientsInTransit();
      network.close();
      return finishResult({
        scenario,
        methodSpec,
        problem,
        monitor,
        accounting,
        trace,
        x: server.x,
        iterations: server.iteration,
        hosts,
        activity,
        now,
        inTransit,
        stopReason,
        stall,
        wallSeconds,
        theory: predictTime(scenario, methodSpec.method, problem, monitor.timeToTarget),
        events: clock.eventsRun,
      });
    },
  };
}

