/**
 * Draws the report: reads the data island, colors the summary's swatches, then fills each
 * chart section. A section that fails says so in its place and on the console; the others are
 * still drawn. `data-ready` on <body> says when it is all done: "1", or "error" if any failed.
 */

/** @type {[string, (container: HTMLElement, saved: SavedResults, colors: MethodColors) => void][]} */
const SECTION_DRAWERS = [
  ['convergence', drawConvergence],
  ['timeline', drawTimelines],
  ['staleness', drawStaleness],
  ['data', drawData],
  ['graph', drawGraphs],
  ['accounting', drawAccounting],
];

function drawReport() {
  let failures = 0;
  try {
    const saved = readSavedResults();
    const colors = methodColors(saved.runs.map((run) => run.label));
    paintSwatches(document, colors);
    wireCopyButtons(document);
    for (const [id, draw] of SECTION_DRAWERS) {
      const container = document.querySelector(`[data-section="${id}"]`);
      if (!(container instanceof HTMLElement)) continue;
      container.replaceChildren();
      try {
        draw(container, saved, colors);
      } catch (error) {
        failures++;
        console.error(`report: drawing the ${id} section failed`, error);
        showUnavailable(container, `This section could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } catch (error) {
    failures++;
    console.error('report: reading the results failed', error);
  }
  document.body.dataset.ready = failures === 0 ? '1' : 'error';
}

drawReport();
