import type { WaitReport } from '../../actors/method-definition.ts';

/** What the engine can tell about each worker's future, up to the end of the time budget. */
export interface WorkerReach {
  /** Worker `worker` will deliver something to the server before the budget ends (or may: when unsure, true). */
  canDeliver(worker: number): boolean;
  /** Worker `worker` is up (or comes back) and its links let a job reach it and its result return, before the budget ends. */
  reachable(worker: number): boolean;
  /** Some worker recovers or joins before the budget ends (it will say hello). */
  comebackBeforeBudget(): boolean;
}

/**
 * Whether the server waits in vain: no event that could change its state can happen before the
 * budget ends. For a synchronous round (`needs: 'all'`), one awaited worker that cannot deliver
 * is enough; otherwise none of the awaited workers can deliver, no worker the server could hand
 * work to on its own is reachable, and no worker recovers or joins (a hello gets a job). The
 * answer errs on the side of waiting: a run that is not stalled is never reported as one.
 */
export function waitsInVain(report: WaitReport, reach: WorkerReach): boolean {
  const assignable = report.orAssign ?? [];
  if (report.workers.length === 0 && assignable.length === 0) return false;
  if (report.needs === 'all') return report.workers.some((w) => !reach.canDeliver(w));
  if (report.workers.some((w) => reach.canDeliver(w))) return false;
  if (assignable.some((w) => reach.reachable(w))) return false;
  return !reach.comebackBeforeBudget();
}
