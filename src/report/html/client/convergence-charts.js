/**
 * The four convergence charts: ‖∇f‖² and f − f* against virtual time and against gradients
 * computed, log y, one line per method, with the stop target and the theory's predicted times.
 */

/**
 * @typedef {object} ConvergenceChart
 * @property {string} id
 * @property {string} title
 * @property {'gradNormSq' | 'lossGap'} measure
 * @property {'t' | 'gradients'} axis
 */

/** @type {ConvergenceChart[]} */
const CONVERGENCE_CHARTS = [
  { id: 'chart-grad-time', title: '‖∇f‖² vs virtual time', measure: 'gradNormSq', axis: 't' },
  { id: 'chart-grad-gradients', title: '‖∇f‖² vs gradients computed', measure: 'gradNormSq', axis: 'gradients' },
  { id: 'chart-gap-time', title: 'f − f* vs virtual time', measure: 'lossGap', axis: 't' },
  { id: 'chart-gap-gradients', title: 'f − f* vs gradients computed', measure: 'lossGap', axis: 'gradients' },
];

const CONVERGENCE_HEIGHT = 300;

/** @typedef {{ label: string, x: number, y: number }} CurveSample */

/**
 * @param {HTMLElement} container
 * @param {SavedResults} saved
 * @param {MethodColors} colors
 */
function drawConvergence(container, saved, colors) {
  container.append(convergenceLegend(colors));
  for (const chart of CONVERGENCE_CHARTS) drawConvergenceChart(container, saved, colors, chart);
}

/** @param {MethodColors} colors */
function convergenceLegend(colors) {
  const legend = document.createElement('div');
  legend.className = 'legend';
  legend.id = 'method-legend';
  legend.append(Plot.legend({ color: colors.scale, legend: 'swatches', swatchSize: 12 }));
  const key = document.createElement('p');
  key.className = 'legend-key';
  key.textContent = 'Grey horizontal rule: the stop target. Dashed vertical rule in a method’s color: the theory’s predicted time to target for that method (constants dropped).';
  legend.append(key);
  return legend;
}

/**
 * @param {HTMLElement} container
 * @param {SavedResults} saved
 * @param {MethodColors} colors
 * @param {ConvergenceChart} chart
 */
function drawConvergenceChart(container, saved, colors, chart) {
  const { figure, body, caption } = createChartFigure(container, chart.id, chart.title);
  setChartData(figure, { measure: chart.measure, axis: chart.axis });
  const optimum = chart.measure === 'lossGap' ? problemOptimum(saved.runs) : 0;
  if (optimum === null) {
    showUnavailable(body, 'f − f* is unavailable: the optimum f* of this problem is not known.');
    setChartData(figure, { series: 0, unavailable: 1, theoryRules: 0, target: 0 });
    return;
  }
  /** @type {CurveSample[]} */
  const samples = [];
  const drawn = [];
  const empty = [];
  for (const run of saved.runs) {
    const series = curveSamples(run, chart, optimum);
    if (series.some((s) => Number.isFinite(s.y))) drawn.push(run.label);
    else empty.push(run.label);
    samples.push(...series);
  }
  if (drawn.length === 0) {
    showUnavailable(body, 'Nothing to draw: no method has a positive, finite value.');
    setChartData(figure, { series: 0, theoryRules: 0, target: 0 });
    return;
  }
  const xMax = Math.max(1e-9, ...samples.map((s) => s.x).filter(Number.isFinite));
  const target = chart.measure === 'gradNormSq' ? saved.scenario.stop.gradNormSq : saved.scenario.stop.lossGap;
  const targets = target !== undefined && target > 0 && Number.isFinite(target) ? [target] : [];
  const predictions = chart.axis === 't' ? theoryPredictions(saved.runs) : [];
  const inRange = predictions.filter((p) => p.seconds <= xMax);
  const offScale = predictions.filter((p) => p.seconds > xMax);
  const values = [...samples.map((s) => s.y).filter(Number.isFinite), ...targets];
  const yMin = Math.min(...values);
  const yMax = Math.max(...values);
  // A flat curve would give an empty log domain: widen it a little either side.
  const yDomain = yMax > yMin ? [yMin, yMax] : [yMin / 2, yMax * 2];
  // White outlines keep rule labels legible where they cross a curve or a grid line.
  const halo = { stroke: 'white', strokeWidth: 4, paintOrder: 'stroke', fontSize: 11 };

  body.append(
    Plot.plot({
      width: chartWidth(body),
      height: CONVERGENCE_HEIGHT,
      marginLeft: 64,
      marginRight: 24,
      x: { domain: [0, xMax], label: chart.axis === 't' ? 'virtual time (s)' : 'gradients computed', grid: true },
      y: { type: 'log', domain: yDomain, ticks: logTicks(yDomain[0], yDomain[1]), tickFormat: formatLogTick, label: chart.measure === 'gradNormSq' ? '‖∇f‖²' : 'f − f*', grid: true },
      color: colors.scale,
      marks: [
        Plot.ruleY(targets, { stroke: '#6b7280', strokeWidth: 1.25 }),
        Plot.ruleX(inRange, { x: 'seconds', stroke: 'label', strokeDasharray: '6,4', strokeWidth: 1.5 }),
        Plot.line(samples, { x: 'x', y: 'y', z: 'label', stroke: 'label', strokeWidth: 1.75, title: 'label' }),
        // The target's label at the left, where curves start high above it.
        Plot.text(targets, { y: (d) => d, text: (d) => `target ${formatScientific(d)}`, frameAnchor: 'left', textAnchor: 'start', lineAnchor: 'bottom', dx: 6, dy: -3, fill: '#4b5563', ...halo }),
        // Read upward along the rule, just left of it (lineAnchor bottom: the text sits on the rule's left side once turned).
        Plot.text(inRange, { x: 'seconds', text: (d) => `${d.label}: theory`, frameAnchor: 'top', rotate: -90, textAnchor: 'end', lineAnchor: 'bottom', dx: -3, dy: 4, fill: 'label', ...halo }),
      ],
    }),
  );
  setChartData(figure, { series: drawn.length, theoryRules: inRange.length, theoryOffScale: offScale.length, target: targets.length });
  if (empty.length > 0) addCaption(caption, `Nothing to draw for ${empty.join(', ')} (no positive, finite value).`);
  if (offScale.length > 0) {
    addCaption(caption, `Theory’s predicted time to target beyond the plotted range: ${offScale.map((p) => `${p.label} ${formatSeconds(p.seconds)} s`).join(', ')}.`);
  }
}

/**
 * A run's curve as chart samples; values a log scale cannot place become NaN, which Plot draws
 * as a gap in the line (rather than joining the points either side).
 * @param {RunResult} run
 * @param {ConvergenceChart} chart
 * @param {number} optimum f*, subtracted from the loss for f − f*
 * @returns {CurveSample[]}
 */
function curveSamples(run, chart, optimum) {
  return run.curve.map((point) => {
    // A NaN loss was saved as null, which arithmetic would silently turn into 0.
    const raw = chart.measure === 'gradNormSq' ? point.gradNormSq : point.loss;
    const value = Number.isFinite(raw) ? (chart.measure === 'gradNormSq' ? raw : raw - optimum) : NaN;
    return { label: run.label, x: point[chart.axis], y: value > 0 && Number.isFinite(value) ? value : NaN };
  });
}

/**
 * f*, from the first run whose final loss and gap are both known (f* = f(x) − (f(x) − f*)).
 * Every run solves the same problem, so one f* serves all, including a run that diverged and
 * whose own final loss is not finite. Null when the problem's f* is unknown.
 * @param {readonly RunResult[]} runs
 * @returns {number | null}
 */
function problemOptimum(runs) {
  for (const { final } of runs) {
    if (final.lossGap !== null && Number.isFinite(final.loss) && Number.isFinite(final.lossGap)) return final.loss - final.lossGap;
  }
  return null;
}

/**
 * @param {readonly RunResult[]} runs
 * @returns {{ label: string, seconds: number }[]}
 */
function theoryPredictions(runs) {
  const predictions = [];
  for (const run of runs) {
    const seconds = run.theory?.seconds;
    if (seconds != null && Number.isFinite(seconds) && seconds > 0) predictions.push({ label: run.label, seconds });
  }
  return predictions;
}
