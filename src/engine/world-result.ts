import type { ActivityRecorder, WorkerActivity } from './activity.ts';
import type { RunResult, StallReport } from './result.ts';
import type { Stop } from './result.ts';
import type { WaitReport } from '../../actors/method-definition.ts';
import type { WorkerHost } from './worker-host.ts';
import { predictTime } from './theory-prediction.ts';
import type { WorldCore } from './world-core.ts';

/** The final iterate is echoed in results up to this dimension. */
const MAX_ECHOED_DIMENSION = 1000;

/** What a finished world adds to its core to build its result. */
export interface WorldEnd {
  /** Every worker's host (a graph's nodes' computing workers). */
  readonly hosts: readonly WorkerHost[];
  /** Gradients computed but neither applied, discarded nor lost: on links or held by actors. */
  readonly inTransit: number;
  readonly stop: Stop;
  readonly stall: StallReport | null;
  readonly wallSeconds: number;
  /** Fields only some worlds have (a graph run's topology and edge use). */
  readonly extra?: Partial<RunResult>;
}

/** The result of one method's run, the same shape for every kind of world. */
export function finishResult(core: WorldCore, end: WorldEnd): RunResult {
  const { scenario, methodSpec, problem, monitor, accounting, trace, activity, clock } = core;
  const { hosts } = end;
  const now = clock.now();
  monitor.finish(now);
  const x = core.iterate.x;
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
    stopReason: end.stop.reason,
    stall: end.stall,
    limit: end.stop.limit,
    virtualTime: now,
    iterations: core.iterate.iteration,
    timeToTarget: monitor.timeToTarget,
    theory: predictTime(scenario, core.method.bound, problem, monitor.timeToTarget),
    gradients: accounting.snapshot(end.inTransit),
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
    ...end.extra,
    events: clock.eventsRun,
    modelBuffers: core.models.allocated,
    traceHash: trace.hash(),
    wallSeconds: end.wallSeconds,
  };
}

function finishActivity(activity: ActivityRecorder, hosts: readonly WorkerHost[], now: number): WorkerActivity {
  for (const host of hosts) host.recordRunning(now);
  return activity.finish(now);
}

/** A stall report: what the method waits for, and from whom (`role` 'worker' or 'node', each described). */
export function stallReport(methodId: string, report: WaitReport, role: string, describe: (id: number) => string, since: number): StallReport {
  const details = report.workers.map((w) => `${role} ${w} (${describe(w)})`);
  const from = details.length > 0 ? ` from ${details.join(', ')}` : '';
  return { since, workers: report.workers, waitingFor: `${methodId} waits for ${report.what}${from}` };
}
