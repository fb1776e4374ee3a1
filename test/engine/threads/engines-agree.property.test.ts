import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe } from 'vitest';
import { prepareScenario } from '../../../src/engine/run-scenario.ts';
import { ShardPool } from '../../../src/engine/threads/shard-pool.ts';
import { scenarioArb } from '../../helpers/arbitraries.ts';
import { expectSameOnBothEngines } from '../../helpers/engines.ts';
import { KITS } from '../../helpers/kits/index.ts';
import { graphRunArb } from '../../helpers/graph-arbitraries.ts';

const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);

// One pool for the file: threads start once (loading the code takes longer than a small run).
let pool: ShardPool;
beforeAll(() => {
  pool = new ShardPool(2);
});
afterAll(() => pool.close());

describe('the threads engine gives the inline engine’s result, bit for bit', () => {
  test.prop([scenarioArb({ latency: true, maxFaults: 3 })], { numRuns: 2 * numRuns })('any method, with link latency and faults', async (input) => {
    const scenario = prepareScenario(input);
    await expectSameOnBothEngines(scenario, scenario.methods[0], pool);
  });

  test.prop([scenarioArb({ maxWorkers: 6, maxFaults: 4 })], { numRuns: Math.ceil(numRuns / 2) })('any method, free links, more faults', async (input) => {
    const scenario = prepareScenario(input);
    await expectSameOnBothEngines(scenario, scenario.methods[0], pool);
  });

  test.prop([graphRunArb], { numRuns: Math.ceil(numRuns / 4) })('decentralized methods on generated graphs, with node and edge faults', async (input) => {
    const scenario = prepareScenario(input);
    await expectSameOnBothEngines(scenario, scenario.methods[0], pool);
  });

  // Each method at least once, whatever the generator picks above.
  for (const kit of KITS) {
    test.prop([scenarioArb({ kits: [kit], latency: true, maxFaults: 2 })], { numRuns: 3 })(kit.id, async (input) => {
      const scenario = prepareScenario(input);
      await expectSameOnBothEngines(scenario, scenario.methods[0], pool);
    });
  }
});
