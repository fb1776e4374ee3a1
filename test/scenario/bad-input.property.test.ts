import { dimensionOf } from '../../src/scenario/parse-problem.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/cli/json-output.ts';
import { prepareScenario, run } from '../../src/engine/run-scenario.ts';
import { formatResults } from '../../src/report/results-table.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';
import { scenarioArb } from '../helpers/arbitraries.ts';

const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40) * 3;

/**
 * Feeds `input` to the whole pipeline a user would: validate, run (capped), render. Returns
 * 'error' or 'result'; anything thrown other than a ScenarioError fails the property, and so
 * does a NaN anywhere in what would be printed.
 */
function pipeline(input: unknown): 'error' | 'result' {
  let scenario;
  try {
    scenario = prepareScenario(input);
  } catch (error) {
    if (error instanceof ScenarioError) {
      expect(error.message).toMatch(/^\S+/);
      expect(error.message).not.toContain('[object Object]');
      return 'error';
    }
    throw error;
  }
  // Huge worlds are valid but slow; the fuzz checks their validation only.
  const d = dimensionOf(scenario.problem);
  if (d > 10_000 || scenario.workers.length > 200) return 'result';
  let result;
  try {
    result = run(scenario, { maxEvents: 3000 });
  } catch (error) {
    if (error instanceof ScenarioError) return 'error';
    throw error;
  }
  // User strings (names, labels) may say anything; rendered values must never be NaN.
  const masked = { ...result, scenario: { ...result.scenario, name: 'scenario', description: undefined }, runs: result.runs.map((r) => ({ ...r, label: 'method' })) };
  expect(formatResults(masked)).not.toMatch(/NaN/);
  expect(() => JSON.parse(toJson(result))).not.toThrow();
  return 'result';
}

/** Replace the value at a random path of `value` with `replacement`, or delete it. */
function mutate(value: unknown, path: readonly number[], replacement: unknown, remove: boolean): unknown {
  if (typeof value !== 'object' || value === null || path.length === 0) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0] % keys.length];
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...value };
  if (path.length === 1 && remove && !Array.isArray(value)) delete copy[key];
  else copy[key] = mutate((value as Record<string, unknown>)[key], path.slice(1), replacement, remove);
  return copy;
}

const nasty = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, 0, 1e308, -0, null, '', 'NaN', true, [], {}, 2 ** 53),
  fc.anything(),
  fc.jsonValue(),
);

describe('bad input', () => {
  it('arbitrary JSON values end in a result or a clear error', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void pipeline(value)), { numRuns });
  });

  it('arbitrary values of any kind end in a result or a clear error', () => {
    fc.assert(fc.property(fc.anything(), (value) => void pipeline(value)), { numRuns });
  });

  it('mutations of valid scenarios end in a result or a clear error', () => {
    fc.assert(
      fc.property(
        scenarioArb({ maxFaults: 3, latency: true }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        nasty,
        fc.boolean(),
        (input, path, replacement, remove) => void pipeline(mutate(input, path, replacement, remove)),
      ),
      { numRuns: numRuns * 2 },
    );
  });
});
