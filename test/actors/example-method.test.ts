import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createRegistry, METHODS } from '../../actors/method-registry.ts';
import { pairsAsgd } from '../../docs/examples/pairs-asgd.ts';
import { scenarioArb } from '../helpers/arbitraries.ts';
import { REPO } from '../helpers/cli.ts';
import { pairsAsgdKit } from '../helpers/kits/example.ts';
import { GENERIC_LAWS } from '../helpers/laws.ts';
import { simulateTraced } from '../helpers/simulate.ts';

const numRuns = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40);
const registry = createRegistry([...METHODS, pairsAsgd]);
const guide = readFileSync(join(REPO, 'docs/writing-a-method.md'), 'utf8');
const example = readFileSync(join(REPO, 'docs/examples/pairs-asgd.ts'), 'utf8');

describe('docs/writing-a-method.md, followed to the letter', () => {
  it('shows the example method’s definition as it is in docs/examples/pairs-asgd.ts', () => {
    const definition = example.slice(example.indexOf('export const pairsAsgd = defineMethod'));
    expect(guide).toContain(definition.trim());
  });

  it('names every file a new method touches, each of which exists', () => {
    for (const file of ['actors/method-registry.ts', 'test/helpers/kits/', 'docs/methods.md', 'actors/methods/']) expect(guide).toContain(file);
  });

  test.prop([scenarioArb({ kits: [pairsAsgdKit], latency: true, maxFaults: 3 })], { numRuns })('gives a method that keeps every generic law and its own, with and without faults', (input) => {
    const run = simulateTraced(input, { registry });
    for (const law of [...GENERIC_LAWS, ...pairsAsgdKit.laws]) law.check(run);
  });

  it('runs from a scenario like any built-in method', () => {
    const run = simulateTraced(
      {
        name: 'pairs',
        seed: 1,
        problem: { kind: 'worst-case-quadratic', d: 4, noise: { kind: 'add', sigma: 0.01 } },
        workers: { count: 3, tau: { law: 'sqrt' } },
        methods: [{ method: 'pairs-asgd', stepSize: 0.1 }],
        stop: { time: 100 },
      },
      { registry },
    );
    expect(run.result.iterations).toBeGreaterThan(50);
    expect(run.result.gradients.applied).toBe(2 * run.result.iterations);
  });
});

