import type { RunResult } from '../../engine/result.ts';
import { formatCount, formatMean, formatPercent, formatScientific, formatSeconds } from '../format.ts';
import type { SavedResults } from '../saved-results.ts';
import { escapeHtml } from './html-escape.ts';

interface SummaryColumn {
  /** The header above several columns, if this column is one of them. */
  readonly group?: string;
  readonly header: string;
  /** Hover text explaining the column. */
  readonly title?: string;
  readonly numeric: boolean;
  readonly cell: (run: RunResult) => string;
}

const COLUMNS: readonly SummaryColumn[] = [
  { header: 'stop', numeric: false, title: 'why the run ended', cell: (r) => r.stopReason },
  { group: 'time to target (s)', header: 'measured', numeric: true, title: 'virtual seconds until the target was first met', cell: (r) => (r.timeToTarget === null ? '—' : formatSeconds(r.timeToTarget)) },
  { group: 'time to target (s)', header: 'theory', numeric: true, title: "the proven bound's prediction, constants dropped", cell: (r) => (r.theory?.seconds == null ? '—' : formatSeconds(r.theory.seconds)) },
  { group: 'time to target (s)', header: 'ratio', numeric: true, title: 'measured / theory: the hidden constant, for this run', cell: (r) => (r.theory?.ratio == null ? '—' : formatRatio(r.theory.ratio)) },
  { group: 'final', header: '‖∇f‖²', numeric: true, cell: (r) => formatScientific(r.final.gradNormSq) },
  { group: 'final', header: 'f − f*', numeric: true, cell: (r) => (r.final.lossGap === null ? '—' : formatScientific(r.final.lossGap)) },
  { group: 'final', header: 'test acc', numeric: true, title: 'accuracy on the held-out examples', cell: (r) => (r.final.testAccuracy == null || Number.isNaN(r.final.testAccuracy) ? '—' : formatPercent(r.final.testAccuracy)) },
  { header: 'iterations', numeric: true, title: 'model updates', cell: (r) => formatCount(r.iterations) },
  { group: 'gradients', header: 'computed', numeric: true, cell: (r) => formatCount(r.gradients.computed) },
  { group: 'gradients', header: 'applied', numeric: true, cell: (r) => formatCount(r.gradients.applied) },
  { group: 'gradients', header: 'discarded', numeric: true, cell: (r) => formatCount(r.gradients.discarded) },
  { group: 'gradients', header: 'lost', numeric: true, cell: (r) => formatCount(r.gradients.lost) },
  { header: 'utilization', numeric: true, title: 'mean fraction of time workers spent computing', cell: (r) => formatPercent(r.utilization) },
  { header: 'staleness', numeric: true, title: 'mean model updates between the model a gradient used and its application', cell: (r) => formatMean(r.staleness.mean) },
];

/**
 * One row per method, the numbers a researcher compares first, then notes on stalls,
 * divergence and missing theory. The method cell carries a swatch the client paints in the
 * method's chart color.
 */
export function summarySection(saved: SavedResults): string {
  // Test accuracy only for problems on labelled data, f − f* only where f* is known.
  const columns = COLUMNS.filter(
    (c) => (c.header !== 'test acc' || saved.runs.some((r) => r.final.testAccuracy !== undefined)) && (c.header !== 'f − f*' || saved.runs.some((r) => r.final.lossGap !== null)),
  );
  const rows = saved.runs.map(
    (run, index) =>
      `<tr data-method-index="${index}"><th scope="row"><span class="swatch" data-method-index="${index}"></span>${escapeHtml(run.label)}</th>${columns.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.cell(run))}</td>`).join('')}</tr>`,
  );
  const notes = summaryNotes(saved.runs);
  return `<section id="summary">
<h2>Summary</h2>
<div class="table-scroll"><table class="summary">
<thead>
${headerRows(columns)}
</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
${notes.length === 0 ? '' : `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`}
</section>`;
}

/** Two header rows: a group's name over its columns, a lone column's header spanning both rows. */
function headerRows(columns: readonly SummaryColumn[]): string {
  const top = ['<th scope="col" rowspan="2">method</th>'];
  const bottom: string[] = [];
  columns.forEach((column, i) => {
    const cell = (attributes: string) => `<th scope="col"${attributes}${column.numeric ? ' class="num"' : ''}${column.title === undefined ? '' : ` title="${escapeHtml(column.title)}"`}>${escapeHtml(column.header)}</th>`;
    if (column.group === undefined) {
      top.push(cell(' rowspan="2"'));
      return;
    }
    if (columns[i - 1]?.group !== column.group) {
      const span = columns.slice(i).findIndex((c) => c.group !== column.group);
      top.push(`<th scope="colgroup" colspan="${span === -1 ? columns.length - i : span}" class="group">${escapeHtml(column.group)}</th>`);
    }
    bottom.push(cell(''));
  });
  return `<tr>${top.join('')}</tr>\n<tr>${bottom.join('')}</tr>`;
}

/** Measured / predicted: two significant digits, exponent form when far from 1. */
function formatRatio(ratio: number): string {
  return ratio < 0.01 || ratio >= 1000 ? ratio.toExponential(1) : ratio.toPrecision(2);
}

function summaryNotes(runs: readonly RunResult[]): string[] {
  const notes: string[] = [];
  for (const run of runs) {
    if (run.stall !== null) notes.push(`${run.label}: stalled (detected at t = ${formatSeconds(run.virtualTime)} s, no update since t = ${formatSeconds(run.stall.since)} s): ${run.stall.waitingFor}`);
    else if (run.stopReason === 'diverged') notes.push(`${run.label}: diverged at t = ${formatSeconds(run.virtualTime)} s (non-finite iterate)`);
  }
  const byReason = new Map<string, string[]>();
  for (const run of runs) {
    const reason = run.theory?.note;
    if (reason != null) byReason.set(reason, [...(byReason.get(reason) ?? []), run.label]);
  }
  for (const [reason, labels] of byReason) notes.push(`theory not shown for ${labels.join(', ')}: ${reason}`);
  return notes;
}
