import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * The trace hash of every method of every scenario of the library (at the capped runs below):
 * a refactoring or an optimisation must leave them all as they are. A change of semantics that
 * moves them on purpose updates the file, with ROUNDTABLE_UPDATE_HASHES=1, and says why.
 */
const HASHES_FILE = join(REPO, 'test/scenario-hashes.json');
const pinned = JSON.parse(readFileSync(HASHES_FILE, 'utf8')) as Record<string, Record<string, string>>;
const measured: Record<string, Record<string, string>> = {};

describe('the scenario library', () => {
  it('has scenarios', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('%s loads, validates and runs every method to a stop', async (file) => {
    // Capped: the suite checks every scenario runs; `roundtable run` runs them in full. Models
    // on real data cost a millisecond or so per gradient, so they get fewer events.
    const input = await loadScenarioFile(join(directory, file));
    const result = run(input, { maxEvents: onRealData(input) ? 300 : 200_000 });
    measured[file] = Object.fromEntries(result.runs.map((r) => [r.label, r.traceHash]));
    if (process.env.ROUNDTABLE_UPDATE_HASHES === '1') {
      pinned[file] = measured[file];
      writeFileSync(HASHES_FILE, `${JSON.stringify(Object.fromEntries(Object.entries(pinned).sort()), null, 2)}\n`);
    } else {
      expect(measured[file], `${file}: trace hashes moved (pinned in test/scenario-hashes.json)`).toEqual(pinned[file]);
    }
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
