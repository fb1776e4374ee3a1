import { escapeHtml } from './html-escape.ts';

/**
 * The sections the client fills with charts, in page order. Ids here are the hooks the client's
 * main.js looks up; the figures inside (and their ids) are the client's.
 */
const CHART_SECTIONS: readonly { readonly id: string; readonly title: string; readonly lede: string }[] = [
  {
    id: 'convergence',
    title: 'Convergence',
    lede: 'Squared gradient norm and optimality gap of the iterate, on log scales, against virtual time and against gradients computed (the work spent). Values a log scale cannot show (zero, negative, non-finite) are left out.',
  },
  {
    id: 'timeline',
    title: 'Worker timelines',
    lede: 'What every worker did over the run, one chart per method. With few workers, every span is drawn, with fault windows shaded behind the workers they hit; with many workers (or more spans than were kept), a heatmap shows the fraction of each time bin spent computing.',
  },
  {
    id: 'staleness',
    title: 'Staleness',
    lede: 'Applied gradients by staleness: the model updates between the model a gradient was computed at and the step that applied it.',
  },
  {
    id: 'data',
    title: 'Data',
    lede: 'For problems on labelled data: how the training examples are divided among the workers (examples of each label per worker) and what f and ‖∇f‖² are evaluated on.',
  },
  {
    id: 'graph',
    title: 'Graph',
    lede: 'For decentralized methods: the topology, each edge coloured by how busy its busier direction was, each node by its compute utilization, the pivot (which holds the iterate) ringed.',
  },
  {
    id: 'accounting',
    title: 'Work accounting',
    lede: 'Where every computed gradient went, and how busy each worker was (busy seconds / virtual time).',
  },
];

/** The chart sections, each with a heading, a lede and an empty body for the client. */
export function chartSections(): string {
  return CHART_SECTIONS.map(
    (s) => `<section id="${s.id}" class="chart-section">
<h2>${escapeHtml(s.title)}</h2>
<p class="lede">${escapeHtml(s.lede)}</p>
<div class="charts" data-section="${s.id}"><p class="placeholder">Charts need JavaScript.</p></div>
</section>`,
  ).join('\n');
}
