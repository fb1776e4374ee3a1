/**
 * Staleness histograms, one small chart per method on a shared x axis so the spreads compare
 * at a glance; each has its own y axis, since methods apply very different numbers of gradients.
 */

const STALENESS_HEIGHT = 170;

/**
 * @param {HTMLElement} container
 * @param {SavedResults} saved
 * @param {MethodColors} colors
 */
function drawStaleness(container, saved, colors) {
  const grid = document.createElement('div');
  grid.className = 'small-multiples';
  grid.id = 'chart-staleness';
  container.append(grid);
  const applied = saved.runs.filter((run) => run.staleness.histogram.some(([, count]) => count > 0));
  const idle = saved.runs.filter((run) => !applied.includes(run));
  // At least 0..4, so a method whose gradients are all fresh still shows a bar, not a wall.
  const maxStaleness = Math.max(4, ...applied.flatMap((run) => run.staleness.histogram.map(([staleness]) => staleness)));
  // Separate bars while there is room; touching bars when staleness runs into the hundreds.
  const inset = maxStaleness <= 40 ? 1 : 0;
  saved.runs.forEach((run, index) => {
    if (!applied.includes(run)) return;
    const { mean, max } = run.staleness;
    const title = `${run.label} — mean ${mean === null ? '—' : mean.toFixed(2)}, max ${max ?? '—'}`;
    const { figure, body } = createChartFigure(grid, `staleness-${index}`, title, colors.color(run.label));
    figure.dataset.method = run.label;
    const bars = run.staleness.histogram.map(([staleness, count]) => ({ staleness, count }));
    body.append(
      Plot.plot({
        width: chartWidth(body),
        height: STALENESS_HEIGHT,
        marginLeft: 52,
        x: { domain: [-0.5, maxStaleness + 0.5], ticks: integerTicks(maxStaleness), tickFormat: 'd', label: 'staleness (model updates)' },
        y: { label: 'applied gradients', grid: true, nice: true },
        marks: [
          Plot.rectY(bars, { x1: (d) => d.staleness - 0.5, x2: (d) => d.staleness + 0.5, y: 'count', fill: colors.color(run.label), insetLeft: inset, insetRight: inset, title: (d) => `staleness ${d.staleness}: ${formatCount(d.count)} gradients` }),
          Plot.ruleY([0]),
          Plot.ruleX(mean === null ? [] : [mean], { stroke: '#1f2933', strokeDasharray: '3,3' }),
        ],
      }),
    );
    setChartData(figure, { bars: bars.length });
  });
  setChartData(grid, { series: applied.length });
  if (idle.length > 0) {
    const note = document.createElement('p');
    note.className = 'unavailable';
    note.textContent = `Applied no gradients, so no staleness: ${idle.map((run) => run.label).join(', ')}.`;
    container.append(note);
  }
  if (applied.length > 0) {
    const key = document.createElement('p');
    key.className = 'legend-key';
    key.textContent = 'Dashed rule: the mean staleness.';
    container.append(key);
  }
}
