import type { ScenarioInput } from './scenario-types.ts';

/** The sizes a scenario module may come in: `quick` (the default) or the papers' `full` scale. */
export type ScenarioScale = 'quick' | 'full';

export const SCENARIO_SCALES: readonly ScenarioScale[] = ['quick', 'full'];

/** What a scenario module's function receives (`roundtable run FILE --scale full`). */
export interface ScenarioOptions {
  readonly scale: ScenarioScale;
}

/** A scenario, or a function of the options giving one (for modules with a quick and a full size). */
export type ScenarioDefinition = ScenarioInput | ((options: ScenarioOptions) => ScenarioInput);

/**
 * Declares a scenario in TypeScript, with types and completion (the `defineConfig` convention
 * of vitest and playwright). It returns its argument unchanged; the scenario is validated when
 * it is run, by the same rules as a JSON file.
 *
 * ```ts
 * export default defineScenario({
 *   name: 'sqrt-speeds',
 *   problem: { kind: 'worst-case-quadratic', d: 100, noise: { kind: 'add', sigma: 0.01 } },
 *   workers: { count: 100, tau: { law: 'sqrt' } },
 *   methods: [{ method: 'rennala', stepSize: 0.2, batchSize: 10 }],
 *   stop: { gradNormSq: 1e-5, time: 5000 },
 * });
 * ```
 *
 * A scenario that also comes at the papers' full scale passes a function instead:
 * `defineScenario(({ scale }) => ({ ..., workers: { count: scale === 'full' ? 100 : 20, ... } }))`,
 * run with `roundtable run FILE --scale full`.
 */
export function defineScenario<T extends ScenarioDefinition>(scenario: T): T {
  return scenario;
}

/** The scenario a definition gives at `scale`. */
export function scenarioAt(definition: unknown, scale: ScenarioScale): unknown {
  return typeof definition === 'function' ? (definition as (options: ScenarioOptions) => unknown)({ scale }) : definition;
}

/** Whether a loaded definition has more than one scale. */
export function isScalable(definition: unknown): boolean {
  return typeof definition === 'function';
}
