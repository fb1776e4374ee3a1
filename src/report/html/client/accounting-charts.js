/**
 * Work accounting: where each method's computed gradients went (stacked bars), and each
 * worker's utilization (one panel per method, a thin bar per worker, readable up to n ≈ 1000).
 */

/** @type {{ key: 'applied' | 'discarded' | 'lost' | 'inFlight', name: string, color: string }[]} */
const GRADIENT_FATES = [
  { key: 'applied', name: 'applied', color: '#4a8a5c' },
  { key: 'discarded', name: 'discarded', color: '#e0a526' },
  { key: 'lost', name: 'lost', color: '#b3412c' },
  { key: 'inFlight', name: 'in flight', color: '#a7b0ba' },
];

/**
 * @param {HTMLElement} container
 * @param {SavedResults} saved
 * @param {MethodColors} colors
 */
function drawAccounting(container, saved, colors) {
  drawGradientFates(container, saved);
  drawWorkerUtilization(container, saved, colors);
}

/**
 * @param {HTMLElement} container
 * @param {SavedResults} saved
 */
function drawGradientFates(container, saved) {
  const { figure, body, caption } = createChartFigure(container, 'chart-accounting', 'Gradients computed, by fate');
  const labels = saved.runs.map((run) => run.label);
  const segments = saved.runs.flatMap((run) => GRADIENT_FATES.map((fate) => ({ label: run.label, fate: fate.name, count: run.gradients[fate.key] })));
  const totals = saved.runs.map((run) => ({ label: run.label, computed: run.gradients.computed }));
  body.append(
    Plot.plot({
      width: chartWidth(body),
      height: labels.length * 36 + 40,
      marginLeft: labelMargin(labels),
      marginRight: 72,
      x: { label: 'gradients computed', grid: true },
      y: { domain: labels, label: null, padding: 0.25 },
      color: { domain: GRADIENT_FATES.map((f) => f.name), range: GRADIENT_FATES.map((f) => f.color), legend: true },
      marks: [
        Plot.barX(segments, { x: 'count', y: 'label', fill: 'fate', title: (d) => `${d.label}, ${d.fate}: ${formatCount(d.count)}` }),
        Plot.text(totals, { x: 'computed', y: 'label', text: (d) => formatCount(d.computed), textAnchor: 'start', dx: 5, fill: '#374151' }),
        Plot.ruleX([0]),
      ],
    }),
  );
  setChartData(figure, { series: labels.length, segments: segments.filter((s) => s.count > 0).length });
  const cancelled = saved.runs.filter((run) => run.gradients.cancelled > 0 || run.gradients.duplicates > 0);
  if (cancelled.length > 0) {
    addCaption(caption, `Not gradients, so not shown: jobs cancelled before they finished and duplicate deliveries (${cancelled.map((run) => `${run.label}: ${formatCount(run.gradients.cancelled)} cancelled, ${formatCount(run.gradients.duplicates)} duplicates`).join('; ')}).`);
  }
}

/**
 * @param {HTMLElement} container
 * @param {SavedResults} saved
 * @param {MethodColors} colors
 */
function drawWorkerUtilization(container, saved, colors) {
  const { figure, body, caption } = createChartFigure(container, 'chart-utilization', 'Utilization per worker');
  const workers = saved.scenario.workers.length;
  const runs = saved.runs.filter((run) => run.workers.length > 0);
  const labels = runs.map((run) => run.label);
  const bars = runs.flatMap((run) => run.workers.map((w) => ({ label: run.label, id: w.id, utilization: w.utilization })));
  const means = runs.map((run) => ({ label: run.label, utilization: run.utilization }));
  const inset = workers <= 120 ? 1 : 0;
  body.append(
    Plot.plot({
      width: chartWidth(body),
      height: labels.length * 90 + 44,
      marginLeft: 52,
      marginRight: labelMargin(labels),
      x: { domain: [-0.5, workers - 0.5], ticks: integerTicks(workers - 1), tickFormat: 'd', label: 'worker' },
      y: { domain: [0, 1], ticks: [0, 0.5, 1], tickFormat: '.0%', label: 'utilization', grid: true },
      fy: { domain: labels, label: null, padding: 0.2 },
      color: colors.scale,
      marks: [
        Plot.rectY(bars, { x1: (d) => d.id - 0.5, x2: (d) => d.id + 0.5, y: 'utilization', fy: 'label', fill: 'label', insetLeft: inset, insetRight: inset, title: (d) => `worker ${d.id}: ${Math.round(d.utilization * 100)}%` }),
        Plot.ruleY(means, { y: 'utilization', fy: 'label', stroke: '#1f2933', strokeDasharray: '3,3' }),
        Plot.ruleY([0]),
      ],
    }),
  );
  addCaption(caption, 'Dashed rule: the method’s mean utilization.');
  setChartData(figure, { series: labels.length, workers });
}

/**
 * Room for the longest method label on a band axis (about 7 px a character at Plot's 10 px font).
 * @param {string[]} labels
 */
function labelMargin(labels) {
  return Math.max(60, 14 + 7 * Math.max(0, ...labels.map((label) => label.length)));
}
