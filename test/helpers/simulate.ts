import type { MethodRegistry } from '../../actors/method-registry.ts';
import { prepareScenario } from '../../src/engine/run-scenario.ts';
import { simulateMethod } from '../../src/engine/simulate-method.ts';
import type { RunResult } from '../../src/engine/result.ts';
import type { TraceRecord } from '../../src/engine/trace.ts';
import type { Scenario, ScenarioInput } from '../../src/scenario/scenario-types.ts';

/** One traced run of a scenario's first method, with the order events were popped in. */
export interface TracedRun {
  readonly scenario: Scenario;
  readonly result: RunResult;
  readonly records: readonly TraceRecord[];
  readonly popped: readonly { time: number; seq: number }[];
}

export function simulateTraced(input: ScenarioInput, options: { dispatch?: 'compiled' | 'xstate'; methodIndex?: number; registry?: MethodRegistry } = {}): TracedRun {
  const scenario = prepareScenario(input, undefined, undefined, options.registry);
  const popped: { time: number; seq: number }[] = [];
  const { result, records } = simulateMethod(scenario, scenario.methods[options.methodIndex ?? 0], {
    trace: true,
    activity: true,
    dispatch: options.dispatch,
    registry: options.registry,
    // A broken method that stops updating but keeps computing must fail, not fill the memory.
    maxEvents: 1_000_000,
    onEvent: (time, seq) => popped.push({ time, seq }),
  });
  return { scenario, result, records, popped };
}
