/**
 * The data behind a problem on labelled examples: a heatmap of examples per label per worker
 * (how heterogeneous the split is at a glance), and what the curves were evaluated on. The
 * section is hidden for problems without data (the quadratics).
 */

const DATA_ROW_HEIGHT = 6;

/**
 * @param {HTMLElement} container
 * @param {SavedResults} saved
 */
function drawData(container, saved) {
  const data = saved.runs.find((run) => run.data !== undefined)?.data;
  const section = container.closest('section');
  if (data === undefined) {
    if (section !== null) section.hidden = true;
    return;
  }
  const histograms = data.labelHistograms;
  const workers = histograms.length;
  const classes = histograms[0]?.length ?? 0;
  const { figure, body, caption } = createChartFigure(container, 'chart-labels', `${data.dataset}: examples of each label per worker`);
  /** @type {{ worker: number, label: number, count: number, share: number }[]} */
  const cells = [];
  histograms.forEach((counts, worker) => {
    const total = counts.reduce((sum, c) => sum + c, 0);
    counts.forEach((count, label) => cells.push({ worker, label, count, share: total === 0 ? 0 : count / total }));
  });
  body.append(
    Plot.plot({
      width: Math.min(chartWidth(body), 120 + 48 * classes),
      height: 60 + Math.max(120, Math.min(900, DATA_ROW_HEIGHT * workers)),
      marginLeft: 52,
      x: { label: 'label', type: 'band', domain: Array.from({ length: classes }, (_, c) => c) },
      y: { label: 'worker', type: 'band', domain: Array.from({ length: workers }, (_, w) => w), ticks: integerTicks(workers - 1).filter((t) => t < workers) },
      color: { type: 'linear', domain: [0, 1], scheme: 'blues', legend: true, label: "share of the worker's examples" },
      marks: [Plot.cell(cells, { x: 'label', y: 'worker', fill: 'share', inset: 0, title: (d) => `worker ${d.worker}, label ${d.label}: ${formatCount(d.count)} examples` })],
    }),
  );
  const split = data.split === 'shared' ? 'every worker samples all of them' : 'each worker samples its own part';
  const evaluation = data.evaluation.examples === data.evaluation.of ? 'all of them' : `a fixed sample of ${formatCount(data.evaluation.examples)}`;
  caption.textContent = `${formatCount(data.train)} training examples (${split}), ${formatCount(data.test)} held out; minibatch ${data.batch}. f and ‖∇f‖² are evaluated on ${evaluation}; test accuracy on the held-out examples.`;
  setChartData(figure, { workers, classes, cells: cells.length });
}
