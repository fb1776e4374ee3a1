/**
 * The timeline as a heatmap (many workers, or more spans than were kept): worker × time bin,
 * colored by the fraction of the bin spent computing, on the same idle → computing colors as
 * the span view. Past MAX_HEATMAP_ROWS workers, rows are groups of consecutive workers (their
 * mean), so the chart stays readable at any n; past MAX_HEATMAP_RECTS cells, it is drawn as one
 * raster image instead of a rect per cell, so it stays quick to open.
 */

const MAX_HEATMAP_ROWS = 200;

/**
 * Up to this many cells, one rect each (each can be inspected in the DOM); beyond, one raster
 * image. Each SVG element costs its share of layout and paint: 200 rows × 200 bins × five
 * methods as rects takes seconds to open, as an image no time at all.
 */
const MAX_HEATMAP_RECTS = 20_000;

/**
 * @param {HTMLElement} body
 * @param {WorkerActivity} activity
 * @param {number} workers
 * @param {number} end the run's virtual time
 * @param {FaultWindow[]} windows outlined on top of the cells
 * @returns {{ workers: number, rows: number, group: number, bins: number, cells: number, faultWindows: number, heatmapMarks: 'rect' | 'raster' }} facts for the figure's data-* attributes
 */
function drawTimelineHeatmap(body, activity, workers, end, windows) {
  const group = Math.ceil(workers / MAX_HEATMAP_ROWS);
  const rows = Math.ceil(workers / group);
  const { utilization, binWidth } = activity;
  const bins = utilization.length === 0 ? 0 : utilization[0].length;
  /** Row-major: the mean fraction computing of row r (a group of workers) in bin b is at r × bins + b. */
  const grid = new Float64Array(rows * bins);
  for (let r = 0; r < rows; r++) {
    const first = r * group;
    const last = Math.min(workers, first + group);
    for (let b = 0; b < bins; b++) {
      let sum = 0;
      for (let w = first; w < last; w++) sum += utilization[w][b];
      grid[r * bins + b] = sum / (last - first);
    }
  }
  const asRaster = grid.length > MAX_HEATMAP_RECTS;
  const rowPx = rows <= 40 ? 10 : rows <= 100 ? 6 : 2.5;
  body.append(
    Plot.plot({
      width: chartWidth(body),
      height: Math.max(140, rows * rowPx) + 62,
      marginLeft: 56,
      // Room above the rows for the y label (a continuous axis puts it at the top).
      marginTop: 24,
      x: { domain: [0, end], label: 'virtual time (s)' },
      y: { domain: [0, workers], reverse: true, ticks: integerTicks(workers), tickFormat: 'd', label: group > 1 ? `worker (rows of ${group})` : 'worker' },
      color: { type: 'linear', domain: [0, 1], range: [TIMELINE_COLORS.idle, TIMELINE_COLORS.computing], clamp: true, legend: true, label: 'fraction of bin spent computing', tickFormat: '.0%' },
      marks: [
        asRaster ? heatmapRaster(grid, rows, bins, group, binWidth) : heatmapCells(grid, rows, bins, group, workers, binWidth, end),
        Plot.rect(windows, { x1: 'from', x2: 'to', y1: 'worker', y2: (w) => w.worker + 1, fill: 'none', stroke: TIMELINE_COLORS.down, strokeWidth: 1, title: (w) => `${w.kind} [${formatSeconds(w.from)}, ${formatSeconds(w.to)}) s` }),
      ],
    }),
  );
  return { workers, rows, group, bins, cells: grid.length, faultWindows: windows.length, heatmapMarks: asRaster ? 'raster' : 'rect' };
}

/**
 * One rect per cell, the last bin cut at the end of the run.
 * @param {Float64Array} grid
 * @param {number} rows
 * @param {number} bins
 * @param {number} group workers per row
 * @param {number} workers
 * @param {number} binWidth
 * @param {number} end
 */
function heatmapCells(grid, rows, bins, group, workers, binWidth, end) {
  const cells = [];
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < bins; b++) {
      cells.push({ y1: r * group, y2: Math.min(workers, (r + 1) * group), x1: b * binWidth, x2: Math.min((b + 1) * binWidth, end), value: grid[r * bins + b] });
    }
  }
  return Plot.rect(cells, { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: 'value', shapeRendering: 'crispEdges' });
}

/**
 * One image pixel per cell: Plot samples `fill` at each pixel's center, which falls in exactly
 * one bin and one row. The image may run past the last worker or the end of the run (a whole
 * last group, a whole last bin): the clip cuts it at the frame.
 * @param {Float64Array} grid
 * @param {number} rows
 * @param {number} bins
 * @param {number} group workers per row
 * @param {number} binWidth
 */
function heatmapRaster(grid, rows, bins, group, binWidth) {
  /** @type {import('@observablehq/plot').RasterSampler} */
  const fill = (x, y) => grid[Math.min(rows - 1, Math.floor(y / group)) * bins + Math.min(bins - 1, Math.floor(x / binWidth))];
  return Plot.raster({
    x1: 0,
    x2: bins * binWidth,
    y1: 0,
    y2: rows * group,
    width: bins,
    height: rows,
    fill,
    imageRendering: 'pixelated',
    clip: true,
  });
}
