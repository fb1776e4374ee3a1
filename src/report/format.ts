/** Number formatting shared by tables and notes. */

/** Virtual seconds: up to 4 significant digits, plain notation in the usual range. */
export function formatSeconds(t: number): string {
  if (!Number.isFinite(t)) return String(t);
  if (t === 0) return '0';
  const abs = Math.abs(t);
  if (abs >= 1e6 || abs < 1e-3) return t.toExponential(2);
  return Number(t.toPrecision(4)).toString();
}

/** A small or large positive quantity such as ‖∇f‖²: 3 significant digits, exponent form. */
export function formatScientific(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  return value.toExponential(2);
}

/** A count with thousands separated by a thin space. */
export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** A fraction as a percentage with no decimals. */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** A mean that may be missing. */
export function formatMean(value: number | null, digits = 2): string {
  return value === null ? '—' : value.toFixed(digits);
}
