import { describeProblem as describeProblemSpec } from '../../scenario/parse-problem.ts';
import type { Scenario } from '../../scenario/scenario-types.ts';
import { formatCount, formatScientific, formatSeconds } from '../format.ts';
import type { SavedResults } from '../saved-results.ts';
import { escapeHtml } from './html-escape.ts';

/**
 * The report's header: what ran (scenario, seed, engine, workers, problem, target, budget,
 * faults) and the command line that reproduces it, with a copy button the client wires up.
 */
export function headerSection(saved: SavedResults): string {
  const { scenario } = saved;
  const facts: [string, string][] = [
    ['seed', String(saved.seed)],
    ['engine', saved.threads === undefined ? saved.engine : `${saved.engine} (${saved.threads.count} threads, ${saved.threads.restarts} restarts)`],
    ['workers', formatCount(scenario.workers.length)],
    ['problem', describeProblem(scenario)],
    ['methods', scenario.methods.map((m) => m.label).join(', ')],
    ['target', describeTarget(scenario)],
    ['budget', describeBudget(scenario)],
    ['faults', describeFaults(scenario)],
  ];
  return `<header class="report-header">
<p class="kicker">roundtable report</p>
<h1>${escapeHtml(scenario.name)}</h1>
${scenario.description === undefined || scenario.description === '' ? '' : `<p class="description">${escapeHtml(scenario.description)}</p>`}
<dl class="facts">
${facts.map(([term, value]) => `<div><dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd></div>`).join('\n')}
</dl>
<div class="command">
<p class="command-label">Reproduce this run:</p>
<pre><code id="reproduce-command">${escapeHtml(saved.command)}</code></pre>
<button type="button" class="copy" data-copy-target="reproduce-command">Copy</button>
</div>
</header>`;
}

function describeProblem(scenario: Scenario): string {
  return describeProblemSpec(scenario.problem);
}

function describeTarget(scenario: Scenario): string {
  const { gradNormSq, lossGap } = scenario.stop;
  const targets = [gradNormSq === undefined ? undefined : `‖∇f‖² ≤ ${formatScientific(gradNormSq)}`, lossGap === undefined ? undefined : `f − f* ≤ ${formatScientific(lossGap)}`];
  const set = targets.filter((t) => t !== undefined);
  return set.length === 0 ? 'none' : set.join(' or ');
}

function describeBudget(scenario: Scenario): string {
  const s = scenario.stop;
  const parts = [
    Number.isFinite(s.time) ? `${formatSeconds(s.time)} s virtual time` : undefined,
    Number.isFinite(s.iterations) ? `${formatCount(s.iterations)} iterations` : undefined,
    Number.isFinite(s.gradients) ? `${formatCount(s.gradients)} gradients` : undefined,
  ].filter((x) => x !== undefined);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function describeFaults(scenario: Scenario): string {
  if (scenario.faults.length === 0) return 'none';
  return scenario.faults.map((f) => `${f.kind} (worker${f.workers.length === 1 ? '' : 's'} ${abbreviateIds(f.workers)})`).join(', ');
}

/** Worker ids, shortened when a fault targets many. */
function abbreviateIds(ids: readonly number[]): string {
  return ids.length <= 6 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')}, … (${ids.length})`;
}
