import { fc } from '@fast-check/vitest';
import type { LabelledData } from '../../../src/problems/data/dataset.ts';
import type { SplitSpec } from '../../../src/problems/data/splits.ts';
import { RandomStream } from '../../../src/random/random-stream.ts';

/**
 * Arbitraries for the data tests. Examples carry no features (splits only look at labels), so
 * hundreds of property runs stay within a second.
 */

/** Labels only: features = 0, so x is empty. */
export function labelsOnly(labels: ArrayLike<number>): LabelledData {
  return { count: labels.length, features: 0, x: new Float64Array(0), y: Uint8Array.from(labels) };
}

/** A root seed for RandomStream.named. */
export const seedArb = fc.integer({ min: 0, max: 0xffff_ffff });

/** A valid split case: data, its classes, a worker count and a spec that fit that data. */
export interface SplitCase {
  readonly data: LabelledData;
  readonly classes: number;
  readonly workers: number;
  readonly spec: SplitSpec;
  readonly seed: number;
}

/** Up to 10 classes, 1..300 examples (some classes may be empty), 1..min(count, 24) workers. */
export const labelledArb: fc.Arbitrary<{ data: LabelledData; classes: number }> = fc
  .integer({ min: 1, max: 10 })
  .chain((classes) =>
    fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: 1, maxLength: 300 }).map((labels) => ({ data: labelsOnly(labels), classes })),
  );

export const splitCaseArb: fc.Arbitrary<SplitCase> = labelledArb.chain(({ data, classes }) =>
  fc.integer({ min: 1, max: Math.min(data.count, 24) }).chain((workers) => {
    const maxShardsEach = Math.min(classes, Math.floor(data.count / workers));
    const spec: fc.Arbitrary<SplitSpec> = fc.oneof(
      fc.constant<SplitSpec>({ kind: 'iid' }),
      fc.integer({ min: 1, max: maxShardsEach }).map((classesPerWorker): SplitSpec => ({ kind: 'label-sorted', classesPerWorker })),
      fc.constantFrom(0.05, 0.1, 0.5, 1, 10, 100).map((alpha): SplitSpec => ({ kind: 'dirichlet', alpha })),
    );
    return fc.record({ spec, seed: seedArb }).map(({ spec: s, seed }) => ({ data, classes, workers, spec: s, seed }));
  }),
);

/**
 * Label-sorted cases where no shard straddles two labels: S = workers·k shards of m examples each,
 * every class owning a whole number of shards (some none), labels then scattered over the
 * indices by a seeded shuffle so the sort has real work to do.
 */
export const wholeShardCaseArb: fc.Arbitrary<SplitCase> = fc
  .record({
    classes: fc.integer({ min: 1, max: 8 }),
    workers: fc.integer({ min: 1, max: 12 }),
    shardSize: fc.integer({ min: 1, max: 6 }),
    seed: seedArb,
  })
  .chain(({ classes, workers, shardSize, seed }) =>
    fc.integer({ min: 1, max: classes }).chain((k) =>
      fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: workers * k, maxLength: workers * k }).map((owners) => {
        // owners[s] is the class of shard s: class c gets (#s with owners[s] = c) · shardSize examples.
        const labels: number[] = [];
        for (const owner of owners) for (let i = 0; i < shardSize; i++) labels.push(owner);
        const order = new RandomStream(seed).permutation(labels.length);
        const scattered = Array.from(order, (j) => labels[j]);
        const spec: SplitSpec = { kind: 'label-sorted', classesPerWorker: k };
        return { data: labelsOnly(scattered), classes, workers, spec, seed };
      }),
    ),
  );
