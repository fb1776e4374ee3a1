import { describe, expect, it } from 'vitest';
import { methodCatalog } from '../../actors/method-registry.ts';
import { parseScenario } from '../../src/scenario/parse-scenario.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';

/** The scenario of the foundation issue, verbatim. */
const ISSUE_EXAMPLE = {
  name: 'sqrt-speeds',
  seed: 7,
  problem: { kind: 'worst-case-quadratic', d: 100, noise: { kind: 'add', sigma: 0.01 } },
  workers: { count: 100, tau: { law: 'sqrt' } },
  methods: [
    { method: 'asgd', stepSize: 0.05 },
    { method: 'rennala', stepSize: 0.2, batchSize: 10 },
  ],
  stop: { gradNormSq: 1e-5, time: 5000, iterations: 100000 },
  record: { every: 10 },
};

const parse = (input: unknown) => parseScenario(input, methodCatalog);

/** The ScenarioError a bad input raises. */
function errorOf(input: unknown): ScenarioError {
  try {
    parse(input);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

const withChange = (change: (s: Record<string, unknown>) => void) => {
  const copy = structuredClone(ISSUE_EXAMPLE) as unknown as Record<string, unknown>;
  change(copy);
  return copy;
};

describe('parseScenario', () => {
  it('accepts the documented JSON form and spells every worker out', () => {
    const scenario = parse(ISSUE_EXAMPLE);
    expect(scenario.workers).toHaveLength(100);
    expect(scenario.workers[3].compute).toEqual({ tau: 2, noise: undefined, speed: undefined });
    expect(scenario.workers[0].uplink).toEqual({ latency: 0, perFloat: 0 });
    expect(scenario.methods.map((m) => m.label)).toEqual(['asgd', 'rennala']);
    expect(scenario.methods[1].params).toEqual({ stepSize: 0.2, batchSize: 10, staleWork: 'discard' });
    expect(scenario.stop).toMatchObject({ gradNormSq: 1e-5, time: 5000, iterations: 100000, checkEvery: 1 });
    expect(scenario.record).toEqual({ every: 10, trace: false });
  });

  it('accepts a list of workers, one object each', () => {
    const scenario = parse(withChange((s) => (s.workers = [{ tau: 1, latency: 0.1 }, { tau: 2.5 }])));
    expect(scenario.workers.map((w) => [w.compute.tau, w.uplink.latency])).toEqual([[1, 0.1], [2.5, 0]]);
  });

  it('applies the τ laws sqrt, linear, square and constant', () => {
    const taus = (tau: unknown) => parse(withChange((s) => (s.workers = { count: 3, tau }))).workers.map((w) => w.compute.tau);
    expect(taus({ law: 'sqrt' })).toEqual([1, Math.SQRT2, Math.sqrt(3)]);
    expect(taus({ law: 'linear', scale: 2 })).toEqual([2, 4, 6]);
    expect(taus({ law: 'square' })).toEqual([1, 4, 9]);
    expect(taus({ law: 'constant', value: 0.5 })).toEqual([0.5, 0.5, 0.5]);
  });

  it('fills theory defaults for batch sizes: max(⌈σ²/ε⌉, 1) for Rennala, max(⌈σ²/ε⌉, n) for Malenia', () => {
    const scenario = parse(withChange((s) => (s.methods = [{ method: 'rennala', stepSize: 0.1 }, { method: 'malenia', stepSize: 0.1 }])));
    // σ² = d·sigma² = 100·1e-4 = 1e-2; ε = 1e-5: σ²/ε = 1000.
    expect(scenario.methods[0].params.batchSize).toBe(1000);
    expect(scenario.methods[1].params.batchSize).toBe(1000);
  });

  it('makes repeated labels unique', () => {
    const scenario = parse(withChange((s) => (s.methods = [{ method: 'asgd', stepSize: 0.1 }, { method: 'asgd', stepSize: 0.2 }])));
    expect(scenario.methods.map((m) => m.label)).toEqual(['asgd', 'asgd#2']);
  });

  it('generates labels that skip the ones the file gives (issue 22: two rows were named asgd#2)', () => {
    const scenario = parse(
      withChange((s) => (s.methods = [{ method: 'asgd', stepSize: 0.1 }, { method: 'asgd', stepSize: 0.2 }, { method: 'asgd', label: 'asgd#2', stepSize: 0.3 }])),
    );
    expect(scenario.methods.map((m) => m.label)).toEqual(['asgd', 'asgd#3', 'asgd#2']);
  });

  it('rejects two methods given the same label, naming both entries', () => {
    const error = errorOf(withChange((s) => (s.methods = [{ method: 'asgd', label: 'fast', stepSize: 0.1 }, { method: 'rennala', label: 'fast', stepSize: 0.2, batchSize: 2 }])));
    expect(error.path).toBe('scenario.methods[1].label');
    expect(error.message).toContain('is also the label of scenario.methods[0]');
  });

  it('rejects a sparse list (a TypeScript scenario assigning methods[2] = ...), naming the hole', () => {
    const methods: unknown[] = [{ method: 'asgd', stepSize: 0.1 }];
    methods[2] = { method: 'asgd', stepSize: 0.2 };
    const error = errorOf(withChange((s) => (s.methods = methods)));
    expect(error.path).toBe('scenario.methods[1]');
    expect(error.message).toContain('a hole at index 1');
  });

  it('gives a budget too small to split (5e-324 s) no time grid instead of a zero spacing', () => {
    const scenario = parse(
      withChange((s) => {
        s.stop = { time: 5e-324 };
        delete s.record;
      }),
    );
    expect(scenario.record.every).toBeUndefined();
  });

  it.each([
    ['a missing field', (s: Record<string, unknown>) => delete s.problem, 'scenario.problem', 'nothing (the field is missing)'],
    ['a negative τ', (s: Record<string, unknown>) => (s.workers = [{ tau: 1 }, { tau: -1 }]), 'scenario.workers[1].tau', '-1'],
    ['an unknown method', (s: Record<string, unknown>) => (s.methods = [{ method: 'sgd-of-the-future', stepSize: 1 }]), 'scenario.methods[0].method', '"sgd-of-the-future"'],
    ['NaN', (s: Record<string, unknown>) => ((s.methods as { stepSize: number }[])[0].stepSize = Number.NaN), 'scenario.methods[0].stepSize', 'NaN'],
    ['an unknown key', (s: Record<string, unknown>) => ((s.stop as Record<string, unknown>).timeout = 5), 'scenario.stop.timeout', 'not a known field'],
    ['a negative time budget', (s: Record<string, unknown>) => ((s.stop as Record<string, unknown>).time = -5), 'scenario.stop.time', '-5'],
    ['no budget at all', (s: Record<string, unknown>) => (s.stop = { gradNormSq: 1e-3 }), 'scenario.stop', 'at least one budget'],
    ['a wrong type', (s: Record<string, unknown>) => ((s.problem as Record<string, unknown>).d = '100'), 'scenario.problem.d', '"100"'],
    ['a fractional worker count', (s: Record<string, unknown>) => (s.workers = { count: 2.5, tau: { law: 'sqrt' } }), 'scenario.workers.count', '2.5'],
    ['centers that do not match the workers', (s: Record<string, unknown>) => (s.problem = { kind: 'separable-quadratic', centers: [[1]], curvature: [1], noise: { kind: 'gaussian', sigma: 0 } }), 'scenario.problem.centers', 'one center per worker'],
  ])('rejects %s with a message naming the field and the value', (_what, change, path, shown) => {
    const error = errorOf(withChange(change));
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
    expect(error.message).toContain(shown);
  });

  it('rejects a batch size it cannot default, saying why', () => {
    const error = errorOf(withChange((s) => {
      s.methods = [{ method: 'rennala', stepSize: 0.1 }];
      s.stop = { time: 10 };
    }));
    expect(error.message).toContain('scenario.methods[0].batchSize');
    expect(error.message).toContain('stop.gradNormSq');
  });
});
