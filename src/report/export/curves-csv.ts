import type { ScenarioResult } from '../../engine/result.ts';

export const CURVE_COLUMNS = ['method', 't', 'iteration', 'gradients', 'loss', 'gradNormSq'] as const;

/**
 * curves.csv: one row per method and curve sample. Methods are named by their label (unique in
 * a scenario); numbers are written in full precision (shortest round-trip form), infinite
 * values as `Infinity`, NaN as an empty field.
 */
export function curvesCsv(result: ScenarioResult): string {
  const lines = [CURVE_COLUMNS.join(',')];
  for (const run of result.runs) {
    const method = csvField(run.label);
    for (const p of run.curve) lines.push([method, num(p.t), num(p.iteration), num(p.gradients), num(p.loss), num(p.gradNormSq)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

function num(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}

/** Quotes a field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
