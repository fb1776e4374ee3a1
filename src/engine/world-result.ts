import type { Problem } from '../problems/problem.ts';
import { ScenarioError } from '../scenario/scenario-error.ts';
import type { MethodSpec, Scenario } from '../scenario/scenario-types.ts';
import type { Accounting } from './accounting.ts';
import type { ActivityRecorder, WorkerActivity } from './activity.ts';
import type { Monitor } from './monitor.ts';
import type { RunResult, StallReport, StopReason, TheoryPrediction } from './result.ts';
import type { Trace } from './trace.ts';
import type { WaitReport } from '../../actors/method-definition.ts';
import type { VirtualClock } from '../time/virtual-clock.ts';
import { WorkerHost } from './worker-host.ts';

/** The final iterate is echoed in results up to this dimension. */
const MAX_ECHOED_DIMENSION = 1000;

/** What a finished world hands over to build its result. */
export interface FinishedWorld {
  readonly scenario: Scenario;
  readonly methodSpec: MethodSpec;
  readonly problem: Problem;
  readonly monitor: Monitor;
  readonly accounting: Accounting;
  readonly trace: Trace;
  /** The final iterate. */
  readonly x: Float64Array;
  readonly iterations: number;
  readonly hosts: readonly WorkerHost[];
  readonly activity: ActivityRecorder | undefined;
  readonly now: number;
  /** Gradients computed but neither applied, discarded nor lost: on links or held by actors. */
  readonly inTransit: number;
  readonly stopReason: StopReason;
  readonly limit: string | null;
  readonly stall: StallReport | null;
  readonly wallSeconds: number;
  readonly theory: TheoryPrediction | null;
  readonly events: number;
  /** Model snapshot buffers allocated in the run. */
  readonly modelBuffers: number;
  /** Fields only some worlds have (a graph run's topology and edge use). */
  readonly extra?: Partial<RunResult>;
}

/** The result of one method's run, the same shape for every kind of world. */
export function finishResult(world: FinishedWorld): RunResult {
  const { scenario, methodSpec, problem, monitor, accounting, trace, x, hosts, activity, now } = world;
  const n = hosts.length;
  trace.mixVector(x);
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
    stopReason: world.stopReason,
    stall: world.stall,
    limit: world.limit,
    virtualTime: now,
    iterations: world.iterations,
    timeToTarget: monitor.timeToTarget,
    theory: world.theory,
    gradients: accounting.snapshot(world.inTransit),
    utilization,
    staleness: {
      mean: accounting.applied > 0 ? accounting.stalenessSum / accounting.applied : null,
      max: accounting.applied > 0 ? accounting.stalenessMax : null,
      histogram: accounting.stalenessHistogram(),
    },
    workers: workerStats,
    final: {
      loss: final.loss,
      gradNormSq: final.gradNormSq,
      lossGap: problem.optimalLoss === undefined ? null : final.loss - problem.optimalLoss,
      ...(problem.testAccuracy === undefined ? {} : { testAccuracy: problem.testAccuracy(x) }),
      ...(problem.dimension <= MAX_ECHOED_DIMENSION ? { x: Array.from(x) } : {}),
    },
    curve: monitor.curve,
    ...(problem.data === undefined ? {} : { data: problem.data }),
    ...(activity === undefined ? {} : { activity: finishActivity(activity, hosts, now) }),
    ...world.extra,
    events: world.events,
    modelBuffers: world.modelBuffers,
    traceHash: trace.hash(),
    wallSeconds: world.wallSeconds,
  };
}

function finishActivity(activity: ActivityRecorder, hosts: readonly WorkerHost[], now: number): WorkerActivity {
  for (const host of hosts) host.recordRunning(now);
  return activity.finish(now);
}

export function checkTargets(scenario: Scenario, problem: Problem): void {
  if (scenario.stop.lossGap !== undefined && problem.optimalLoss === undefined) {
    throw new ScenarioError('scenario.stop.lossGap', scenario.stop.lossGap, `absent: problem "${problem.kind}" has no known f*`);
  }
}

/** A stall report: what the method waits for, and from whom (`role` 'worker' or 'node', each described). */
export function stallReport(methodId: string, report: WaitReport, role: string, describe: (id: number) => string, since: number): StallReport {
  const details = report.workers.map((w) => `${role} ${w} (${describe(w)})`);
  const from = details.length > 0 ? ` from ${details.join(', ')}` : '';
  return { since, workers: report.workers, waitingFor: `${methodId} waits for ${report.what}${from}` };
}

/** Resolves when the next event's job outputs are ready (undefined: it may run now). */
export function nextEventReady(clock: VirtualClock): Promise<void> | undefined {
  const owner = clock.nextEvent()?.owner;
  return owner instanceof WorkerHost ? owner.nextReady() : undefined;
}

/** The job the next event waits for, in words. */
export function describeAwaited(clock: VirtualClock, whereComputed?: (worker: number) => string): string {
  const owner = clock.nextEvent()?.owner;
  if (!(owner instanceof WorkerHost)) return 'the next event';
  const where = whereComputed?.(owner.id);
  return where === undefined ? owner.describeHeadJob() : `${owner.describeHeadJob()}, computing ${where}`;
}
