import { fc, test } from '@fast-check/vitest';
import { describe } from 'vitest';
import { scenarioArb } from '../helpers/arbitraries.ts';
import { KITS } from '../helpers/kits/index.ts';
import { GENERIC_LAWS } from '../helpers/laws.ts';
import { simulateTraced } from '../helpers/simulate.ts';

/** Runs per property; raise with ROUNDTABLE_PROPERTY_RUNS for a deeper search. */
const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);

describe('laws over generated scenarios', () => {
  for (const kit of KITS) {
    const laws = [...GENERIC_LAWS, ...kit.laws];
    describe(kit.id, () => {
      test.prop([scenarioArb({ kits: [kit] })], { numRuns })('keeps every law with free links', (input) => {
        const run = simulateTraced(input);
        for (const law of laws) law.check(run);
      });
      test.prop([scenarioArb({ kits: [kit], latency: true })], { numRuns: Math.ceil(numRuns / 2) })('keeps every law with link latency', (input) => {
        const run = simulateTraced(input);
        for (const law of laws) law.check(run);
      });
      test.prop([scenarioArb({ kits: [kit], latency: true, maxFaults: 3 })], { numRuns })('keeps every law under faults', (input) => {
        const run = simulateTraced(input);
        for (const law of laws) law.check(run);
      });
    });
  }
});

describe('determinism', () => {
  test.prop([scenarioArb({ latency: true, maxFaults: 4 })], { numRuns })('the same scenario and seed give the same trace hash, faults included', (input) => {
    const first = simulateTraced(input);
    const second = simulateTraced(input);
    fc.pre(first.result.events > 0);
    if (first.result.traceHash !== second.result.traceHash) throw new Error('trace hashes differ');
    if (JSON.stringify(first.result.final.x) !== JSON.stringify(second.result.final.x)) throw new Error('final iterates differ');
  });

  test.prop([scenarioArb({ latency: true, maxFaults: 4 })], { numRuns })('the compiled dispatcher and XState give the same trace, faults included', (input) => {
    const compiled = simulateTraced(input, { dispatch: 'compiled' });
    const interpreted = simulateTraced(input, { dispatch: 'xstate' });
    if (compiled.result.traceHash !== interpreted.result.traceHash) {
      throw new Error(`hashes differ: compiled ${compiled.result.traceHash}, xstate ${interpreted.result.traceHash}`);
    }
  });
});
