import { defaultRegistry, type MethodRegistry } from '../../actors/method-registry.ts';
import { parseScenario } from '../scenario/parse-scenario.ts';
import { ScenarioError } from '../scenario/scenario-error.ts';
import type { Scenario, ScenarioInput } from '../scenario/scenario-types.ts';
import type { ScenarioResult } from './result.ts';
import { simulateMethod, type SimulateOptions } from './simulate-method.ts';

export interface RunOptions extends SimulateOptions {
  /** Directory files named in the scenario are relative to (the scenario file's). */
  readonly baseDir?: string;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Run only the methods with these ids or labels (default: all). */
  readonly methods?: readonly string[];
  /** Called after each method finishes (progress). */
  readonly onRun?: (label: string, index: number, total: number) => void;
}

/** Scenarios that went through {@link prepareScenario}: validated and expanded. */
const prepared = new WeakSet<Scenario>();

/**
 * Validates and expands a scenario from any source (TS module export or parsed JSON), against
 * the built-in methods or the given registry.
 */
export function prepareScenario(input: unknown, seed?: number, baseDir?: string, registry: MethodRegistry = defaultRegistry): Scenario {
  // The seed decides seeded choices made while parsing (uniform τ, fault targets): apply it first.
  const seeded = seed !== undefined && typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input, seed } : input;
  const parsed = parseScenario(seeded, registry.catalog, { baseDir });
  return withSeed(parsed, seed);
}

function withSeed(scenario: Scenario, seed: number | undefined): Scenario {
  const result = seed === undefined || seed === scenario.seed ? scenario : { ...scenario, seed };
  prepared.add(result);
  return result;
}

/**
 * Runs every method of a scenario (or the selected ones), each in its own world with the same
 * seed, so they face the same workers, data and noise.
 */
export function run(input: ScenarioInput | Scenario | unknown, options: RunOptions = {}): ScenarioResult {
  const scenario = isPrepared(input) ? withSeed(input, options.seed) : prepareScenario(input, options.seed, options.baseDir, options.registry);
  const selected = selectMethods(scenario, options.methods);
  const runs = selected.map((spec, index) => {
    const { result } = simulateMethod(scenario, spec, options);
    options.onRun?.(spec.label, index, selected.length);
    return result;
  });
  return { scenario, seed: scenario.seed, engine: 'inline', runs };
}

function selectMethods(scenario: Scenario, wanted: readonly string[] | undefined) {
  if (wanted === undefined || wanted.length === 0) return scenario.methods;
  const chosen = scenario.methods.filter((m) => wanted.includes(m.method) || wanted.includes(m.label));
  const unknown = wanted.filter((w) => !scenario.methods.some((m) => m.method === w || m.label === w));
  if (unknown.length > 0) {
    throw new ScenarioError('--method', unknown.join(','), `one of the scenario's methods (${scenario.methods.map((m) => m.label).join(', ')})`);
  }
  return chosen;
}

function isPrepared(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && prepared.has(value as Scenario);
}
