/** Number formatting for captions and labels, the same as the text report's (src/report/format.ts). */

/**
 * Virtual seconds: up to 4 significant digits, plain notation in the usual range.
 * @param {number} t
 */
function formatSeconds(t) {
  if (!Number.isFinite(t)) return String(t);
  if (t === 0) return '0';
  const abs = Math.abs(t);
  if (abs >= 1e6 || abs < 1e-3) return t.toExponential(2);
  return Number(t.toPrecision(4)).toString();
}

/**
 * A small or large positive quantity such as ‖∇f‖²: 3 significant digits, exponent form.
 * @param {number} value
 */
function formatScientific(value) {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  return value.toExponential(2);
}

/**
 * A count with thousands separated by a thin space.
 * @param {number} value
 */
function formatCount(value) {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}
