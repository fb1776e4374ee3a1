/**
 * @typedef {import('../../saved-results.ts').SavedResults} SavedResults
 * @typedef {import('../../../engine/result.ts').RunResult} RunResult
 * @typedef {import('../../../engine/result.ts').CurvePoint} CurvePoint
 * @typedef {import('../../../engine/activity.ts').WorkerActivity} WorkerActivity
 * @typedef {import('../../../scenario/fault-types.ts').FaultSpec} FaultSpec
 */

/**
 * The results embedded in the page's data island. JSON has no Infinity, so the report spells
 * it "Infinity" (an unset budget, a fault window open to the end): those strings become numbers
 * again. NaN was saved as null; every chart treats a non-finite value as missing.
 * @returns {SavedResults}
 */
function readSavedResults() {
  const island = document.getElementById('roundtable-data');
  if (island === null || island.textContent === null) throw new Error('report: the data island #roundtable-data is missing');
  return JSON.parse(island.textContent, (_key, value) => (value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : value));
}
