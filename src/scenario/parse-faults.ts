import { RandomStream } from '../random/random-stream.ts';
import { EDGE_KINDS, FAULTS, TARGET_KEYS, type FaultSpec } from './fault-types.ts';
import { optional, readArray, readInRange, readInteger, readOneOf, type Raw } from '../input/fields.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import type { WorkerSpec } from './scenario-types.ts';

/**
 * Validates `scenario.faults` and resolves every target to explicit worker ids. A `fraction`
 * target is drawn from the stream `faults/<index>/target` of the scenario's seed, so it is the
 * same on every run and does not move when other faults are added.
 */
export function parseFaults(value: unknown, path: string, workers: readonly WorkerSpec[], seed: number): FaultSpec[] {
  if (value === undefined) return [];
  return readArray(value, path, 'a list of faults').map((entry, index) => parseFault(entry, `${path}[${index}]`, index, workers, seed));
}

function parseFault(value: unknown, path: string, index: number, workers: readonly WorkerSpec[], seed: number): FaultSpec {
  // The kind's own fields come from its declared shape (fault-types.ts); the target is common.
  const spec = FAULTS.parse(value, path) as Record<string, unknown> & { kind: FaultSpec['kind'] };
  const raw = value as Raw;
  const targets = resolveTarget(raw, path, workers, RandomStream.named(seed, `faults/${index}/target`));
  if (raw.edges === undefined) return { ...spec, workers: targets } as unknown as FaultSpec;
  const edges = readEdgeTargets(raw, spec.kind, path, workers.length);
  // An edge carries messages both ways and a fault on it hits both.
  if ('direction' in spec) optional(raw.direction, `${path}.direction`, (v, p) => readOneOf(v, p, ['both'] as const), 'both');
  return { ...spec, ...('direction' in spec ? { direction: 'both' } : {}), workers: targets, edges } as unknown as FaultSpec;
}

/**
 * The graph edges a link fault hits, as [a, b] pairs with a < b, in input order without
 * repeats. Whether each pair is an edge of the scenario's topology is checked with the topology.
 */
function readEdgeTargets(raw: Raw, kind: string, path: string, nodes: number): [number, number][] {
  if (!EDGE_KINDS.includes(kind)) throw new ScenarioError(`${path}.edges`, raw.edges, `absent: a ${kind} fault hits workers (edges are targets of ${EDGE_KINDS.join(', ')} faults)`);
  const list = readArray(raw.edges, `${path}.edges`, 'a non-empty list of [a, b] node pairs');
  if (list.length === 0) throw new ScenarioError(`${path}.edges`, raw.edges, 'a non-empty list of [a, b] node pairs');
  const seen = new Set<string>();
  const edges: [number, number][] = [];
  list.forEach((entry, i) => {
    const p = `${path}.edges[${i}]`;
    if (!Array.isArray(entry) || entry.length !== 2) throw new ScenarioError(p, entry, 'a pair [a, b] of node ids');
    const a = readInteger(entry[0], `${p}[0]`, 0, nodes - 1);
    const b = readInteger(entry[1], `${p}[1]`, 0, nodes - 1);
    if (a === b) throw new ScenarioError(p, entry, 'two different nodes');
    const pair: [number, number] = a < b ? [a, b] : [b, a];
    const key = pair.join('-');
    if (!seen.has(key)) edges.push(pair);
    seen.add(key);
  });
  return edges;
}

/** The worker ids a fault hits, ascending. Exactly one target form must be given. */
function resolveTarget(raw: Raw, path: string, workers: readonly WorkerSpec[], rng: RandomStream): number[] {
  const given = TARGET_KEYS.filter((k) => raw[k] !== undefined);
  if (given.length !== 1) {
    throw new ScenarioError(path, raw, 'a fault with exactly one target: workers (ids), fraction, slowest, fastest or edges', `${path} must name its target with exactly one of workers, fraction, slowest, fastest, edges; got ${given.length === 0 ? 'none' : given.join(' and ')}`);
  }
  const n = workers.length;
  switch (given[0]) {
    case 'edges':
      return [];
    case 'workers': {
      const ids = readArray(raw.workers, `${path}.workers`, 'a non-empty list of worker ids').map((v, i) => readInteger(v, `${path}.workers[${i}]`, 0, n - 1));
      if (ids.length === 0) throw new ScenarioError(`${path}.workers`, raw.workers, 'a non-empty list of worker ids');
      return [...new Set(ids)].sort((a, b) => a - b);
    }
    case 'fraction': {
      const fraction = readInRange(raw.fraction, `${path}.fraction`, 0, 1, true);
      const count = Math.max(1, Math.round(fraction * n));
      return Array.from(rng.permutation(n).subarray(0, count)).sort((a, b) => a - b);
    }
    default: {
      const key = given[0];
      const count = readInteger(raw[key], `${path}.${key}`, 1, n);
      const byTau = workers.map((w) => w.id).sort((a, b) => workers[a].compute.tau - workers[b].compute.tau || a - b);
      const chosen = key === 'fastest' ? byTau.slice(0, count) : byTau.slice(n - count);
      return chosen.sort((a, b) => a - b);
    }
  }
}
