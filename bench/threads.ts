import { availableParallelism } from 'node:os';
import { prepareScenario, run, runAsync } from '../src/engine/run-scenario.ts';
import { ShardPool } from '../src/engine/threads/shard-pool.ts';
import type { Scenario } from '../src/scenario/scenario-types.ts';
import { median } from './measure.ts';
import { ParallelCeiling } from './parallel-ceiling.ts';

const THREADS = 2;

/**
 * An expensive gradient: heterogeneous quadratics with d = 10^5 and Gaussian noise on every
 * coordinate (~3.5 ms per stochastic gradient here), 8 workers with τ uniform in [1, 2], ASGD.
 * The ‖∇f‖² check runs every 100 steps, as one would set it at this size (each check costs
 * two full passes over x in the server's thread).
 */
function expensiveScenario(gradients: number): Scenario {
  return prepareScenario({
    name: 'bench-expensive-gradient',
    seed: 3,
    problem: { kind: 'heterogeneous-quadratic', d: 100_000, noise: { kind: 'gaussian', sigma: 0.01 } },
    workers: { count: 8, tau: { law: 'uniform', min: 1, max: 2 } },
    methods: [{ method: 'asgd', stepSize: 0.1 }],
    stop: { gradients, checkEvery: 100 },
  });
}

/** A cheap gradient (d = 10): what is left is the engine's own cost per message. */
function cheapScenario(gradients: number): Scenario {
  return prepareScenario({
    name: 'bench-cheap-gradient',
    seed: 3,
    problem: { kind: 'worst-case-quadratic', d: 10, noise: { kind: 'add', sigma: 0.01 } },
    workers: { count: 8, tau: { law: 'sqrt' } },
    methods: [{ method: 'asgd', stepSize: 1e-3 }],
    stop: { gradients, checkEvery: gradients },
  });
}

interface Pair {
  readonly inline: number;
  readonly threads: number;
}

/**
 * Inline and threads runs of one scenario, alternated: this VM's speed drifts by tens of per
 * cent within a minute, and the ratio of neighbours cancels most of the drift. `between` runs
 * after each pair (the ceiling measurement).
 */
async function alternate(scenario: Scenario, pool: ShardPool, pairs: number, hashes: Set<string>, between?: () => Promise<void>): Promise<Pair[]> {
  const timed: Pair[] = [];
  await runAsync(scenario, { engine: 'threads', pool, maxEvents: 200 }); // threads warm
  for (let i = 0; i < pairs; i++) {
    let start = performance.now();
    hashes.add(run(scenario).runs[0].traceHash);
    const inline = (performance.now() - start) / 1000;
    start = performance.now();
    hashes.add((await runAsync(scenario, { engine: 'threads', pool })).runs[0].traceHash);
    timed.push({ inline, threads: (performance.now() - start) / 1000 });
    await between?.();
  }
  return timed;
}

const ratios = (pairs: readonly { readonly a: number; readonly b: number }[]) => pairs.map((p) => p.a / p.b);

/** A two-layer perceptron on MNIST (d = 101 770), minibatch 128: the real expensive gradient. */
function mlpScenario(gradients: number): Scenario {
  return prepareScenario({
    name: 'bench-mlp',
    seed: 3,
    problem: { kind: 'mlp', data: { kind: 'mnist' }, split: { kind: 'iid' }, batch: 128, evaluation: { samples: 500 } },
    workers: { count: 32, tau: { law: 'uniform', min: 1, max: 2 } },
    methods: [{ method: 'asgd', stepSize: 0.05 }],
    stop: { gradients, checkEvery: gradients },
  });
}

/** Inline against threads on one expensive scenario, with the bare-oracle ceiling measured alongside. */
async function compareExpensive(lines: (line: string) => void, pool: ShardPool, title: string, scenario: Scenario, gradients: number): Promise<void> {
  const ceiling = new ParallelCeiling(scenario.problem, scenario.workers.length);
  try {
    const hashes = new Set<string>();
    const bare: { a: number; b: number }[] = [];
    await ceiling.measure(20);
    const pairs = await alternate(scenario, pool, 3, hashes, async () => {
      const { one, two } = await ceiling.measure(gradients);
      bare.push({ a: one, b: two });
    });
    const speedUp = median(ratios(pairs.map((p) => ({ a: p.inline, b: p.threads }))));
    const bareSpeedUp = median(ratios(bare));
    lines(`${title}, ${scenario.workers.length} workers, ASGD, ${gradients} gradients (${pairs.length} alternating rounds, medians; ${availableParallelism()} cores)`);
    lines(`  inline engine                     ${median(pairs.map((p) => p.inline)).toFixed(2).padStart(6)} s`);
    lines(`  threads engine, ${THREADS} threads          ${median(pairs.map((p) => p.threads)).toFixed(2).padStart(6)} s`);
    lines(`  speed-up threads / inline         ${speedUp.toFixed(2)}×  (rounds: ${pairs.map((p) => (p.inline / p.threads).toFixed(2)).join(', ')})`);
    lines(`  the oracle alone, 2 bare threads  ${bareSpeedUp.toFixed(2)}×  (rounds: ${ratios(bare).map((r) => r.toFixed(2)).join(', ')}; same gradients, no engine)`);
    lines(`  engine efficiency                 ${((100 * speedUp) / bareSpeedUp).toFixed(0)}% of what the machine gave the bare oracle`);
    lines(`  same trace hash on every run      ${hashes.size === 1 ? 'yes' : 'NO'}`);
    lines('');
  } finally {
    await ceiling.close();
  }
}

/** Wall time of the inline engine against the threads engine (2 threads), and the cost of a message. */
export async function benchThreads(lines: (line: string) => void): Promise<void> {
  const pool = new ShardPool(THREADS);
  try {
    await compareExpensive(lines, pool, 'Expensive gradient: MLP 784–128–10 on MNIST, minibatch 128', mlpScenario(1500), 1500);
    await compareExpensive(lines, pool, 'Expensive gradient: d = 10^5 heterogeneous quadratic, Gaussian noise per coordinate', expensiveScenario(800), 800);

    const messages = 40_000;
    const cheapHashes = new Set<string>();
    const cheap = await alternate(cheapScenario(messages), pool, 3, cheapHashes);
    const perInline = (1e6 * median(cheap.map((p) => p.inline))) / messages;
    const perThreads = (1e6 * median(cheap.map((p) => p.threads))) / messages;
    lines(`Cheap gradient: d = 10, 8 workers, ASGD, ${messages} gradients (${cheap.length} alternating pairs, medians)`);
    lines(`  inline engine                     ${perInline.toFixed(1).padStart(6)} µs per gradient`);
    lines(`  threads engine, ${THREADS} threads          ${perThreads.toFixed(1).padStart(6)} µs per gradient`);
    lines(`  cost of crossing threads          ${(perThreads - perInline).toFixed(1).padStart(6)} µs per gradient (job out, result back; ratio ${(perThreads / perInline).toFixed(1)})`);
    lines(`  same trace hash on every run      ${cheapHashes.size === 1 ? 'yes' : 'NO'}`);
  } finally {
    await pool.close();
  }
}
