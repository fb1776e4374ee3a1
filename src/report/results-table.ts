import type { RunResult, ScenarioResult } from '../engine/result.ts';
import { dimensionOf } from '../scenario/parse-problem.ts';
import { formatCount, formatMean, formatPercent, formatScientific, formatSeconds } from './format.ts';
import { renderTable, type Column } from './text-table.ts';

const COLUMNS: readonly Column[] = [
  { header: 'method', align: 'left' },
  { header: 'stop', align: 'left' },
  { header: 'time to ε', align: 'right' },
  { header: 'theory', align: 'right' },
  { header: 'ratio', align: 'right' },
  { header: 'final ‖∇f‖²', align: 'right' },
  { header: 'test acc', align: 'right' },
  { header: 'iterations', align: 'right' },
  { header: 'computed', align: 'right' },
  { header: 'applied', align: 'right' },
  { header: 'discarded', align: 'right' },
  { header: 'lost', align: 'right' },
  { header: 'util', align: 'right' },
  { header: 'staleness', align: 'right' },
];

/** The human-readable summary of a scenario run: a heading, one row per method, then notes. */
export function formatResults(result: ScenarioResult): string {
  const { scenario } = result;
  const target = scenario.stop.gradNormSq !== undefined ? `‖∇f‖² ≤ ${formatScientific(scenario.stop.gradNormSq)}` : scenario.stop.lossGap !== undefined ? `f − f* ≤ ${formatScientific(scenario.stop.lossGap)}` : 'none';
  const heading = [
    `${scenario.name} — seed ${result.seed}, ${scenario.workers.length} workers, ${describeProblem(result)}, engine ${result.engine}${result.threads === undefined ? '' : ` (${result.threads.count} threads)`}`,
    `target ε: ${target}; budget: ${describeBudget(result)}`,
  ];
  // The accuracy column only where a problem on labelled data has one.
  const withAccuracy = result.runs.some((r) => r.final.testAccuracy !== undefined);
  const columns = withAccuracy ? COLUMNS : COLUMNS.filter((c) => c.header !== 'test acc');
  const rows = result.runs.map((run) => {
    const cells = row(run);
    return withAccuracy ? cells : cells.filter((_, i) => COLUMNS[i].header !== 'test acc');
  });
  const dataLine = describeData(result);
  const notes = [...result.runs.flatMap(note), ...theoryNotes(result.runs)];
  return [...heading, ...(dataLine === undefined ? [] : [dataLine]), '', renderTable(columns, rows), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

function row(run: RunResult): string[] {
  const g = run.gradients;
  return [
    run.label,
    run.stopReason,
    run.timeToTarget === null ? '—' : formatSeconds(run.timeToTarget),
    run.theory?.seconds == null ? '—' : formatSeconds(run.theory.seconds),
    run.theory?.ratio == null ? '—' : formatRatio(run.theory.ratio),
    formatScientific(run.final.gradNormSq),
    run.final.testAccuracy === undefined || Number.isNaN(run.final.testAccuracy) ? '—' : formatPercent(run.final.testAccuracy),
    formatCount(run.iterations),
    formatCount(g.computed),
    formatCount(g.applied),
    formatCount(g.discarded),
    formatCount(g.lost),
    formatPercent(run.utilization),
    formatMean(run.staleness.mean),
  ];
}

/** Measured / predicted: two significant digits, exponent form when far from 1. */
function formatRatio(ratio: number): string {
  return ratio < 0.01 || ratio >= 1000 ? ratio.toExponential(1) : ratio.toPrecision(2);
}

function note(run: RunResult): string[] {
  if (run.stall !== null) {
    return [`${run.label}: stalled (detected at t=${formatSeconds(run.virtualTime)}, no update since t=${formatSeconds(run.stall.since)}): ${run.stall.waitingFor}`];
  }
  if (run.stopReason === 'diverged') return [`${run.label}: diverged at t=${formatSeconds(run.virtualTime)} (non-finite iterate); try a smaller stepSize`];
  if (run.limit !== null) return [`${run.label}: stopped early: ${run.limit}`];
  return [];
}

/** "data: 8 000 training / 2 000 held-out digits, batch 4, f and ∇f on 1 000 of them" for problems on labelled data. */
function describeData(result: ScenarioResult): string | undefined {
  const data = result.runs[0]?.data;
  if (data === undefined) return undefined;
  const evaluation = data.evaluation.examples === data.evaluation.of ? 'all of them' : `${formatCount(data.evaluation.examples)} of them`;
  const split = data.split === 'shared' ? 'every worker samples all' : 'split among the workers';
  return `data: ${data.dataset}, ${formatCount(data.train)} training examples (${split}) / ${formatCount(data.test)} held out; batch ${data.batch}; f and ‖∇f‖² on ${evaluation}`;
}

function describeProblem(result: ScenarioResult): string {
  const p = result.scenario.problem;
  if (p.kind === 'module') return `${p.module.split(/[\\/]/).pop()} d=${dimensionOf(p)}`;
  return `${p.kind}${'data' in p ? ` on ${p.data.kind}` : ''} d=${dimensionOf(p)}`;
}

function describeBudget(result: ScenarioResult): string {
  const s = result.scenario.stop;
  const parts = [
    Number.isFinite(s.time) ? `${formatSeconds(s.time)} s` : undefined,
    Number.isFinite(s.iterations) ? `${formatCount(s.iterations)} iterations` : undefined,
    Number.isFinite(s.gradients) ? `${formatCount(s.gradients)} gradients` : undefined,
  ].filter((x) => x !== undefined);
  return parts.join(', ');
}

/** Why the theory column is empty, once per reason. */
function theoryNotes(runs: readonly RunResult[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const run of runs) {
    const note = run.theory?.note;
    if (note == null) continue;
    byReason.set(note, [...(byReason.get(note) ?? []), run.label]);
  }
  return [...byReason].map(([reason, labels]) => `theory not shown for ${labels.join(', ')}: ${reason}`);
}
