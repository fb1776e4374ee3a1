import { run } from '../src/engine/run-scenario.ts';
import type { ScenarioInput } from '../src/scenario/scenario-types.ts';

/**
 * One run of bench/memory.ts, in a process of its own so that its peak resident set is its own.
 * Prints one JSON line: gradients computed, events, wall seconds and the peak RSS in MB.
 */
const CASES: Record<string, ScenarioInput> = {
  // 10⁷ gradient arrivals: ASGD, n = 100, d = 10, nothing recorded past the default curve.
  'ten-million-gradients': {
    name: 'memory-10M',
    problem: { kind: 'worst-case-quadratic', d: 10, noise: { kind: 'add', sigma: 0 } },
    workers: { count: 100, tau: { law: 'sqrt' } },
    methods: [{ method: 'asgd', stepSize: 2 ** -6 }],
    stop: { iterations: 1e7, events: 1e8 },
  },
  // n = 10⁵ workers: Rennala (S = 1000), d = 100, a horizon of 20 rounds of the slowest worker.
  'hundred-thousand-workers': {
    name: 'memory-1e5-workers',
    problem: { kind: 'worst-case-quadratic', d: 100, noise: { kind: 'add', sigma: 0 } },
    workers: { count: 1e5, tau: { law: 'sqrt' } },
    methods: [{ method: 'rennala', stepSize: 0.5, batchSize: 1000 }],
    stop: { time: 20 * Math.sqrt(1e5) },
  },
};

const name = process.argv[2];
const input = CASES[name];
if (input === undefined) throw new Error(`unknown case ${name}; expected one of ${Object.keys(CASES).join(', ')}`);
const result = run(input).runs[0];
console.log(
  JSON.stringify({
    gradients: result.gradients.computed,
    events: result.events,
    seconds: result.wallSeconds,
    stop: result.stopReason,
    peakMB: process.resourceUsage().maxRSS / 1024,
  }),
);
