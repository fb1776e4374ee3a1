import type { ScenarioInput } from './scenario-types.ts';

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
 */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
