import type { MethodSpec, Scenario } from '../scenario/scenario-types.ts';
import { runToStop, runToStopAsync } from './kernel-loop.ts';
import type { RunResult } from './result.ts';
import type { SimulateOptions } from './simulate-options.ts';
import type { TraceRecord } from './trace.ts';
import { buildWorld } from './build-world.ts';

export { ActorFailure } from './world-core.ts';
export { stallCheckInterval } from './kernel-loop.ts';
export type { SimulateOptions } from './simulate-options.ts';

/** A finished run and, when tracing was on, its records. */
export interface Simulation {
  readonly result: RunResult;
  readonly records: readonly TraceRecord[];
}

/**
 * Runs one method of a scenario to its end on the inline engine: all actors in this thread on
 * one virtual clock. Deterministic: the same scenario and seed give the same trace hash.
 */
export function simulateMethod(scenario: Scenario, methodSpec: MethodSpec, options: SimulateOptions = {}): Simulation {
  const wallStart = performance.now();
  const world = buildWorld(scenario, methodSpec, options);
  const stop = runToStop(world, scenario, options);
  const stall = stop.reason === 'stalled' ? world.describeStall() : null;
  const result = world.finish(stop, stall, (performance.now() - wallStart) / 1000);
  return { result, records: world.trace.records() };
}

/**
 * {@link simulateMethod}, giving the event loop a turn every few milliseconds: the same result,
 * and a Ctrl-C or a wall-clock limit (`options.signal`) ends the run at the next event.
 */
export async function simulateMethodAsync(scenario: Scenario, methodSpec: MethodSpec, options: SimulateOptions = {}): Promise<Simulation> {
  const wallStart = performance.now();
  const world = buildWorld(scenario, methodSpec, options);
  const stop = await runToStopAsync(world, scenario, options);
  const stall = stop.reason === 'stalled' ? world.describeStall() : null;
  const result = world.finish(stop, stall, (performance.now() - wallStart) / 1000);
  return { result, records: world.trace.records() };
}
