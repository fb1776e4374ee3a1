// The example of README.md, "Property tests with roundtable": kept as a test so it stays true.
import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { arbitraries, checkClaim, claims, run } from 'roundtable';

const rennala = arbitraries.scenario({
  workers: { min: 1, max: 6 },
  methods: [{ method: 'rennala', stepSize: 1, batchSize: 2 }],
  stop: { gradNormSq: 1e-4, time: 500 },
});

test.prop([rennala], { numRuns: 20 })('Rennala reaches the target and accounts for every gradient', (scenario) => {
  const [result] = run(scenario).runs;
  expect(result.stopReason).toBe('target');
  const g = result.gradients;
  expect(g.computed).toBe(g.applied + g.discarded + g.lost + g.inFlight);
});

test('a paper claim survives stragglers', () => {
  const claim = claims.find((c) => c.id === 'slow-worker-robustness')!;
  expect(checkClaim(claim, { family: 'stragglers', runs: 5 }).status).toBe('holds');
});
