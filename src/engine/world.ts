import type { Scenario } from '../scenario/scenario-types.ts';
import type { VirtualClock } from '../time/virtual-clock.ts';
import type { Monitor } from './monitor.ts';
import type { RunResult, StallReport, Stop } from './result.ts';
import type { Trace } from './trace.ts';

/** One method's simulated world, as the kernel runs it: its clock, its stop rules, its result. */
export interface World {
  readonly clock: VirtualClock;
  readonly monitor: Monitor;
  readonly trace: Trace;
  readonly stop: Scenario['stop'];
  throwIfFailed(): void;
  /** The server waits only for what cannot come before the budget ends. */
  waitsInVain(): boolean;
  /** Resolves when the next event may run (its job's outputs have arrived); undefined if it may now. */
  nextReady(): Promise<void> | undefined;
  describeStall(): StallReport;
  /** The job whose outputs the next event waits for, in words (a computation elsewhere that never came). */
  describeAwaited(): string;
  finish(stop: Stop, stall: StallReport | null, wallSeconds: number): RunResult;
}
