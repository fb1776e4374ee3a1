import { createActor } from 'xstate';
import { getMethod } from '../../actors/method-registry.ts';
import { workerMachine } from '../../actors/worker-machine.ts';
import { createProblem } from '../problems/create-problem.ts';
import type { Problem } from '../problems/problem.ts';
import { RandomStream } from '../random/random-stream.ts';
import { createComputeModel } from '../scenario/compute-model.ts';
import { ScenarioError } from '../scenario/scenario-error.ts';
import type { MethodSpec, Scenario } from '../scenario/scenario-types.ts';
import { VirtualClock } from '../time/virtual-clock.ts';
import { XStateVirtualClock } from '../time/xstate-clock.ts';
import type { ServerEvent, WorkerEvent } from '../../actors/messages.ts';
import { Float64Pool } from '../linalg/float64-pool.ts';
import { Accounting } from './accounting.ts';
import { ActorDispatcher } from './actor-dispatcher.ts';
import { ModelStore } from './model-store.ts';
import { Monitor } from './monitor.ts';
import { Network } from './network.ts';
import type { RunResult, StallReport, StopReason } from './result.ts';
import { ServerHost } from './server-host.ts';
import { Trace, type TraceRecord } from './trace.ts';
import { WorkerHost } from './worker-host.ts';

export interface SimulateOptions {
  /** Keep the trace records (default: the scenario's `record.trace`). */
  readonly trace?: boolean;
  /**
   * `compiled` (default): transitions that change no state run the machine's own guards and
   * actions directly (see ActorDispatcher); `xstate`: every event goes through XState's
   * interpreter. Both give the same trace; `xstate` exists to prove it.
   */
  readonly dispatch?: 'compiled' | 'xstate';
  /** Observer of every event the kernel pops, for ordering properties. */
  readonly onEvent?: (time: number, seq: number) => void;
}

/** A finished run and, when tracing was on, its records. */
export interface Simulation {
  readonly result: RunResult;
  readonly records: readonly TraceRecord[];
}

/** The final iterate is echoed in results up to this dimension. */
const MAX_ECHOED_DIMENSION = 1000;

/** Raised when an actor throws: a bug or bad input, never a simulated fault. */
export class ActorFailure extends Error {
  override readonly name = 'ActorFailure';
}

/**
 * Runs one method of a scenario to its end on the inline engine: all actors in this thread on
 * one virtual clock. Deterministic: the same scenario and seed give the same trace hash.
 */
export function simulateMethod(scenario: Scenario, methodSpec: MethodSpec, options: SimulateOptions = {}): Simulation {
  const wallStart = performance.now();
  const world = buildWorld(scenario, methodSpec, options);
  const { clock, monitor, stop } = world;
  let stopReason: StopReason | undefined;
  for (;;) {
    world.throwIfFailed();
    if (monitor.stopReason !== undefined) {
      stopReason = monitor.stopReason;
      break;
    }
    const next = clock.nextTime();
    if (next === undefined) {
      stopReason = 'stalled';
      break;
    }
    if (next > stop.time) {
      stopReason = 'time';
      clock.advanceTo(stop.time);
      break;
    }
    monitor.sampleBefore(next);
    clock.step();
    if (clock.eventsRun >= stop.events) {
      world.throwIfFailed();
      stopReason = monitor.stopReason ?? 'events';
      break;
    }
  }
  const stall = stopReason === 'stalled' ? world.describeStall() : null;
  const result = world.finish(stopReason, stall, (performance.now() - wallStart) / 1000);
  return { result, records: world.trace.records() };
}

interface World {
  readonly clock: VirtualClock;
  readonly monitor: Monitor;
  readonly trace: Trace;
  readonly stop: Scenario['stop'];
  throwIfFailed(): void;
  describeStall(): StallReport;
  finish(stopReason: StopReason, stall: StallReport | null, wallSeconds: number): RunResult;
}

function buildWorld(scenario: Scenario, methodSpec: MethodSpec, options: SimulateOptions): World {
  const n = scenario.workers.length;
  const clock = new VirtualClock();
  clock.onEvent = options.onEvent;
  const problem = createProblem(scenario.problem, n, RandomStream.named(scenario.seed, 'problem'));
  checkTargets(scenario, problem);
  const trace = new Trace(options.trace ?? scenario.record.trace);
  const accounting = new Accounting(n);
  const network = new Network(clock, scenario.workers, problem.dimension);
  const buffers = new Float64Pool(problem.dimension);
  const models = new ModelStore(buffers);
  const computeModels = scenario.workers.map((w) => createComputeModel(w.compute));
  const server = new ServerHost(
    clock,
    problem.initialPoint(),
    computeModels.map((m) => m.nominalTau),
    scenario.workers.map(() => true),
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
  const shared = { clock, problem, outbox: network.fromWorkers, buffers, models, accounting, trace, afterGradient: () => monitor.afterGradient() };
  const hosts = scenario.workers.map(
    (spec, i) => new WorkerHost(spec.id, computeModels[i], RandomStream.named(scenario.seed, `worker/${spec.id}/oracle`), network.uplinks[i], shared),
  );

  let failure: Error | undefined;
  const fail = (name: string, err: unknown) => {
    const cause = err instanceof Error ? err.message : String(err);
    failure ??= new ActorFailure(`actor ${name} failed at t=${clock.now()}: ${cause}`, { cause: err });
  };
  const fastPath = options.dispatch !== 'xstate';
  const xstateClock = new XStateVirtualClock(clock);
  const workerDispatchers = hosts.map((host, i) => {
    const actor = createActor(workerMachine, { input: { io: host, present: true }, clock: xstateClock, id: `worker-${i}` });
    const onError = (err: unknown) => fail(`worker-${i}`, err);
    actor.subscribe({ error: onError });
    return new ActorDispatcher<WorkerEvent>(actor, workerMachine, fastPath, onError);
  });
  network.toWorkers.subscribe((event) => workerDispatchers[event.worker].send(event));
  const method = getMethod(methodSpec.method);
  const serverActor = createActor(method.machine, {
    input: { io: server, params: methodSpec.params },
    clock: xstateClock,
    id: `server-${method.id}`,
  });
  const onServerError = (err: unknown) => fail(`server (${method.id})`, err);
  serverActor.subscribe({ error: onServerError });
  const serverDispatcher = new ActorDispatcher<ServerEvent>(serverActor, method.machine, fastPath, onServerError);
  network.toServer.subscribe((message) => {
    if (server.receive(message)) serverDispatcher.send(message);
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
    describeStall() {
      const report = method.waitingFor(serverActor.getSnapshot().context as never);
      const now = clock.now();
      const details = report.workers.map((w) => `worker ${w} (${hosts[w].describe(now)})`);
      const from = details.length > 0 ? ` from ${details.join(', ')}` : '';
      return { since: now, workers: report.workers, waitingFor: `${method.id} waits for ${report.what}${from}` };
    },
    finish(stopReason, stall, wallSeconds) {
      const now = clock.now();
      monitor.finish(now);
      for (const dispatcher of workerDispatchers) dispatcher.actor.stop();
      serverActor.stop();
      const inTransit = network.gradientsInTransit();
      network.close();
      trace.mixVector(server.x);
      const final = monitor.evaluate();
      const workerStats = hosts.map((host, i) => {
        const busySeconds = host.busyAt(now);
        return {
          id: i,
          computed: accounting.perWorker.computed[i],
          applied: accounting.perWorker.applied[i],
          discarded: accounting.perWorker.discarded[i],
          lost: accounting.perWorker.lost[i],
          busySeconds,
          utilization: now > 0 ? busySeconds / now : 0,
        };
      });
      const utilization = workerStats.reduce((sum, w) => sum + w.utilization, 0) / Math.max(1, n);
      return {
        method: methodSpec.method,
        label: methodSpec.label,
        stopReason,
        stall,
        virtualTime: now,
        iterations: server.iteration,
        timeToTarget: monitor.timeToTarget,
        gradients: accounting.snapshot(inTransit),
        utilization,
        staleness: {
          mean: accounting.applied > 0 ? accounting.stalenessSum / accounting.applied : null,
          max: accounting.applied > 0 ? accounting.stalenessMax : null,
        },
        workers: workerStats,
        final: {
          loss: final.loss,
          gradNormSq: final.gradNormSq,
          lossGap: problem.optimalLoss === undefined ? null : final.loss - problem.optimalLoss,
          ...(problem.dimension <= MAX_ECHOED_DIMENSION ? { x: Array.from(server.x) } : {}),
        },
        curve: monitor.curve,
        events: clock.eventsRun,
        traceHash: trace.hash(),
        wallSeconds,
      };
    },
  };
}

function checkTargets(scenario: Scenario, problem: Problem): void {
  if (scenario.stop.lossGap !== undefined && problem.optimalLoss === undefined) {
    throw new ScenarioError('scenario.stop.lossGap', scenario.stop.lossGap, `absent: problem "${problem.kind}" has no known f*`);
  }
}
