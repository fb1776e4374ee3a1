import { optional, readInteger, readObject, readOneOf } from '../input/fields.ts';
import type { SupervisionSpec } from './scenario-types.ts';

const ON_THREAD_FAILURE = ['fail', 'restart'] as const;

export const DEFAULT_SUPERVISION: SupervisionSpec = { onThreadFailure: 'fail', maxRestarts: 3 };

/**
 * What the threads engine does when a pool thread fails mid-run (an exception in a hosted actor
 * or a task, or the thread exiting): fail the run with the cause (default), or restart the shard
 * on a fresh thread, which replays its events and continues with the same result.
 */
export function parseSupervision(value: unknown, path: string): SupervisionSpec {
  if (value === undefined) return DEFAULT_SUPERVISION;
  const raw = readObject(value, path, ['onThreadFailure', 'maxRestarts']);
  return {
    onThreadFailure: optional(raw.onThreadFailure, `${path}.onThreadFailure`, (v, p) => readOneOf(v, p, ON_THREAD_FAILURE), DEFAULT_SUPERVISION.onThreadFailure),
    maxRestarts: optional(raw.maxRestarts, `${path}.maxRestarts`, (v, p) => readInteger(v, p, 0, 1000), DEFAULT_SUPERVISION.maxRestarts),
  };
}
