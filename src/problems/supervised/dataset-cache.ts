import type { Dataset } from '../data/dataset.ts';

/** Datasets kept: a run's methods (and a thread's successive runs) share the few in use. */
const CAPACITY = 2;

const cache = new Map<string, Dataset>();

/**
 * The dataset for `key`, loaded once and then shared: every method of a scenario, and every run
 * in a pool thread, builds its problem from the same loaded, split and normalized data (about a
 * tenth of a second and 60 MB for MNIST each time otherwise). Problems only read it. Least
 * recently used first out.
 */
export function cachedDataset(key: string, load: () => Dataset): Dataset {
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const dataset = load();
  cache.set(key, dataset);
  if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
  return dataset;
}
