import type { ScenarioResult } from '../engine/result.ts';
import { ScenarioError } from '../input/scenario-error.ts';

export const RESULTS_FORMAT = 'roundtable-results/1';

/**
 * What `roundtable run --out DIR` saves as DIR/results.json and `roundtable report DIR` reads:
 * the scenario result (with each run's `activity`, for the timeline) and how to reproduce it.
 */
export interface SavedResults extends ScenarioResult {
  readonly format: typeof RESULTS_FORMAT;
  /** A command line that reproduces the run, e.g. `roundtable run scenarios/quickstart.ts --seed 1`. */
  readonly command: string;
  /** The roundtable version that produced it. */
  readonly createdBy: string;
}

/**
 * JSON for results. JSON has no Infinity or NaN: an infinite number (an unset budget, the loss
 * of a diverged run) becomes the string "Infinity" or "-Infinity", and NaN (the loss at a
 * non-finite iterate) becomes null, so the output is valid JSON and never prints NaN.
 */
export function resultsToJson(value: unknown, indent: number | undefined = 2): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : String(v)) : v), indent);
}

/** Reads results.json back (infinite numbers restored), checking it is one. */
export function parseSavedResults(text: string, file: string): SavedResults {
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, v: unknown) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v));
  } catch (error) {
    throw new ScenarioError(file, '(file)', 'results.json written by `roundtable run --out`', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const format = typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;
  if (format !== RESULTS_FORMAT) {
    throw new ScenarioError(`${file}: format`, format, `"${RESULTS_FORMAT}" (a results.json written by \`roundtable run --out\`)`);
  }
  const runs = (value as { runs?: unknown }).runs;
  if (!Array.isArray(runs)) throw new ScenarioError(`${file}: runs`, runs, 'an array of method runs');
  return value as SavedResults;
}
