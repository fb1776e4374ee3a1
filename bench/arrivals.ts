import { run } from '../src/engine/run-scenario.ts';
import type { ScenarioInput } from '../src/scenario/scenario-types.ts';
import { bareAsgdLoop } from './bare-asgd-loop.ts';
import { formatRate, measure } from './measure.ts';

const WORKERS = 1000;
const DIMENSION = 10;
const STEP_SIZE = 1e-4;

function asgdScenario(arrivals: number): ScenarioInput {
  return {
    name: 'bench-asgd',
    problem: { kind: 'worst-case-quadratic', d: DIMENSION, noise: { kind: 'add', sigma: 0 } },
    workers: { count: WORKERS, tau: { law: 'sqrt' } },
    methods: [{ method: 'asgd', stepSize: STEP_SIZE }],
    // No target check per update: the bench measures the runtime, not the evaluations.
    stop: { iterations: arrivals, checkEvery: arrivals },
  };
}

/** Arrivals per wall second: the actor runtime (both dispatch modes) against a bare loop. */
export function benchArrivals(lines: (line: string) => void): void {
  const arrivals = 300_000;
  const runtime = (dispatch: 'compiled' | 'xstate', count: number) => () => {
    const result = run(asgdScenario(count), { dispatch });
    return result.runs[0].gradients.applied;
  };
  const compiled = measure(runtime('compiled', arrivals));
  const xstate = measure(runtime('xstate', arrivals / 5));
  const taus = Array.from({ length: WORKERS }, (_, i) => Math.sqrt(i + 1));
  const bare = measure(() => bareAsgdLoop(taus, DIMENSION, STEP_SIZE, arrivals * 4));
  lines(`ASGD gradient arrivals per wall second (n = ${WORKERS}, d = ${DIMENSION}, σ = 0; median of 3)`);
  lines(`  actor runtime, compiled dispatch      ${formatRate(compiled.rate).padStart(9)}`);
  lines(`  actor runtime, every event via XState ${formatRate(xstate.rate).padStart(9)}`);
  lines(`  bare event-heap loop, same math       ${formatRate(bare.rate).padStart(9)}`);
  lines(`  ratio runtime (compiled) / bare loop  ${(compiled.rate / bare.rate).toFixed(3)}  (bare loop ${(bare.rate / compiled.rate).toFixed(1)}× faster)`);
  lines(`  ratio compiled / XState interpreter   ${(compiled.rate / xstate.rate).toFixed(2)}`);
}
