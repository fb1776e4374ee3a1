import { createActor } from 'xstate';
import type { ServerEvent, WorkerEvent } from '../../actors/messages.ts';
import { defaultRegistry } from '../../actors/method-registry.ts';
import { workerMachine } from '../../actors/worker-machine.ts';
import { Float64Pool, type Float64PoolOptions } from '../linalg/float64-pool.ts';
import { createProblem } from '../problems/create-problem.ts';
import type { Problem } from '../problems/problem.ts';
import { RandomStream } from '../random/random-stream.ts';
import { createComputeModel } from '../scenario/compute-model.ts';
import type { MethodSpec, Scenario } from '../scenario/scenario-types.ts';
import { VirtualClock } from '../time/virtual-clock.ts';
import { XStateVirtualClock } from '../time/xstate-clock.ts';
import { Accounting } from './accounting.ts';
import { RunFailure } from './run-failure.ts';
import { ActivityRecorder } from './activity.ts';
import { ActorDispatcher } from './actor-dispatcher.ts';
import { joiningWorkers, scheduleWorkerFaults, speedWindowsOf } from './faults/worker-faults.ts';
import { dropJobHolds, ModelStore } from './model-store.ts';
import { Monitor } from './monitor.ts';
import { Network } from './network.ts';
import type { RunResult, StallReport } from './result.ts';
import type { Stop } from './kernel-loop.ts';
import { ServerHost } from './server-host.ts';
import { checksOwnership, snapshotBufferLimit, type SimulateOptions } from './simulate-options.ts';
import { InlineTaskRunner, type TaskRunner } from './tasks/task-runner.ts';
import { predictTime } from './theory-prediction.ts';
import { Trace, TraceKind } from './trace.ts';
import { formatTime, WorkerHost } from './worker-host.ts';
import { waitsInVain, type WorkerReach } from './wait-in-vain.ts';
import { checkTargets, describeAwaited, finishResult, nextEventReady, stallReport } from './world-result.ts';
import { buildGraphWorld } from './graph/graph-world.ts';

/** Raised when an actor throws: a bug or bad input, never a simulated fault. */
export class ActorFailure extends RunFailure {
  override readonly name = 'ActorFailure';
}

/** How an engine wires a world beyond the inline defaults. */
export interface WorldHooks {
  /** Where the jobs' tasks are computed (default: inline, at completion). */
  readonly runner?: (problem: Problem, models: Float64Pool) => TaskRunner;
  /** Buffers for model snapshots (default: the main pool; the threads engine shares them). */
  readonly modelBuffers?: (dimension: number, options: Float64PoolOptions) => Float64Pool;
  /** The main pool: gradients and scratch (default: a plain pool; the threads engine returns spares to its threads). */
  readonly buffers?: (dimension: number, options: Float64PoolOptions) => Float64Pool;
  /** Where worker `worker`'s jobs are computed, in words, for messages (the threads engine: its shard). */
  readonly whereComputed?: (worker: number) => string;
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
  /** The job whose outputs the next event waits for, in words (a computation elsewhere that never came). */
  describeAwaited(): string;
  finish(stop: Stop, stall: StallReport | null, wallSeconds: number): RunResult;
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
  const checked = checksOwnership(options);
  const bufferOptions = { checked, name: 'gradient buffers' };
  const buffers = hooks.buffers?.(problem.dimension, bufferOptions) ?? new Float64Pool(problem.dimension, bufferOptions);
  const modelPool = hooks.modelBuffers?.(problem.dimension, { checked, name: 'model snapshots' }) ?? new Float64Pool(problem.dimension, { checked, name: 'model snapshots' });
  const snapshotLimit = snapshotBufferLimit(options, problem.dimension);
  const models = new ModelStore(modelPool, snapshotLimit.buffers, (buffers) =>
    monitor?.stopWith('memory', `model snapshots held by jobs and messages in flight passed ${snapshotLimit.megabytes} MB (${buffers} versions of ${problem.dimension} floats) at t=${formatTime(clock.now())}${busiestLink()}`),
  );
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
      dropJobHolds(models, message);
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
  const horizon = scenario.stop.time;
  const reach: WorkerReach = {
    // Faults decide what cannot come before the budget ends (a join or recovery after it, a
    // partition that outlasts it); work and transfers cut short by the budget are merely late.
    canDeliver(w) {
      const uplink = network.uplinks[w];
      if (uplink.transmitsBy(horizon)) return true;
      const finish = hosts[w].nextFinish();
      if (finish < Infinity && !uplink.blockedThrough(Math.min(finish, horizon), horizon)) return true;
      const now = clock.now();
      if (network.downlinks[w].transmitsBy(horizon, (m) => m.type === 'job.assign') && hosts[w].isUp() && !uplink.blockedThrough(now, horizon)) return true;
      return comebacks.next(w) <= horizon;
    },
    reachable(w) {
      const now = clock.now();
      const up = hosts[w].isUp() || comebacks.next(w) <= horizon;
      return up && !network.downlinks[w].blockedThrough(now, horizon) && !network.uplinks[w].blockedThrough(now, horizon);
    },
    comebackBeforeBudget: () => comebacks.earliest() <= horizon,
  };
  /** The link holding the most messages, for the memory bound's message. */
  const busiestLink = (): string => {
    let best = { count: 0, what: '' };
    network.downlinks.forEach((link, w) => {
      if (link.inTransit().length > best.count) best = { count: link.inTransit().length, what: `worker ${w}'s downlink` };
    });
    network.uplinks.forEach((link, w) => {
      if (link.inTransit().length > best.count) best = { count: link.inTransit().length, what: `worker ${w}'s uplink` };
    });
    return best.count === 0 ? '' : `; ${best.what} holds ${best.count} messages`;
  };
  /** A worker's state, and what keeps it from delivering before the budget ends, for stall reports. */
  const describeWorker = (w: number): string => {
    const now = clock.now();
    let state = hosts[w].describe(now);
    const comeback = comebacks.next(w);
    if (!hosts[w].isUp()) {
      if (comeback < Infinity) state += `, ${hosts[w].hasJoined() ? 'recovers' : 'joins'} at t=${formatTime(comeback)}${comeback > horizon ? ', after the budget' : ''}`;
      else if (hosts[w].hasJoined()) state += ' for good';
    }
    const parts = [state];
    const held = network.uplinks[w].held(now);
    if (held !== undefined) parts.push(`${held.count === 1 ? 'a message' : `${held.count} messages`} held on its uplink until t=${formatTime(held.from)}${held.from > horizon ? ', after the budget' : ''}`);
    else if (network.uplinks[w].blockedThrough(now, horizon)) parts.push('its uplink is cut beyond the budget');
    if (network.downlinks[w].blockedThrough(now, horizon)) parts.push('its downlink is cut beyond the budget');
    return parts.join('; ');
  };
  const serverActor = createActor(method.machine, {
    input: { io: server, params: methodSpec.params },
    clock: xstateClock,
    id: `server-${method.id}`,
  });
  const onServerError = (err: unknown) => fail(`server (${method.id})`, err);
  serverActor.subscribe({ error: onServerError });
  // Once the method has processed a gradient (not merely received it), its buffer goes back to the pool.
  const serverDispatcher = new ActorDispatcher<ServerEvent>(serverActor, method.machine, fastPath, onServerError, (message) => {
    if (message.type === 'grad.arrive') buffers.release(message.grad, checked ? `the gradient of worker ${message.worker}'s job ${message.jobId}` : undefined);
  });
  network.toServer.subscribe((message) => {
    // The extra copy of a duplicated message shares its original's buffer: the server's
    // transport drops it before the method sees it.
    if (!server.receive(message)) return;
    serverDispatcher.send(message);
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
    waitsInVain: () => waitsInVain(method.waitingFor(serverActor.getSnapshot().context as never), reach),
    describeStall() {
      const report = method.waitingFor(serverActor.getSnapshot().context as never);
      return stallReport(method.id, report, 'worker', describeWorker, server.lastStepTime);
    },
    describeAwaited: () => describeAwaited(clock, hooks.whereComputed),
    finish({ reason: stopReason, limit }, stall, wallSeconds) {
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
        limit,
        stall,
        wallSeconds,
        theory: predictTime(scenario, methodSpec.method, problem, monitor.timeToTarget),
        events: clock.eventsRun,
        modelBuffers: models.allocated,
      });
    },
  };
}

