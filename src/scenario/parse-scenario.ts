import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { optional, readArray, readInteger, readObject, readOneOf, readString, type Raw } from '../input/fields.ts';
import type { MethodCatalog, MethodParseContext } from './method-catalog.ts';
import { componentsOf, dimensionOf, noiseVarianceOf, parseProblem } from './parse-problem.ts';
import { parseFaults } from './parse-faults.ts';
import { parseRecord, parseStop } from './parse-stop.ts';
import { parseSupervision } from './parse-supervision.ts';
import { parseWorkers } from './parse-workers.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import { parseTopology } from './parse-topology.ts';
import { edgeIndex, type Topology } from '../graph/topology.ts';
import type { FaultSpec } from './fault-types.ts';
import type { MethodSpec, Scenario } from './scenario-types.ts';

const TOP_LEVEL_KEYS = ['name', 'description', 'seed', 'problem', 'workers', 'methods', 'faults', 'stop', 'record', 'supervision', 'topology'];

export interface ParseOptions {
  /** Directory that files named in the scenario (speed traces) are relative to. Default: the working directory. */
  readonly baseDir?: string;
  /** Name of the root in error paths. Default `scenario`. */
  readonly root?: string;
}

/**
 * Validates a scenario from any source (a TypeScript module's default export or a parsed JSON
 * file) and expands it: every default filled in, every worker spelled out, every fault target
 * resolved, every trace file inlined. Throws a {@link ScenarioError} naming the first bad field.
 */
export function parseScenario(input: unknown, catalog: MethodCatalog, options: ParseOptions = {}): Scenario {
  const root = options.root ?? 'scenario';
  const raw = readObject(input, root, TOP_LEVEL_KEYS);
  const name = readString(raw.name, `${root}.name`);
  const description = optional(raw.description, `${root}.description`, readString, undefined);
  const seed = optional(raw.seed, `${root}.seed`, (v, p) => readInteger(v, p, 0), 1);
  if (raw.workers === undefined) throw new ScenarioError(`${root}.workers`, undefined, 'a worker population or a list of workers');
  const workers = parseWorkers(raw.workers, `${root}.workers`, seed, (file, path) => readTraceFile(file, path, options.baseDir));
  if (raw.problem === undefined) throw new ScenarioError(`${root}.problem`, undefined, 'a problem object');
  const problem = parseProblem(raw.problem, `${root}.problem`, workers.length, options.baseDir, seed);
  if (raw.stop === undefined) throw new ScenarioError(`${root}.stop`, undefined, 'an object with a budget');
  const stop = parseStop(raw.stop, `${root}.stop`);
  const record = parseRecord(raw.record, `${root}.record`, stop);
  const context: MethodParseContext = {
    workerCount: workers.length,
    dimension: dimensionOf(problem),
    noiseVariance: noiseVarianceOf(problem),
    target: stop.gradNormSq,
    components: componentsOf(problem),
    workers,
  };
  const topology = raw.topology === undefined ? undefined : parseTopology(raw.topology, `${root}.topology`, workers.length);
  const methods = parseMethods(raw.methods, `${root}.methods`, catalog, { ...context, topology });
  const faults = parseFaults(raw.faults, `${root}.faults`, workers, seed);
  checkEdgeFaults(faults, topology, `${root}.faults`);
  const supervision = parseSupervision(raw.supervision, `${root}.supervision`);
  return { name, description, seed, problem, workers, methods, faults, stop, record, supervision, topology };
}

function readTraceFile(file: string, path: string, baseDir: string | undefined): string {
  const absolute = resolve(baseDir ?? process.cwd(), file);
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, file, 'a readable CSV file', `${path}: cannot read ${absolute}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseMethods(value: unknown, path: string, catalog: MethodCatalog, context: MethodParseContext): MethodSpec[] {
  const list = readArray(value, path, 'a non-empty list of methods');
  if (list.length === 0) throw new ScenarioError(path, value, 'a non-empty list of methods');
  const entries = list.map((entry, i) => {
    const p = `${path}[${i}]`;
    const raw: Raw = readObject(entry, p, Object.keys(typeof entry === 'object' && entry !== null ? entry : {}));
    const method = readOneOf(raw.method, `${p}.method`, catalog.ids());
    const { method: _id, label: rawLabel, ...rest } = raw;
    return { p, method, label: optional(rawLabel, `${p}.label`, readString, undefined), rest };
  });
  const labels = uniqueLabels(entries, path);
  return entries.map((entry, i) => ({ method: entry.method, label: labels[i], params: catalog.parseParams(entry.method, entry.rest, entry.p, context) }));
}

/**
 * Labels name a method's row in tables and its results: they must be unique. Labels given in
 * the file are kept (two equal ones are an error naming both entries); a method without one is
 * labelled by its id, or `id#2`, `id#3`, ... skipping every label already taken.
 */
function uniqueLabels(entries: readonly { p: string; method: string; label: string | undefined }[], path: string): string[] {
  const given = new Map<string, number>();
  entries.forEach((entry, i) => {
    if (entry.label === undefined) return;
    const first = given.get(entry.label);
    if (first !== undefined) {
      throw new ScenarioError(`${entry.p}.label`, entry.label, 'a label no other method has',
        `${entry.p}.label "${entry.label}" is also the label of ${path}[${first}]; labels name the rows of the results and must be unique`);
    }
    given.set(entry.label, i);
  });
  const taken = new Set(given.keys());
  return entries.map((entry) => {
    if (entry.label !== undefined) return entry.label;
    let label = entry.method;
    for (let k = 2; taken.has(label); k++) label = `${entry.method}#${k}`;
    taken.add(label);
    return label;
  });
}

/** A fault on graph edges needs a topology, and each of its pairs must be one of its edges. */
function checkEdgeFaults(faults: readonly FaultSpec[], topology: Topology | undefined, path: string): void {
  faults.forEach((fault, i) => {
    if (!('edges' in fault) || fault.edges === undefined) return;
    if (topology === undefined) throw new ScenarioError(`${path}[${i}].edges`, fault.edges, 'absent: edge targets need scenario.topology');
    fault.edges.forEach(([a, b], j) => {
      if (edgeIndex(topology, a, b) < 0) throw new ScenarioError(`${path}[${i}].edges[${j}]`, [a, b], `an edge of the ${topology.kind} topology`);
    });
  });
}
