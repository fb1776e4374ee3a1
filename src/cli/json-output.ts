/**
 * JSON for results: non-finite numbers (an unset budget is Infinity) become strings, so the
 * output is valid JSON and never silently turns them into null.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
}
