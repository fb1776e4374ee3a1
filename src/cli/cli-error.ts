/** A usage error on the command line (unknown command, bad flag): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
