import type { MethodRegistry } from '../../actors/method-registry.ts';
import type { StopRequest } from './stop-request.ts';

export interface SimulateOptions {
  /** Keep the trace records (default: the scenario's `record.trace`). */
  readonly trace?: boolean;
  /**
   * `compiled` (default): transitions that change no state run the machine's own guards and
   * actions directly (see ActorDispatcher); `xstate`: every event goes through XState's
   * interpreter. Both give the same trace; `xstate` exists to prove it.
   */
  readonly dispatch?: 'compiled' | 'xstate';
  /** The methods to resolve ids against (default: the built-in ones). */
  readonly registry?: MethodRegistry;
  /**
   * Check buffer ownership (a debugging aid, `--check-ownership`): released buffers are
   * poisoned with NaN, a double release or a read of a released model snapshot throws with the
   * owner's description. Default: on when the environment sets ROUNDTABLE_CHECK_OWNERSHIP=1
   * (the test suite does), off otherwise. Results are the same either way.
   */
  readonly checkOwnership?: boolean;
  /**
   * Stops the run at the next event when aborted (its reason a {@link StopRequest}: a
   * wall-clock limit, Ctrl-C), with the partial result. The synchronous `run` looks at it
   * between events but cannot see it change while it runs; the async drivers give the event
   * loop a turn every few milliseconds.
   */
  readonly signal?: AbortSignal;
  /**
   * Bound on the memory of model snapshots held at once (jobs and messages in flight each hold
   * their model): past it the run stops as `memory`. Default 2048 MB.
   */
  readonly maxSnapshotMegabytes?: number;
  /** Lowers the scenario's cap on processed events (fuzzing, previews). */
  readonly maxEvents?: number;
  /** Record what every worker did when (the report's timeline) into the result's `activity`. */
  readonly activity?: boolean;
  /** Called every few thousand events with the virtual time reached (progress display). */
  readonly onProgress?: (virtualTime: number, events: number) => void;
  /** Observer of every event the kernel pops, for ordering properties. */
  readonly onEvent?: (time: number, seq: number) => void;
}

/** Whether a run checks buffer ownership (see {@link SimulateOptions.checkOwnership}). */
export function checksOwnership(options: SimulateOptions): boolean {
  return options.checkOwnership ?? process.env.ROUNDTABLE_CHECK_OWNERSHIP === '1';
}

/** The memory bound on model snapshots, in MB and in buffers of `dimension` floats. */
export function snapshotBufferLimit(options: SimulateOptions, dimension: number): { megabytes: number; buffers: number } {
  const megabytes = options.maxSnapshotMegabytes ?? 2048;
  return { megabytes, buffers: Math.max(1, Math.floor((megabytes * 2 ** 20) / (8 * dimension))) };
}
