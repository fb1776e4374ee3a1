/** Virtual time for messages: integers below 10⁹ as is, others to 6 significant digits (1e+12). */
export function formatTime(t: number): string {
  if (Number.isInteger(t) && Math.abs(t) < 1e9) return String(t);
  return t.toPrecision(6).replace(/\.?0+(e|$)/, '$1');
}
