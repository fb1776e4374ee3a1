/** One timeline per method: spans when they can be read one by one, the heatmap otherwise. */

/** Above this many workers, rows of spans are too thin to read: draw the heatmap. */
const SPANS_MAX_WORKERS = 40;

/**
 * @param {HTMLElement} container
 * @param {SavedResults} saved
 * @param {MethodColors} colors
 */
function drawTimelines(container, saved, colors) {
  const workers = saved.scenario.workers.length;
  saved.runs.forEach((run, index) => {
    const { figure, body, caption } = createChartFigure(container, `timeline-${index}`, run.label, colors.color(run.label));
    figure.classList.add('timeline');
    figure.dataset.method = run.label;
    const activity = run.activity;
    if (activity === undefined) {
      showUnavailable(body, 'No timeline recorded for this run (its activity was not recorded).');
      setChartData(figure, { mode: 'none', workers: 0, rows: 0 });
      return;
    }
    const end = run.virtualTime;
    const windows = faultWindows(saved.scenario.faults, end);
    if (workers <= SPANS_MAX_WORKERS && !activity.truncated) {
      setChartData(figure, { mode: 'spans', ...drawTimelineSpans(body, activity, workers, end, windows) });
      addCaption(caption, 'Light background: idle. The thin strip under a row: the worker’s message on its way to the server.');
      if (windows.length > 0) addCaption(caption, `Shaded: ${describeFaultWindows(windows).join('; ')}.`);
      return;
    }
    const facts = drawTimelineHeatmap(body, activity, workers, end, windows);
    setChartData(figure, { mode: 'heatmap', ...facts });
    const why = activity.truncated ? 'More spans happened than were kept, so this is the heatmap' : `${formatCount(workers)} workers are too many to draw span by span, so this is the heatmap`;
    addCaption(caption, `${why}: bins of ${formatSeconds(activity.binWidth)} s.`);
    if (facts.group > 1) addCaption(caption, `Each row is a group of ${facts.group} consecutive workers (their mean).`);
    if (windows.length > 0) addCaption(caption, `Outlined: fault windows (${describeFaultWindows(windows).join('; ')}).`);
  });
}
