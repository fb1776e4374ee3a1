import { run } from '../../src/engine/run-scenario.ts';
import { RESULTS_FORMAT, type SavedResults } from '../../src/report/saved-results.ts';
import type { ScenarioInput } from '../../src/scenario/scenario-types.ts';

/**
 * Scenarios the report tests render, each run for real with the timeline recorded. Together
 * they reach every way a chart is drawn: spans with down spans and fault shading, the heatmap,
 * the grouped heatmap, theory rules on the time axis, and the notes that replace a chart.
 */

const quadratic = { kind: 'worst-case-quadratic', d: 10, noise: { kind: 'add', sigma: 0.01 } } as const;

/**
 * Six workers with link latency (sending spans), a crash that recovers, a pause, and a straggler
 * to the end of the run (`to` is Infinity, saved as "Infinity"): the span view.
 */
export const faultyScenario: ScenarioInput = {
  name: 'faulty-six',
  description: 'six workers, one crash and one pause, messages with latency',
  seed: 3,
  problem: quadratic,
  workers: { count: 6, tau: { law: 'sqrt' }, latency: 0.3 },
  methods: [
    { method: 'asgd', stepSize: 0.05 },
    { method: 'rennala', stepSize: 0.2, batchSize: 2 },
    { method: 'minibatch', stepSize: 0.2 },
  ],
  faults: [
    { kind: 'crash', at: 5, recoverAfter: 5, workers: [1] },
    { kind: 'pause', from: 3, to: 8, workers: [2] },
    { kind: 'straggle', factor: 2, from: 40, workers: [4] },
  ],
  stop: { gradNormSq: 1e-3, time: 60 },
};

/**
 * Sixty workers (the heatmap), no faults and a loose target, so the theory predicts times to
 * target; ASGD's small step keeps it going past them, so some fall inside the time axis.
 */
export const manyWorkersScenario: ScenarioInput = {
  name: 'sixty-workers',
  seed: 5,
  problem: quadratic,
  workers: { count: 60, tau: { law: 'sqrt' } },
  methods: [
    { method: 'asgd', stepSize: 0.002 },
    { method: 'rennala', stepSize: 0.2, batchSize: 2 },
    { method: 'minibatch', stepSize: 0.2 },
  ],
  stop: { gradNormSq: 1e-1, time: 200 },
};

/** A thousand workers (rows grouped in the heatmap); minibatch waits for all of them and applies nothing. */
export const crowdScenario: ScenarioInput = {
  name: 'thousand-workers',
  seed: 7,
  problem: quadratic,
  workers: { count: 1000, tau: { law: 'sqrt' } },
  methods: [
    { method: 'rennala', stepSize: 0.2, batchSize: 8 },
    { method: 'minibatch', stepSize: 0.2 },
  ],
  stop: { gradNormSq: 1e-3, time: 12 },
};

/** Runs a scenario with the timeline recorded and wraps it as `roundtable run --out` saves it. */
export function savedResults(input: ScenarioInput): SavedResults {
  const result = run(input, { activity: true });
  return { ...result, format: RESULTS_FORMAT, command: `roundtable run ${input.name}.json --seed ${result.seed}`, createdBy: 'roundtable test' };
}

/** The results as for a problem whose optimum f* is unknown: no run knows its f − f*. */
export function withoutOptimum(saved: SavedResults): SavedResults {
  return { ...saved, runs: saved.runs.map((r) => ({ ...r, final: { ...r.final, lossGap: null } })) };
}

/** Logistic regression on the `mnist` package's digits, Dirichlet-split among eight workers: the data section. */
export const mnistScenario: ScenarioInput = {
  name: 'mnist-eight',
  seed: 9,
  problem: { kind: 'logistic-regression', data: { kind: 'mnist' }, split: { kind: 'dirichlet', alpha: 0.3 }, batch: 16, evaluation: { samples: 400 } },
  workers: { count: 8, tau: { law: 'sqrt' } },
  methods: [
    { method: 'asgd', stepSize: 0.05 },
    { method: 'malenia', stepSize: 0.5, batchSize: 16 },
  ],
  stop: { time: 40 },
};

/** A 4×4 torus: one decentralized method and one centralized (which has no graph chart). */
export const torusScenario: ScenarioInput = {
  name: 'torus-sixteen',
  seed: 4,
  problem: { kind: 'worst-case-quadratic', d: 20, noise: { kind: 'add', sigma: 0.01 } },
  workers: { count: 16, tau: { law: 'sqrt' } },
  topology: { kind: 'torus', rows: 4, cols: 4, perFloat: 0.01 },
  methods: [
    { method: 'fragile', stepSize: 0.5, batchSize: 8 },
    { method: 'rennala', stepSize: 0.5, batchSize: 8 },
  ],
  stop: { time: 60 },
};
