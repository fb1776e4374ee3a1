/**
 * A run that cannot go on: an actor threw (a bug or bad input), a job's computation failed, a
 * pool thread died. Never a simulated fault (those are events). The message says what, where
 * (worker, job, shard) and when (virtual time); the CLI prints it without a stack.
 */
export class RunFailure extends Error {
  override readonly name: string = 'RunFailure';
}
