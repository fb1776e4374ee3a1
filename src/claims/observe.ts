import { prepareScenario } from '../engine/run-scenario.ts';
import type { RunResult } from '../engine/result.ts';
import { simulateMethod } from '../engine/simulate-method.ts';
import type { TraceRecord } from '../engine/trace.ts';
import type { Scenario, ScenarioInput } from '../scenario/scenario-types.ts';

/** One method's run, with its trace. */
export interface Observation {
  readonly result: RunResult;
  readonly records: readonly TraceRecord[];
}

/** Every method of `input`, run with tracing on, by method label; plus the expanded scenario. */
export function observe(input: ScenarioInput, options: { readonly trace?: boolean } = {}): { scenario: Scenario; runs: Map<string, Observation> } {
  const scenario = prepareScenario(input);
  const runs = new Map<string, Observation>();
  for (const method of scenario.methods) {
    const { result, records } = simulateMethod(scenario, method, { trace: options.trace ?? true });
    runs.set(method.label, { result, records });
  }
  return { scenario, runs };
}

/** The observation of `label`, which the claim put in its scenario. */
export function runOf(runs: ReadonlyMap<string, Observation>, label: string): Observation {
  const run = runs.get(label);
  if (run === undefined) throw new Error(`no run labelled ${label}`);
  return run;
}
