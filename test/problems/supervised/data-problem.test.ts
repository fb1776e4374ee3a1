import { describe, expect, it } from 'vitest';
import { prepareScenario, run } from '../../../src/engine/run-scenario.ts';
import { createProblem } from '../../../src/problems/create-problem.ts';
import { RandomStream } from '../../../src/random/random-stream.ts';
import type { ProblemInput } from '../../../src/scenario/scenario-types.ts';

const mnist = { kind: 'mnist' as const };

function problemOf(spec: ProblemInput, workers = 4) {
  return createProblem(prepareScenario({ name: 'p', problem: spec, workers: { count: workers, tau: { law: 'sqrt' } }, methods: [{ method: 'asgd', stepSize: 0.1 }], stop: { time: 1 } }).problem, workers, RandomStream.named(1, 'problem'));
}

describe('problems on MNIST', () => {
  it('the MLP learns: plain SGD cuts the training loss by 3× in 150 steps of 16 digits', () => {
    const problem = problemOf({ kind: 'mlp', data: mnist, split: { kind: 'shared' }, batch: 16, evaluation: { samples: 1000 } });
    const x = problem.initialPoint();
    const g = new Float64Array(problem.dimension);
    const rng = RandomStream.named(2, 'sgd');
    const before = problem.loss(x);
    for (let k = 0; k < 150; k++) {
      problem.stochasticGradient(0, x, rng.child(k), g);
      for (let j = 0; j < x.length; j++) x[j] -= 0.1 * g[j];
    }
    const after = problem.loss(x);
    expect(before).toBeGreaterThan(2); // ≈ log 10 at PyTorch's initialization
    expect(after).toBeLessThan(before / 3);
    expect(problem.testAccuracy!(x)).toBeGreaterThan(0.8);
  });

  it('f and ∇f come from one pass or two alike, and ∇f matches central differences along random directions', () => {
    const problem = problemOf({ kind: 'logistic-regression', data: mnist, split: { kind: 'dirichlet', alpha: 0.5 }, evaluation: { samples: 400 } });
    const rng = RandomStream.named(3, 'point');
    const x = Float64Array.from({ length: problem.dimension }, () => 0.01 * rng.normal());
    const g = new Float64Array(problem.dimension);
    problem.gradient(x, g);
    const both = new Float64Array(problem.dimension);
    expect(problem.lossAndGradient!(x, both)).toBe(problem.loss(x));
    expect(Array.from(both)).toEqual(Array.from(g));
    for (let trial = 0; trial < 3; trial++) {
      const v = Float64Array.from({ length: problem.dimension }, () => rng.normal());
      const h = 1e-5;
      const up = problem.loss(x.map((xi, j) => xi + h * v[j]));
      const down = problem.loss(x.map((xi, j) => xi - h * v[j]));
      const directional = g.reduce((sum, gj, j) => sum + gj * v[j], 0);
      expect(Math.abs((up - down) / (2 * h) - directional)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(directional)));
    }
  });

  it('a stochastic gradient is a function of the job’s stream', () => {
    const problem = problemOf({ kind: 'binary-logistic-regression', data: mnist, classes: [1, 7], batch: 8 }, 2);
    const x = new Float64Array(problem.dimension).fill(0.01);
    const a = new Float64Array(problem.dimension);
    const b = new Float64Array(problem.dimension);
    problem.stochasticGradient(1, x, RandomStream.named(4, 'job'), a);
    problem.stochasticGradient(1, x, RandomStream.named(4, 'job'), b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('reports its data: sizes, split, per-worker label histograms, the evaluation set, and test accuracy', () => {
    const result = run({
      name: 'data',
      problem: { kind: 'logistic-regression', data: mnist, split: { kind: 'label-sorted', classesPerWorker: 2 }, batch: 8, evaluation: { samples: 500 } },
      workers: { count: 5, tau: { law: 'sqrt' } },
      methods: [{ method: 'asgd', stepSize: 0.05 }],
      stop: { iterations: 50 },
    });
    const [r] = result.runs;
    expect(r.data?.dataset).toBe('mnist');
    expect(r.data?.train).toBe(8000);
    expect(r.data?.test).toBe(2000);
    expect(r.data?.evaluation).toEqual({ examples: 500, of: 8000 });
    expect(r.data?.labelHistograms).toHaveLength(5);
    // Two shards of ~800 sorted digits each: a shard may straddle two labels.
    for (const histogram of r.data!.labelHistograms) expect(histogram.filter((c) => c > 0).length).toBeLessThanOrEqual(4);
    expect(r.data!.labelHistograms.flat().reduce((s, c) => s + c, 0)).toBe(8000);
    expect(r.final.testAccuracy).toBeGreaterThan(0.1);
  });

  it('shared data is homogeneous: one local function', () => {
    expect(problemOf({ kind: 'logistic-regression', data: mnist, split: { kind: 'shared' } }).localFunctions).toBe(1);
    expect(problemOf({ kind: 'logistic-regression', data: mnist, split: { kind: 'iid' } }).localFunctions).toBe(4);
  });
});
