import fc from 'fast-check';

/**
 * ROUNDTABLE_FC_SEED pins the seed of every property test (fc.assert and @fast-check/vitest's
 * test.prop both read the global one), so a CI run is reproducible; `.ci/run` sets it. Without it
 * each run draws fresh seeds and explores new cases (a failure prints its seed and path).
 */
const seed = process.env.ROUNDTABLE_FC_SEED;
if (seed !== undefined && seed !== '') {
  const value = Number(seed);
  if (!Number.isSafeInteger(value)) throw new Error(`ROUNDTABLE_FC_SEED must be an integer; got "${seed}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: value });
}
