import { prepareScenario, run, runAsync } from '../src/engine/run-scenario.ts';
import { ShardPool } from '../src/engine/threads/shard-pool.ts';
import type { ScenarioInput } from '../src/scenario/scenario-types.ts';
import { formatRate, median } from './measure.ts';

/**
 * The graph engine's costs, measured in one run:
 * - per gradient: Fragile on the 10×10 torus of scenarios/torus-fragile-amelie.ts (d = 1000)
 *   against Rennala with the same workers and the same number of gradients on the star network
 *   (a server, free links) — what routing sums hop by hop costs over a server's single hop;
 * - inline vs threads with 2 threads when gradients are expensive (d = 10^5 quadratic with
 *   Gaussian noise on every coordinate, ~3.5 ms per gradient) on a 4×4 torus.
 */
export async function benchGraph(line: (text: string) => void): Promise<void> {
  const gradients = 20_000;
  const torus = (method: ScenarioInput['methods'][number], topology: boolean, d: number, sigmaKind: 'worst' | 'heavy', nodes = 100, budget = gradients): ScenarioInput => ({
    name: 'bench-graph',
    seed: 1,
    problem:
      sigmaKind === 'worst'
        ? { kind: 'worst-case-quadratic', d, noise: { kind: 'add', sigma: 0.3 } }
        : { kind: 'heterogeneous-quadratic', d, noise: { kind: 'gaussian', sigma: 0.01 } },
    workers: Array.from({ length: nodes }, (_, i) => ({ tau: Math.sqrt(i + 1) })),
    ...(topology ? { topology: { kind: 'torus' as const, rows: Math.sqrt(nodes), cols: Math.sqrt(nodes), perFloat: 1 / d } } : {}),
    methods: [method],
    stop: { gradients: budget, checkEvery: budget },
  });
  const timeRun = (input: ScenarioInput) => {
    const scenario = prepareScenario(input);
    const start = performance.now();
    const result = run(scenario).runs[0];
    return { seconds: (performance.now() - start) / 1000, events: result.events, computed: result.gradients.computed };
  };
  const fragile = { method: 'fragile' as const, stepSize: 1, batchSize: 100 };
  const rennala = { method: 'rennala' as const, stepSize: 1, batchSize: 100 };
  timeRun(torus(fragile, true, 1000, 'worst')); // warm
  const graphTimes: number[] = [];
  const starTimes: number[] = [];
  let graphRun = timeRun(torus(fragile, true, 1000, 'worst'));
  let starRun = timeRun(torus(rennala, false, 1000, 'worst'));
  for (let i = 0; i < 3; i++) {
    graphRun = timeRun(torus(fragile, true, 1000, 'worst'));
    starRun = timeRun(torus(rennala, false, 1000, 'worst'));
    graphTimes.push(graphRun.seconds / graphRun.computed);
    starTimes.push(starRun.seconds / starRun.computed);
  }
  const perGraph = median(graphTimes);
  const perStar = median(starTimes);
  line(`fragile on a 10×10 torus, d = 1000: ${formatRate(1 / perGraph)} gradients, ${(graphRun.events / graphRun.computed).toFixed(1)} events per gradient`);
  line(`rennala on a server, same workers:  ${formatRate(1 / perStar)} gradients, ${(starRun.events / starRun.computed).toFixed(1)} events per gradient`);
  line(`graph / server cost per gradient: ${(perGraph / perStar).toFixed(2)}×`);

  const pool = new ShardPool(2);
  try {
    const expensive = prepareScenario(torus(fragile, true, 100_000, 'heavy', 16, 600));
    await runAsync(expensive, { engine: 'threads', pool, maxEvents: 200 });
    const ratios: number[] = [];
    const hashes = new Set<string>();
    for (let i = 0; i < 3; i++) {
      let start = performance.now();
      hashes.add(run(expensive).runs[0].traceHash);
      const inline = performance.now() - start;
      start = performance.now();
      hashes.add((await runAsync(expensive, { engine: 'threads', pool })).runs[0].traceHash);
      ratios.push(inline / (performance.now() - start));
    }
    line(`fragile on a 4×4 torus, d = 10^5, 600 gradients: threads (2) vs inline ${median(ratios).toFixed(2)}× (pairs: ${ratios.map((r) => r.toFixed(2)).join(', ')}); trace hashes ${hashes.size === 1 ? 'identical' : 'DIFFER'}`);
  } finally {
    await pool.close();
  }
}
