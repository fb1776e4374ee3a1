import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareScenario } from '../src/engine/run-scenario.ts';
import { simulateMethod } from '../src/engine/simulate-method.ts';
import type { ScenarioInput } from '../src/scenario/scenario-types.ts';
import { scenarioArb } from './helpers/arbitraries.ts';
import { graphRunArb } from './helpers/graph-arbitraries.ts';
import { REPO } from './helpers/cli.ts';

/**
 * Generated scenarios (every method, link costs, faults, graphs) kept as data with the trace
 * hash each gives: a refactoring or an optimisation of the engine must give every one of them
 * its hash, bit for bit. The scenarios are stored, not regenerated, so a change of the
 * generators does not move them. ROUNDTABLE_UPDATE_HASHES=1 draws and pins them again (for a
 * change of semantics, said so in its commit).
 */
const FILE = join(REPO, 'test/property-hashes.json');

interface Pinned {
  readonly input: ScenarioInput;
  readonly hash: string;
}

function hashOf(input: ScenarioInput): string {
  const scenario = prepareScenario(input);
  return simulateMethod(scenario, scenario.methods[0], { maxEvents: 100_000 }).result.traceHash;
}

function draw(): Pinned[] {
  const star = fc.sample(scenarioArb({ latency: true, maxFaults: 3 }), { seed: 20261207, numRuns: 240 });
  const free = fc.sample(scenarioArb({ maxFaults: 2 }), { seed: 20261208, numRuns: 60 });
  const graphs = fc.sample(graphRunArb, { seed: 20261209, numRuns: 40 });
  return [...star, ...free, ...graphs].map((input) => ({ input, hash: hashOf(input) }));
}

describe('trace hashes of generated scenarios', () => {
  it('are the ones pinned in test/property-hashes.json', () => {
    if (process.env.ROUNDTABLE_UPDATE_HASHES === '1') {
      writeFileSync(FILE, `${JSON.stringify(draw())}\n`);
    }
    const pinned = JSON.parse(readFileSync(FILE, 'utf8')) as Pinned[];
    expect(pinned.length).toBe(340);
    const moved = pinned.filter((p) => hashOf(p.input) !== p.hash).map((p) => `${p.input.methods[0].method} (seed ${p.input.seed})`);
    expect(moved, 'scenarios whose trace hash moved').toEqual([]);
  });
});
