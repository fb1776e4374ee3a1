import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run } from '../src/engine/run-scenario.ts';
import type { MethodInput, ScenarioInput } from '../src/scenario/scenario-types.ts';
import { formatRate, median } from './measure.ts';
import { bareAsgd, bareMinibatch, bareRennala, type PeerSetting } from './peer-bare.ts';

/**
 * The peer experiment of the Rennala/Shadowheart authors' Python simulator: the worst-case
 * tridiagonal quadratic, n = 100 workers with τ_i = √i, noise off, virtual horizon T = 10⁴;
 * ASGD (γ = 2⁻⁶), Rennala (S = 10, γ = 1) and Minibatch (γ = 1) at d = 1000 and d = 10.
 * Gradients per wall second of the simulation (setup excluded), through the full runtime (as
 * `roundtable run` does it, minus process start), through a bare event-heap loop doing the same
 * math (the limit for this engine), and through a Python loop of the same semantics
 * (bench/peer_sim.py: heapq + numpy) when python3 with numpy is here.
 */

const WORKERS = 100;
const HORIZON = 1e4;
const REPEAT = 5;

/** The authors' simulator, as measured on this machine class (issue 14's table), gradients/s. */
const PEER_REFERENCE: Record<string, number> = {
  'asgd 1000': 101e3,
  'rennala 1000': 98e3,
  'minibatch 1000': 57e3,
  'asgd 10': 125e3,
  'rennala 10': 136e3,
  'minibatch 10': 140e3,
};

interface Config {
  readonly name: 'asgd' | 'rennala' | 'minibatch';
  readonly d: number;
  readonly method: MethodInput;
  bare(setting: PeerSetting): number;
}

const CONFIGS: readonly Config[] = [1000, 10].flatMap((d) => [
  { name: 'asgd' as const, d, method: { method: 'asgd', stepSize: 2 ** -6 }, bare: (s: PeerSetting) => bareAsgd(s, 2 ** -6) },
  { name: 'rennala' as const, d, method: { method: 'rennala', stepSize: 1, batchSize: 10 }, bare: (s: PeerSetting) => bareRennala(s, 1, 10) },
  { name: 'minibatch' as const, d, method: { method: 'minibatch', stepSize: 1 }, bare: (s: PeerSetting) => bareMinibatch(s, 1) },
]);

function scenario(config: Config): ScenarioInput {
  return {
    name: 'peer',
    problem: { kind: 'worst-case-quadratic', d: config.d, noise: { kind: 'add', sigma: 0 } },
    workers: { count: WORKERS, tau: { law: 'sqrt' } },
    methods: [config.method],
    stop: { time: HORIZON },
  };
}

/** Median rate over REPEAT runs after one warm-up; `body` returns [gradients, seconds]. */
function rateOf(body: () => [number, number]): { rate: number; gradients: number } {
  body();
  const samples: number[] = [];
  let gradients = 0;
  for (let i = 0; i < REPEAT; i++) {
    const [count, seconds] = body();
    gradients = count;
    samples.push(count / seconds);
  }
  return { rate: median(samples), gradients };
}

function pythonRates(): Map<string, number> | string {
  const script = fileURLToPath(new URL('./peer_sim.py', import.meta.url));
  const outcome = spawnSync('python3', [script, String(WORKERS), String(HORIZON)], { encoding: 'utf8' });
  if (outcome.status !== 0) return `python3 with numpy not available (${(outcome.stderr || outcome.error?.message || '').trim().split('\n').pop()})`;
  const rates = new Map<string, number>();
  for (const line of outcome.stdout.trim().split('\n')) {
    const [name, d, count, seconds] = line.split(/\s+/);
    rates.set(`${name} ${d}`, Number(count) / Number(seconds));
  }
  return rates;
}

export function benchPeer(lines: (line: string) => void): void {
  lines(`Peer experiment: worst-case quadratic, n = ${WORKERS}, τ_i = √i, noise off, T = ${HORIZON}; gradients per wall second (median of ${REPEAT})`);
  const python = pythonRates();
  if (typeof python === 'string') lines(`  (${python})`);
  const header = ['method', 'd', 'gradients', 'runtime', 'bare loop', 'rt/bare', 'python', 'rt/python', 'rt/peer'];
  const rows: string[][] = [];
  for (const config of CONFIGS) {
    const input = scenario(config);
    const runtime = rateOf(() => {
      const result = run(input).runs[0];
      return [result.gradients.computed, result.wallSeconds];
    });
    const setting: PeerSetting = { taus: Array.from({ length: WORKERS }, (_, i) => Math.sqrt(i + 1)), d: config.d, horizon: HORIZON };
    const bare = rateOf(() => {
      const start = performance.now();
      const count = config.bare(setting);
      return [count, (performance.now() - start) / 1000];
    });
    const key = `${config.name} ${config.d}`;
    const py = typeof python === 'string' ? undefined : python.get(key);
    rows.push([
      config.name,
      String(config.d),
      String(runtime.gradients),
      formatRate(runtime.rate),
      formatRate(bare.rate),
      (runtime.rate / bare.rate).toFixed(2),
      py === undefined ? '—' : formatRate(py),
      py === undefined ? '—' : `${(runtime.rate / py).toFixed(1)}×`,
      `${(runtime.rate / PEER_REFERENCE[key]).toFixed(1)}×`,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  lines(`  ${header.map((h, i) => h.padStart(widths[i])).join('  ')}`);
  for (const row of rows) lines(`  ${row.map((c, i) => c.padStart(widths[i])).join('  ')}`);
  lines('  rt/peer: against the authors\' simulator as measured in issue 14 (101k, 98k, 57k, 125k, 136k, 140k/s)');
}
