import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/engine/run-scenario.ts';
import { loadScenarioFile } from '../src/scenario/load-scenario.ts';
import { REPO } from './helpers/cli.ts';

const directory = join(REPO, 'scenarios');

/** A scenario whose problem is a model on labelled data (MNIST, IDX files). */
export function onRealData(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { problem?: { data?: unknown } }).problem?.data !== undefined;
}
const files = readdirSync(directory).filter((f) => /\.(ts|json|ya?ml)$/.test(f) && !f.startsWith('.'));

describe('the scenario library', () => {
  it('has scenarios', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('%s loads, validates and runs every method to a stop', async (file) => {
    // Capped: the suite checks every scenario runs; `roundtable run` runs them in full. Models
    // on real data cost a millisecond or so per gradient, so they get fewer events.
    const input = await loadScenarioFile(join(directory, file));
    const result = run(input, { maxEvents: onRealData(input) ? 300 : 200_000 });
    for (const r of result.runs) {
      expect(['target', 'time', 'iterations', 'gradients', 'stalled', 'diverged', 'events']).toContain(r.stopReason);
      const g = r.gradients;
      expect(g.computed).toBe(g.applied + g.discarded + g.lost + g.inFlight);
    }
  });

  it('quickstart tells its story: Malenia reaches the target first, the biased methods never do', async () => {
    const result = run(await loadScenarioFile(join(directory, 'quickstart.ts')));
    const byMethod = new Map(result.runs.map((r) => [r.method, r]));
    for (const biased of ['hero', 'asgd', 'rennala']) expect(byMethod.get(biased)!.timeToTarget).toBeNull();
    const malenia = byMethod.get('malenia')!.timeToTarget!;
    const minibatch = byMethod.get('minibatch')!.timeToTarget!;
    expect(malenia).toBeLessThan(minibatch);
  });
});
