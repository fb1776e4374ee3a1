/**
 * The graph of a decentralized method: nodes where the topology suggests (a torus as its grid,
 * everything else on a circle), each edge coloured by how busy it was (the busier direction's
 * transmitting seconds / virtual time), each node by its compute utilization, the pivot ringed.
 * One chart per decentralized run; the section is hidden when there is none.
 */

/** Wrap-around edges of a torus are drawn as stubs this long (in grid cells) out of the grid. */
const WRAP_STUB = 0.45;

/**
 * @param {HTMLElement} container
 * @param {SavedResults} saved
 */
function drawGraphs(container, saved) {
  const runs = saved.runs.filter((run) => run.graph !== undefined);
  const section = container.closest('section');
  if (runs.length === 0) {
    if (section !== null) section.hidden = true;
    return;
  }
  const topology = saved.scenario.topology;
  runs.forEach((run, index) => drawGraph(container, run, topology, index));
}

/**
 * @param {HTMLElement} container
 * @param {RunResult} run
 * @param {SavedResults['scenario']['topology']} topology
 * @param {number} index
 */
function drawGraph(container, run, topology, index) {
  const graph = /** @type {NonNullable<RunResult['graph']>} */ (run.graph);
  const n = run.workers.length;
  const positions = nodePositions(n, graph.kind, topology?.grid);
  const time = Math.max(run.virtualTime, Number.MIN_VALUE);
  /** @type {{ x1: number, y1: number, x2: number, y2: number, use: number, title: string }[]} */
  const segments = [];
  for (const edge of graph.edges) {
    const use = Math.max(edge.busyAB, edge.busyBA) / time;
    const title = `edge ${edge.a}–${edge.b}: ${formatPercent(edge.busyAB / time)} busy ${edge.a}→${edge.b}, ${formatPercent(edge.busyBA / time)} ${edge.b}→${edge.a}`;
    const [a, b] = [positions[edge.a], positions[edge.b]];
    if (topology?.grid !== undefined && (Math.abs(a.x - b.x) > 1 || Math.abs(a.y - b.y) > 1)) {
      // A wrap-around edge: a stub out of each side instead of a line across the grid.
      const dx = Math.sign(a.x - b.x) * WRAP_STUB;
      const dy = Math.sign(a.y - b.y) * WRAP_STUB;
      segments.push({ x1: a.x, y1: a.y, x2: a.x + dx, y2: a.y + dy, use, title });
      segments.push({ x1: b.x, y1: b.y, x2: b.x - dx, y2: b.y - dy, use, title });
    } else {
      segments.push({ x1: a.x, y1: a.y, x2: b.x, y2: b.y, use, title });
    }
  }
  const nodes = run.workers.map((worker, id) => ({ ...positions[id], id, utilization: worker.utilization, pivot: id === graph.pivot }));
  const id = `chart-graph-${index}`;
  const { figure, body, caption } = createChartFigure(container, id, `${run.label}: edge and node utilization`);
  const side = Math.min(chartWidth(body), 640);
  body.append(
    Plot.plot({
      width: side,
      height: side,
      inset: 20,
      x: { axis: null },
      y: { axis: null, reverse: true },
      color: { type: 'linear', domain: [0, 1], scheme: 'ylorrd', legend: true, label: 'utilization' },
      marks: [
        Plot.link(segments, { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: 'use', strokeWidth: 3, title: 'title' }),
        Plot.dot(nodes, { x: 'x', y: 'y', r: n > 64 ? 5 : 8, fill: 'utilization', stroke: (d) => (d.pivot ? 'black' : 'white'), strokeWidth: (d) => (d.pivot ? 3 : 1), title: (d) => `node ${d.id}${d.pivot ? ' (pivot)' : ''}: ${formatPercent(d.utilization)} computing` }),
        ...(n <= 40 ? [Plot.text(nodes, { x: 'x', y: 'y', text: 'id', dy: -14, fontSize: 10 })] : []),
      ],
    }),
  );
  caption.textContent = `${graph.kind} of ${n} nodes, pivot ${graph.pivot} (ringed): it reaches every node within ${formatSeconds(graph.eccentricity)} s; the longest route takes ${formatSeconds(graph.diameterTime)} s (one model, d floats). Edges: the busier direction's share of the run spent transmitting; nodes: share spent computing.`;
  setChartData(figure, { nodes: nodes.length, edges: graph.edges.length, segments: segments.length, pivot: graph.pivot });
}

/**
 * @param {number} n
 * @param {string} kind
 * @param {{ rows: number, cols: number } | undefined} grid
 * @returns {{ x: number, y: number }[]}
 */
function nodePositions(n, kind, grid) {
  if (kind === 'torus' && grid !== undefined) return Array.from({ length: n }, (_, id) => ({ x: id % grid.cols, y: Math.floor(id / grid.cols) }));
  return Array.from({ length: n }, (_, id) => {
    const angle = (2 * Math.PI * id) / n - Math.PI / 2;
    return { x: Math.cos(angle), y: Math.sin(angle) };
  });
}

/** @param {number} value */
function formatPercent(value) {
  return `${Math.round(value * 100)}%`;
}
