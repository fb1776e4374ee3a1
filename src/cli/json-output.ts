/**
 * JSON for results. JSON has no Infinity or NaN: an infinite number (an unset budget, the loss
 * of a diverged run) becomes the string "Infinity" or "-Infinity", and NaN (the loss at a
 * non-finite iterate) becomes null, so the output is valid JSON and never prints NaN.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : String(v)) : v), 2);
}
