import { RunFailure } from './run-failure.ts';
import { formatTime } from './format-time.ts';

/**
 * A job's computation failed: the problem's oracle (a user's module, or a numerical failure)
 * threw while computing worker `worker`'s job `jobId`. Both engines raise it at the job's
 * completion event, with the same message: the threads engine computes ahead but reports a
 * failure only when the run reaches that event (a job cancelled before then fails nobody).
 */
export class JobFailure extends RunFailure {
  override readonly name = 'JobFailure';

  constructor(
    readonly worker: number,
    readonly jobId: number,
    /** Virtual time of the job's completion. */
    readonly time: number,
    /** What the computation threw (its message). */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`worker ${worker}'s job ${jobId} (finishing at t=${formatTime(time)}) failed: ${reason}`, options);
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
