/**
 * The timeline drawn span by span (few workers): one row per worker over the run, idle being
 * the light background, fault windows shaded behind the rows they hit.
 */

/** The span states in the order of their codes in `activity.spans.state` (ACTIVITY_STATES in src/engine/activity.ts). */
const ACTIVITY_STATE_NAMES = /** @type {const} */ (['computing', 'sending', 'down']);

/** Timeline colors, in legend order: states first, then what is behind them. */
const TIMELINE_COLORS = {
  computing: '#52606d',
  sending: '#e0a526',
  down: '#b3412c',
  idle: '#eceff3',
  'fault window': '#f7d3a1',
};

/** Row pitch in pixels: room for a computing bar and, under it, the sending strip. */
const SPAN_ROW_PX = 18;

/**
 * @typedef {{ worker: number, state: string, from: number, to: number }} Span
 */

/**
 * @param {HTMLElement} body
 * @param {WorkerActivity} activity
 * @param {number} workers
 * @param {number} end the run's virtual time
 * @param {FaultWindow[]} windows
 * @returns {Record<string, number>} facts for the figure's data-* attributes
 */
function drawTimelineSpans(body, activity, workers, end, windows) {
  const { spans } = activity;
  /** @type {Span[]} */
  const solid = [];
  /** @type {Span[]} */
  const sending = [];
  for (let k = 0; k < spans.worker.length; k++) {
    const span = { worker: spans.worker[k], state: ACTIVITY_STATE_NAMES[spans.state[k]] ?? 'unknown', from: spans.from[k], to: Math.min(spans.to[k], end) };
    // Sending overlaps computing (a worker computes its next gradient while its message is on
    // the link): it gets its own strip at the bottom of the row rather than hiding the bar.
    (span.state === 'sending' ? sending : solid).push(span);
  }
  const rows = Array.from({ length: workers }, (_, w) => w);
  body.append(
    Plot.plot({
      width: chartWidth(body),
      height: workers * SPAN_ROW_PX + 46,
      marginLeft: 56,
      marginTop: 8,
      x: { domain: [0, end], label: 'virtual time (s)' },
      y: { domain: rows, ticks: workers <= 20 ? rows : integerTicks(workers - 1), label: 'worker', padding: 0.12, tickSize: 0 },
      color: { domain: Object.keys(TIMELINE_COLORS), range: Object.values(TIMELINE_COLORS), legend: true },
      marks: [
        Plot.barX(rows, { x1: 0, x2: end, y: (w) => w, fill: () => 'idle' }),
        Plot.barX(windows, { x1: 'from', x2: 'to', y: 'worker', fill: () => 'fault window', title: (w) => `${w.kind} [${formatSeconds(w.from)}, ${formatSeconds(w.to)}) s` }),
        Plot.barX(solid, { x1: 'from', x2: 'to', y: 'worker', fill: 'state', insetTop: 2, insetBottom: 5 }),
        Plot.barX(sending, { x1: 'from', x2: 'to', y: 'worker', fill: 'state', insetTop: SPAN_ROW_PX - 6, insetBottom: 0 }),
      ],
    }),
  );
  return { workers, rows: workers, spans: solid.length + sending.length, downSpans: solid.filter((s) => s.state === 'down').length, faultWindows: windows.length };
}
