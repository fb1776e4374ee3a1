import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareScenario } from '../engine/run-scenario.ts';
import { renderTable, type Column } from '../report/text-table.ts';
import { loadScenarioFile } from '../scenario/load-scenario.ts';
import { noiseVarianceOf, dimensionOf } from '../scenario/parse-problem.ts';
import { parseWorkers } from '../scenario/parse-workers.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import type { TauLawInput } from '../scenario/scenario-types.ts';
import { choosePivot } from '../graph/routing.ts';
import { rennalaTime } from '../theory/fixed-model.ts';
import { freyaPageSeconds } from '../theory/finite-sum.ts';
import { REFERENCE_BOUNDS, type BoundInputs, type MethodBound } from '../theory/method-bounds.ts';
import { METHODS } from '../../actors/method-registry.ts';
import { UsageError } from './cli-error.ts';
import { toJson } from './json-output.ts';

export const THEORY_USAGE = `usage: roundtable theory [FILE] [--workers N --tau LAW | --taus T1,T2,...] [--s S]... [options]

Prints the time complexities of ALGORITHMS.md §7.1 for a worker population, in units of LΔ/ε.
  FILE               take the workers (nominal τ, per-float link times), d and σ²/ε from a scenario
  --workers N        number of workers, with --tau LAW: sqrt, linear, square, constant:V, uniform:A:B
  --taus LIST        the compute times themselves, comma-separated
  --s S              σ²/ε (repeat for several columns; default from FILE, else 1 and 100)
  --comm C           seconds per float sent by each worker (adds the communication bounds)
  --d D              dimension (for communication bounds; default from FILE, else 1000)
  --components M     finite-sum size m (adds Freya PAGE, with --iterations K = LΔ/ε, default 1)
  --route T          seconds for a d-float vector along the graph's longest shortest path,
                     max τ_{i→j} (adds Amelie and Minibatch on a graph; default from FILE's topology)
  --json             print the numbers as JSON`;

interface Population {
  readonly description: string;
  readonly h: number[];
  readonly c: number[];
  readonly d: number;
  readonly s: number[];
  /** max τ_{i→j} on the scenario's graph, when there is one. */
  readonly longestRoute: number | undefined;
}

/** `roundtable theory`: returns the exit code. */
export async function theoryCommand(args: readonly string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseFlags(args);
  if (values.help === true) {
    out(THEORY_USAGE);
    return 0;
  }
  const population = await readPopulation(values, positionals);
  const rows = theoryRows(population, values.components === undefined ? undefined : readCount(values.components, '--components'), readNumberFlag(values.iterations, '--iterations', 1));
  if (values.json === true) {
    out(toJson({ workers: population.h.length, d: population.d, s: population.s, rows }));
    return 0;
  }
  const columns: Column[] = [
    { header: 'method', align: 'left' },
    { header: 'bound', align: 'left' },
    { header: '', align: 'left' },
    ...population.s.map((s): Column => ({ header: `s=${formatUnits(s)}`, align: 'right' })),
  ];
  out(`theory — ${population.description}; times in units of LΔ/ε (s = σ²/ε)`);
  out('');
  out(renderTable(columns, rows.map((r) => [r.name, r.formula, r.status, ...r.values.map(formatUnits)])));
  const mStar = population.s.map((s) => rennalaTime(population.h, s).workers);
  out('');
  out(`m* (workers worth using, homogeneous optimum): ${population.s.map((s, i) => `s=${formatUnits(s)}: ${mStar[i]}`).join(', ')}`);
  return 0;
}

interface TheoryRow {
  readonly name: string;
  readonly formula: string;
  readonly status: string;
  readonly values: number[];
}

function theoryRows(population: Population, components: number | undefined, iterations: number): TheoryRow[] {
  const communication = population.c.some((c) => c > 0);
  const row = (name: string, bound: MethodBound): TheoryRow => ({
    name,
    formula: bound.formula,
    status: bound.status,
    values: population.s.map((s) => bound.evaluate({ h: population.h, c: population.c, d: population.d, s, longestRoute: population.longestRoute } satisfies BoundInputs)),
  });
  const rows: TheoryRow[] = [];
  // Bounds about communication only when links cost something; graph bounds only on a graph.
  for (const { id, bound } of METHODS) {
    if (bound === undefined) continue;
    if (bound.communication === 'graph' ? population.longestRoute !== undefined : bound.communication !== 'modelled' || communication) rows.push(row(id, bound));
  }
  if (communication) for (const [name, bound] of Object.entries(REFERENCE_BOUNDS)) rows.push(row(name, bound));
  if (components !== undefined) {
    rows.push({
      name: 'freya-page',
      formula: `t(m) + (LΔ/ε)·t(√m), LΔ/ε = ${iterations}`,
      status: '[R]',
      values: population.s.map(() => freyaPageSeconds(population.h, components, iterations)),
    });
  }
  return rows;
}

async function readPopulation(values: Flags, positionals: string[]): Promise<Population> {
  const sFlags = (values.s ?? []).map((text) => readNumberFlag(text, '--s', 0));
  const comm = values.comm === undefined ? undefined : readNumberFlag(values.comm, '--comm', 0);
  const route = values.route === undefined ? undefined : readNumberFlag(values.route, '--route', 0);
  if (positionals.length > 1) throw new UsageError(`expected at most one scenario file\n${THEORY_USAGE}`);
  if (positionals.length === 1) {
    const file = positionals[0];
    const scenario = prepareScenario(await loadScenarioFile(file), undefined, dirname(resolve(file)));
    const variance = noiseVarianceOf(scenario.problem);
    const target = scenario.stop.gradNormSq;
    const s = sFlags.length > 0 ? sFlags : variance !== undefined && target !== undefined && target > 0 ? [variance / target] : [1, 100];
    const d = values.d === undefined ? dimensionOf(scenario.problem) : readCount(values.d, '--d');
    const topology = scenario.topology;
    const longestRoute = route ?? (topology === undefined ? undefined : choosePivot(topology, d).diameterTime);
    return {
      longestRoute,
      description: `${scenario.name}: ${scenario.workers.length} workers`,
      h: scenario.workers.map((w) => w.compute.tau),
      c: scenario.workers.map((w) => comm ?? w.uplink.perFloat),
      d,
      s,
    };
  }
  let h: number[];
  let description: string;
  if (values.taus !== undefined) {
    h = values.taus.split(',').map((t, i) => readNumberFlag(t, `--taus[${i}]`, Number.MIN_VALUE));
    description = `${h.length} workers, τ = [${h.join(', ')}]`;
  } else {
    if (values.workers === undefined || values.tau === undefined) throw new UsageError(`give a scenario FILE, --taus, or --workers with --tau\n${THEORY_USAGE}`);
    const count = readCount(values.workers, '--workers');
    h = parseWorkers({ count, tau: readTauLaw(values.tau) }, '--tau', 1, () => '').map((w) => w.compute.tau);
    description = `${count} workers, τ law ${values.tau}`;
  }
  return {
    longestRoute: route,
    description,
    h,
    c: h.map(() => comm ?? 0),
    d: values.d === undefined ? 1000 : readCount(values.d, '--d'),
    s: sFlags.length > 0 ? sFlags : [1, 100],
  };
}

/** `sqrt`, `linear`, `square`, `constant:V`, `uniform:A:B`. */
function readTauLaw(text: string): TauLawInput {
  const [law, ...args] = text.split(':');
  const numbers = args.map((a, i) => readNumberFlag(a, `--tau argument ${i + 1}`, Number.MIN_VALUE));
  if ((law === 'sqrt' || law === 'linear' || law === 'square') && numbers.length === 0) return { law };
  if (law === 'constant' && numbers.length === 1) return { law, value: numbers[0] };
  if (law === 'uniform' && numbers.length === 2) return { law, min: numbers[0], max: numbers[1] };
  throw new ScenarioError('--tau', text, 'one of sqrt, linear, square, constant:V, uniform:A:B');
}

function readNumberFlag(text: string | undefined, flag: string, min: number): number {
  if (text === undefined) return min;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min) throw new ScenarioError(flag, text, min > 0 ? 'a positive number' : 'a non-negative number');
  return value;
}

function readCount(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new ScenarioError(flag, text, 'a positive integer');
  return value;
}

function formatUnits(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 1e5 || value < 1e-3 ? value.toExponential(3) : Number(value.toPrecision(4)).toString();
}

type Flags = ReturnType<typeof parseFlags>['values'];

function parseFlags(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        workers: { type: 'string' },
        tau: { type: 'string' },
        taus: { type: 'string' },
        s: { type: 'string', multiple: true },
        comm: { type: 'string' },
        d: { type: 'string' },
        components: { type: 'string' },
        route: { type: 'string' },
        iterations: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${THEORY_USAGE}`);
  }
}
