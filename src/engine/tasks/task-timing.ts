import type { Task } from '../../../actors/tasks.ts';
import { taskUnits } from '../../../actors/tasks.ts';
import type { ComputeModel } from '../../scenario/compute-model.ts';

/** When a task started at some time ends, and, for timed attempts, which of them succeeded. */
export interface TaskTiming {
  /** Virtual time the task completes (Infinity: never). */
  readonly finish: number;
  /** Per attempt, whether it finished within its budget (attempts tasks only). */
  readonly succeeded: readonly boolean[] | undefined;
}

/**
 * The timing of `task` started at `start`, fixed when it starts (the whole job is lookahead).
 * Attempts run back to back; one that would take longer than the budget is abandoned when the
 * budget runs out and the next starts then (MindFlayer, ALGORITHMS §5.6).
 */
export function taskTiming(task: Task, start: number, jobId: number, compute: ComputeModel): TaskTiming {
  if (task.kind !== 'attempts') return { finish: compute.finishTime(start, jobId, taskUnits(task)), succeeded: undefined };
  const succeeded: boolean[] = [];
  let t = start;
  for (let k = 0; k < task.attempts; k++) {
    const done = compute.finishTime(t, jobId, 1, k);
    const ok = done - t <= task.budget;
    succeeded.push(ok);
    t = ok ? done : t + task.budget;
  }
  return { finish: t, succeeded };
}
