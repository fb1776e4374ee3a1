import type { AnyStateMachine, EventObject } from 'xstate';
import type { AnyMethodDefinition } from '../../actors/method-definition.ts';
import { Float64Pool, type Float64PoolOptions } from '../linalg/float64-pool.ts';
import { axpyNormSq } from '../linalg/vector.ts';
import { createProblem } from '../problems/create-problem.ts';
import type { Problem } from '../problems/problem.ts';
import { RandomStream } from '../random/random-stream.ts';
import { createComputeModel, type ComputeModel } from '../scenario/compute-model.ts';
import type { MethodSpec, Scenario } from '../scenario/scenario-types.ts';
import { VirtualClock } from '../time/virtual-clock.ts';
import { XStateVirtualClock } from '../time/xstate-clock.ts';
import { Accounting } from './accounting.ts';
import { ActivityRecorder } from './activity.ts';
import type { ActorDispatcher } from './actor-dispatcher.ts';
import { joiningWorkers, speedWindowsOf } from './faults/worker-faults.ts';
import { formatTime } from './format-time.ts';
import { ModelStore } from './model-store.ts';
import { Monitor } from './monitor.ts';
import { RunFailure } from './run-failure.ts';
import { checksOwnership, snapshotBufferLimit, type SimulateOptions } from './simulate-options.ts';
import { spawnActor } from './spawn-actor.ts';
import { InlineTaskRunner, type TaskRunner } from './tasks/task-runner.ts';
import { Trace, TraceKind } from './trace.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import type { WorkerEvent } from '../../actors/messages.ts';


/** Raised when an actor throws: a bug or bad input, never a simulated fault. */
export class ActorFailure extends RunFailure {
  override readonly name = 'ActorFailure';
}

/** How an engine wires a world beyond the inline defaults. */
export interface WorldHooks {
  /** Where the jobs' tasks are computed (default: inline, at completion). */
  readonly runner?: (core: WorldCore) => TaskRunner;
  /** Buffers for model snapshots (default: a pool of their own; the threads engine shares them). */
  readonly modelBuffers?: (dimension: number, options: Float64PoolOptions) => Float64Pool;
  /** The main pool: gradients and scratch (default: a plain pool; the threads engine returns spares to its threads). */
  readonly buffers?: (dimension: number, options: Float64PoolOptions) => Float64Pool;
  /** Where worker `worker`'s jobs are computed, in words, for messages (the threads engine: its shard). */
  readonly whereComputed?: (worker: number) => string;
  /** Sees every event delivered to a worker, in delivery order, with its virtual time. */
  readonly onWorkerEvent?: (event: WorkerEvent, time: number) => void;
}

/** The iterate of a run, wherever it lives (the server; a decentralized method's pivot). */
export interface Iterate {
  readonly x: Float64Array;
  /** Model updates so far: the current model's version. */
  iteration: number;
  /** Virtual time of the last update (0 before the first). */
  lastStepTime: number;
}

/**
 * What every world of a run is made of, whatever its wiring (a server and its workers, or the
 * nodes of a graph): the virtual clock and its XState adapter, the problem, the iterate, the
 * trace, the accounting, the buffer pools, the task runner, the compute models, the monitor,
 * the activity recorder, and the one way to spawn an actor (with the virtual clock, its
 * failures caught). The star and graph worlds are their network and host wiring on top of it.
 */
export class WorldCore {
  readonly clock = new VirtualClock();
  readonly xstateClock = new XStateVirtualClock(this.clock);
  readonly problem: Problem;
  readonly iterate: Iterate;
  readonly trace: Trace;
  readonly accounting: Accounting;
  /** Checks buffer ownership (tests, --check-ownership). */
  readonly checked: boolean;
  /** Gradients, partial sums and scratch. */
  readonly buffers: Float64Pool;
  readonly models: ModelStore;
  readonly runner: TaskRunner;
  /** Per worker, when its jobs finish (its compute model with its straggle and pause windows). */
  readonly computeModels: readonly ComputeModel[];
  /** Per worker, present from the start (not one that joins later). */
  readonly presence: readonly boolean[];
  readonly monitor: Monitor;
  readonly activity: ActivityRecorder | undefined;
  /** The end of the time budget: what cannot happen before it is waited for in vain. */
  readonly horizon: number;
  readonly workerCount: number;
  private failure: Error | undefined = undefined;
  private readonly fastPath: boolean;

  constructor(
    readonly scenario: Scenario,
    readonly methodSpec: MethodSpec,
    readonly method: AnyMethodDefinition,
    readonly options: SimulateOptions,
    readonly hooks: WorldHooks,
  ) {
    const { seed, faults } = scenario;
    const n = scenario.workers.length;
    this.workerCount = n;
    this.clock.onEvent = options.onEvent;
    this.problem = createProblem(scenario.problem, n, RandomStream.named(seed, 'problem'));
    checkTargets(scenario, this.problem);
    const d = this.problem.dimension;
    this.iterate = { x: this.problem.initialPoint(), iteration: 0, lastStepTime: 0 };
    this.trace = new Trace(options.trace ?? scenario.record.trace);
    this.accounting = new Accounting(n);
    this.checked = checksOwnership(options);
    const bufferOptions = { checked: this.checked, name: 'gradient buffers' };
    this.buffers = hooks.buffers?.(d, bufferOptions) ?? new Float64Pool(d, bufferOptions);
    const modelOptions = { checked: this.checked, name: 'model snapshots' };
    const snapshots = snapshotBufferLimit(options, d);
    this.models = new ModelStore(hooks.modelBuffers?.(d, modelOptions) ?? new Float64Pool(d, modelOptions), snapshots.buffers, (buffers) =>
      this.monitor.stopWith(
        'memory',
        `model snapshots held by jobs and messages in flight passed ${snapshots.megabytes} MB (${buffers} versions of ${d} floats) at t=${formatTime(this.clock.now())}${this.describeMemory?.() ?? ''}`,
      ),
    );
    this.runner = hooks.runner?.(this) ?? new InlineTaskRunner(this.problem, n, seed, this.buffers);
    this.computeModels = scenario.workers.map((w, i) =>
      createComputeModel(w.compute, speedWindowsOf(faults, i), RandomStream.named(seed, `worker/${i}/timing`), RandomStream.named(seed, `worker/${i}/speed`)),
    );
    const joining = joiningWorkers(faults);
    this.presence = scenario.workers.map((w) => !joining.has(w.id));
    const iterate = this.iterate;
    const accounting = this.accounting;
    this.monitor = new Monitor(this.problem, scenario.stop, scenario.record, {
      get x() {
        return iterate.x;
      },
      get iteration() {
        return iterate.iteration;
      },
      get gradientsComputed() {
        return accounting.computed;
      },
    });
    this.activity =
      options.activity === true ? new ActivityRecorder(n, Number.isFinite(scenario.stop.time) ? scenario.stop.time / 200 : 1, this.presence) : undefined;
    this.activity?.notePauses(faults);
    this.horizon = scenario.stop.time;
    this.fastPath = options.dispatch !== 'xstate';
  }

  /** Adds to the memory bound's message where the memory went (the wiring knows its links). */
  describeMemory: (() => string) | undefined = undefined;

  /**
   * An actor of `machine` (not started) on the virtual clock, whose failures fail
   * the run (naming it and the virtual time), behind a dispatcher. `afterEvent` is told once an
   * event has been processed (its message's buffers may then be released).
   */
  spawn<E extends EventObject>(machine: AnyStateMachine, input: unknown, id: string, afterEvent?: (event: E) => void): ActorDispatcher<E> {
    return spawnActor<E>(machine, { input, id, clock: this.xstateClock, fastPath: this.fastPath, onError: (error) => this.fail(id, error), afterEvent });
  }

  /** Records the first failure of an actor; the kernel raises it before the next event. */
  fail(name: string, error: unknown): void {
    const cause = error instanceof Error ? error.message : String(error);
    this.failure ??= new ActorFailure(`actor ${name} failed at t=${formatTime(this.clock.now())}: ${cause}`, { cause: error });
  }

  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * The model update: x ← x − stepSize·direction (no direction: the iterate stays, the version
   * moves on), recorded in the trace, checked against the target and the budgets.
   */
  step(direction: Float64Array | undefined, stepSize: number): void {
    const iterate = this.iterate;
    // The update and ‖x‖² (the monitor's divergence watch) in one pass over x.
    const xNormSq = direction === undefined ? undefined : axpyNormSq(-stepSize, direction, iterate.x);
    iterate.iteration++;
    this.models.retire();
    const now = this.clock.now();
    iterate.lastStepTime = now;
    this.trace.record(TraceKind.modelStep, now, -1, -1, -1, iterate.iteration, stepSize);
    this.monitor.afterStep(now, xNormSq);
  }

  /** After every finished gradient (the gradient budget). */
  afterGradient(): void {
    this.monitor.afterGradient();
  }
}

/** A loss-gap target needs a problem with a known f*. */
function checkTargets(scenario: Scenario, problem: Problem): void {
  if (scenario.stop.lossGap !== undefined && problem.optimalLoss === undefined) {
    throw new ScenarioError('scenario.stop.lossGap', scenario.stop.lossGap, `absent: problem "${problem.kind}" has no known f*`);
  }
}
