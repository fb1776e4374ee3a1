import { optional, readArray, readInteger, readNonNegative, readObject, readOneOf, type Raw } from '../input/fields.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import { createTopology, neighbours, TOPOLOGY_KINDS, type Edge, type Topology } from '../graph/topology.ts';

/**
 * The scenario DSL for a communication graph. `latency` and `perFloat` (default 0, finite, ≥ 0)
 * are the cost of every edge; for `edges` they are the defaults for edges that do not say.
 *
 * - ring: node i—(i+1) mod n. With 2 nodes the ring is the single edge 0—1; with 1 node it has no edges.
 * - torus: rows × cols must equal the node count; node id = r·cols + c; neighbours (r±1 mod rows, c)
 *   and (r, c±1 mod cols). Sizes 1 and 2 wrap onto themselves: the self-loops and duplicate
 *   edges that produces are dropped (2×2 is a 4-cycle, 1×n a ring, 1×1 a single node).
 * - complete: every pair.
 * - star: center (default 0) joined to every other node.
 * - edges: an explicit list, `[a, b]` or `{ a, b, latency?, perFloat? }`. It may be disconnected
 *   (routing reports unreachable nodes); call {@link requireConnected} when a caller needs it.
 *   The resulting `topology.edges` is sorted by (min, max) id, so edge indices need not follow
 *   the input order.
 */
export type TopologyInput =
  | { kind: 'ring'; latency?: number; perFloat?: number }
  | { kind: 'torus'; rows: number; cols: number; latency?: number; perFloat?: number }
  | { kind: 'complete'; latency?: number; perFloat?: number }
  | { kind: 'star'; center?: number; latency?: number; perFloat?: number }
  | { kind: 'edges'; edges: EdgeInput[]; latency?: number; perFloat?: number };

export type EdgeInput = [number, number] | { a: number; b: number; latency?: number; perFloat?: number };

const COST_KEYS = ['latency', 'perFloat'];
/** Fields each kind accepts besides `kind` and the costs. */
const KIND_KEYS: Record<Topology['kind'], readonly string[]> = {
  ring: [],
  torus: ['rows', 'cols'],
  complete: [],
  star: ['center'],
  edges: ['edges'],
};

interface Cost { latency: number; perFloat: number }

/**
 * Validates a topology for `nodes` nodes (an integer ≥ 1 chosen by the caller, not the user:
 * anything else is a RangeError). Bad input throws a ScenarioError naming the field under `path`.
 */
export function parseTopology(raw: unknown, path: string, nodes: number): Topology {
  if (!Number.isSafeInteger(nodes) || nodes < 1) throw new RangeError(`parseTopology: nodes must be an integer ≥ 1; got ${nodes}`);
  // First pass accepts every kind's fields so a bad kind is reported before a stray field.
  const kind = readOneOf(readObject(raw, path, ['kind', ...COST_KEYS, ...new Set(Object.values(KIND_KEYS).flat())]).kind, `${path}.kind`, TOPOLOGY_KINDS);
  const value = readObject(raw, path, ['kind', ...COST_KEYS, ...KIND_KEYS[kind]]);
  const cost = readCost(value, path, { latency: 0, perFloat: 0 });
  const edge = (a: number, b: number): Edge => ({ a, b, ...cost });
  switch (kind) {
    case 'ring': {
      // n = 2 would give 0—1 twice and n = 1 a self-loop; keep only the distinct pairs.
      const edges = nodes === 1 ? [] : nodes === 2 ? [edge(0, 1)] : Array.from({ length: nodes }, (_, i) => edge(i, (i + 1) % nodes));
      return createTopology(kind, nodes, edges);
    }
    case 'torus':
      return createTopology(kind, nodes, torusEdges(value, path, nodes, cost), { rows: value.rows as number, cols: value.cols as number });
    case 'complete': {
      const edges: Edge[] = [];
      for (let a = 0; a < nodes; a++) for (let b = a + 1; b < nodes; b++) edges.push(edge(a, b));
      return createTopology(kind, nodes, edges);
    }
    case 'star': {
      const center = optional(value.center, `${path}.center`, (v, p) => readInteger(v, p, 0, nodes - 1), 0);
      const edges: Edge[] = [];
      for (let i = 0; i < nodes; i++) if (i !== center) edges.push(edge(center, i));
      return createTopology(kind, nodes, edges);
    }
    case 'edges':
      return createTopology(kind, nodes, listedEdges(value.edges, `${path}.edges`, nodes, cost));
  }
}

function readCost(raw: Raw, path: string, fallback: Cost): Cost {
  return {
    latency: optional(raw.latency, `${path}.latency`, readNonNegative, fallback.latency),
    perFloat: optional(raw.perFloat, `${path}.perFloat`, readNonNegative, fallback.perFloat),
  };
}

function torusEdges(raw: Raw, path: string, nodes: number, cost: Cost): Edge[] {
  const rows = readInteger(raw.rows, `${path}.rows`, 1);
  const cols = readInteger(raw.cols, `${path}.cols`, 1);
  if (rows * cols !== nodes) {
    throw new ScenarioError(path, raw, `rows × cols = ${nodes} (the node count)`,
      `${path}.rows × ${path}.cols must equal the node count ${nodes}; got ${rows} × ${cols} = ${rows * cols}`);
  }
  // Only the +1 neighbours: each −1 neighbour is some other node's +1 neighbour.
  const seen = new Set<number>();
  const edges: Edge[] = [];
  const add = (u: number, v: number): void => {
    if (u === v) return; // a dimension of size 1 wraps onto itself
    const [a, b] = u < v ? [u, v] : [v, u];
    if (seen.has(a * nodes + b)) return; // a dimension of size 2 reaches the same neighbour both ways
    seen.add(a * nodes + b);
    edges.push({ a, b, ...cost });
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      add(r * cols + c, ((r + 1) % rows) * cols + c);
      add(r * cols + c, r * cols + ((c + 1) % cols));
    }
  }
  return edges;
}

const EDGE_SHAPE = 'an edge [a, b] or { a, b, latency?, perFloat? }';

function listedEdges(value: unknown, path: string, nodes: number, cost: Cost): Edge[] {
  const list = readArray(value, path, 'a list of edges');
  const firstSeen = new Map<number, number>();
  return list.map((entry, i) => {
    const p = `${path}[${i}]`;
    let a: number, b: number, own: Cost, bPath: string;
    if (Array.isArray(entry)) {
      if (entry.length !== 2) throw new ScenarioError(p, entry, EDGE_SHAPE);
      a = readInteger(entry[0], `${p}[0]`, 0, nodes - 1);
      b = readInteger(entry[1], `${p}[1]`, 0, nodes - 1);
      own = cost;
      bPath = `${p}[1]`;
    } else {
      if (typeof entry !== 'object' || entry === null) throw new ScenarioError(p, entry, EDGE_SHAPE);
      const e = readObject(entry, p, ['a', 'b', ...COST_KEYS]);
      a = readInteger(e.a, `${p}.a`, 0, nodes - 1);
      b = readInteger(e.b, `${p}.b`, 0, nodes - 1);
      own = readCost(e, p, cost);
      bPath = `${p}.b`;
    }
    if (a === b) throw new ScenarioError(bPath, b, `a node other than ${a} (self-loops are not allowed)`);
    const key = Math.min(a, b) * nodes + Math.max(a, b);
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) {
      throw new ScenarioError(p, entry, 'an edge not listed before',
        `${p} joins nodes ${a} and ${b}, which ${path}[${earlier}] already joins; each pair may appear once, in either orientation`);
    }
    firstSeen.set(key, i);
    return { a, b, ...own };
  });
}

/**
 * Throws a ScenarioError at `path` when some node cannot be reached from node 0 (the graph is
 * undirected, so that is the same as the graph being disconnected). Parsing allows disconnected
 * graphs; callers that cannot work with one decide to call this.
 */
export function requireConnected(topology: Topology, path: string): void {
  const seen = new Uint8Array(topology.nodes);
  const adjacency = neighbours(topology);
  const stack = [0];
  seen[0] = 1;
  while (stack.length > 0) {
    for (const { node } of adjacency[stack.pop()!]) {
      if (seen[node] === 0) {
        seen[node] = 1;
        stack.push(node);
      }
    }
  }
  const unreachable: number[] = [];
  seen.forEach((s, v) => { if (s === 0) unreachable.push(v); });
  if (unreachable.length === 0) return;
  const shown = unreachable.slice(0, 20).join(', ') + (unreachable.length > 20 ? `, … (${unreachable.length} in all)` : '');
  throw new ScenarioError(path, topology, 'a connected graph',
    `${path} must be a connected graph; node${unreachable.length === 1 ? '' : 's'} ${shown} cannot be reached from node 0`);
}
