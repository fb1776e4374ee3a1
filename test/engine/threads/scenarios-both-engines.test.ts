import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { prepareScenario } from '../../../src/engine/run-scenario.ts';
import { ShardPool } from '../../../src/engine/threads/shard-pool.ts';
import { loadScenarioFile } from '../../../src/scenario/load-scenario.ts';
import { REPO } from '../../helpers/cli.ts';
import { expectSameOnBothEngines } from '../../helpers/engines.ts';

const directory = join(REPO, 'scenarios');
const files = readdirSync(directory).filter((f) => /\.(ts|json|ya?ml)$/.test(f) && !f.startsWith('.'));

/** Bounded: the same prefix of every run must agree; `roundtable run --engine threads` runs them in full. */
const MAX_EVENTS = 6_000;
/** Models on real data cost a millisecond or so per gradient. */
const MAX_EVENTS_ON_REAL_DATA = 200;

let pool: ShardPool;
beforeAll(() => {
  pool = new ShardPool(2);
});
afterAll(() => pool.close());

describe('every scenario gives the same result on both engines', () => {
  it.each(files)('%s', async (file) => {
    const scenario = prepareScenario(await loadScenarioFile(join(directory, file)), undefined, directory);
    const cap = 'data' in scenario.problem ? MAX_EVENTS_ON_REAL_DATA : MAX_EVENTS;
    for (const spec of scenario.methods) await expectSameOnBothEngines(scenario, spec, pool, cap);
  });
});
