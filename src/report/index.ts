export { formatResults } from './results-table.ts';
export { renderTable } from './text-table.ts';
export { formatCount, formatMean, formatPercent, formatScientific, formatSeconds } from './format.ts';
export type { Column } from './text-table.ts';
