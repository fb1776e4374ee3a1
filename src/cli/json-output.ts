import { resultsToJson } from '../report/saved-results.ts';

/** JSON for results printed by the CLI (see {@link resultsToJson}). */
export function toJson(value: unknown): string {
  return resultsToJson(value);
}
