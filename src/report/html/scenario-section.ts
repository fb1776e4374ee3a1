import { formatCount } from '../format.ts';
import { resultsToJson, type SavedResults } from '../saved-results.ts';
import { escapeHtml } from './html-escape.ts';

/**
 * The scenario as the engine ran it (expanded: every default, every worker, every fault target)
 * and what identifies this run: trace hashes, event counts, wall time, the producing version.
 */
export function scenarioSection(saved: SavedResults): string {
  const json = resultsToJson(saved.scenario, 2);
  const lines = json.split('\n').length;
  const rows = saved.runs.map(
    (run) =>
      `<tr><th scope="row">${escapeHtml(run.label)}</th><td><code>${escapeHtml(run.traceHash)}</code></td><td class="num">${escapeHtml(formatCount(run.events))}</td><td class="num">${escapeHtml(run.wallSeconds.toFixed(3))}</td></tr>`,
  );
  return `<section id="scenario">
<h2>Scenario and metadata</h2>
<details class="scenario-json">
<summary>Expanded scenario (JSON, ${formatCount(lines)} lines)</summary>
<pre id="scenario-json">${escapeHtml(json)}</pre>
</details>
<div class="table-scroll"><table class="metadata">
<thead><tr><th scope="col">method</th><th scope="col">trace hash</th><th scope="col" class="num">events</th><th scope="col" class="num">wall seconds</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
<p class="created-by">Results format <code>${escapeHtml(saved.format)}</code>, created by ${escapeHtml(saved.createdBy)}. The same seed and scenario reproduce the trace hashes bit for bit, on either engine.</p>
</section>`;
}
