import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareScenario, run } from '../../../src/engine/run-scenario.ts';
import { dimensionOf } from '../../../src/scenario/parse-problem.ts';
import { ScenarioError } from '../../../src/input/scenario-error.ts';
import { idxImageBytes, idxLabelBytes, writeFile } from '../data/idx-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'roundtable-idx-'));

/** 60 tiny 4×3 "images" of 3 classes: the class sets one pixel block brighter. */
function writeDataset(gzip: boolean): { images: string; labels: string } {
  const labels = Array.from({ length: 60 }, (_, k) => k % 3);
  const pixels = labels.flatMap((label, k) => Array.from({ length: 12 }, (_, p) => (Math.floor(p / 4) === label ? 200 : 20) + ((k * 7 + p) % 13)));
  const suffix = gzip ? '.gz' : '';
  return {
    images: writeFile(dir, `images-idx3-ubyte${suffix}`, idxImageBytes(4, 3, pixels), gzip),
    labels: writeFile(dir, `labels-idx1-ubyte${suffix}`, idxLabelBytes(labels), gzip),
  };
}

const scenario = (data: unknown, extra: Record<string, unknown> = {}) => ({
  name: 'idx',
  seed: 2,
  problem: { kind: 'logistic-regression', data, batch: 4, ...extra },
  workers: { count: 3, tau: { law: 'sqrt' } },
  methods: [{ method: 'asgd', stepSize: 0.2 }],
  stop: { iterations: 200 },
});

describe('a scenario on IDX files (MNIST format)', () => {
  for (const gzip of [false, true]) {
    it(`reads ${gzip ? 'gzipped' : 'plain'} files relative to the scenario, sizes d from the header, and learns`, () => {
      const files = writeDataset(gzip);
      const input = scenario({ kind: 'idx', trainImages: files.images.replace(`${dir}/`, ''), trainLabels: files.labels.replace(`${dir}/`, ''), testFraction: 0.25 });
      const prepared = prepareScenario(input, undefined, dir);
      // (12 features + 1) × 10 classes: IDX label files are taken as 10-class data.
      expect(dimensionOf(prepared.problem)).toBe(130);
      const [result] = run(prepared).runs;
      expect(result.data?.train).toBe(45);
      expect(result.data?.test).toBe(15);
      expect(result.final.testAccuracy).toBeGreaterThan(0.9);
    });
  }
});

describe('bad data scenarios name the field, the value and what was expected', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a missing dataset', scenario(undefined), /scenario\.problem\.data must be a dataset/],
    ['an unknown dataset', scenario({ kind: 'cifar' }), /scenario\.problem\.data\.kind must be one of .*mnist.*idx.*got "cifar"/],
    ['a missing IDX file', scenario({ kind: 'idx', trainImages: 'nowhere.gz', trainLabels: 'nowhere-labels.gz' }), /scenario\.problem\.data\.trainImages: cannot read .*nowhere\.gz: ENOENT/],
    ['a test fraction of 1', scenario({ kind: 'mnist', testFraction: 1 }), /testFraction must be a fraction in \[0, 1\)/],
    ['an unknown split', scenario({ kind: 'mnist' }, { split: { kind: 'random' } }), /scenario\.problem\.split\.kind/],
    ['a batch of 0', scenario({ kind: 'mnist' }, { batch: 0 }), /scenario\.problem\.batch must be/],
    ['a Dirichlet α of 0', scenario({ kind: 'mnist' }, { split: { kind: 'dirichlet', alpha: 0 } }), /alpha/],
    ['a class out of range', { ...scenario({ kind: 'mnist' }), problem: { kind: 'binary-logistic-regression', data: { kind: 'mnist' }, classes: [1, 10] } }, /classes\[1\] must be an integer in \[0, 9\]; got 10/],
    ['the same class twice', { ...scenario({ kind: 'mnist' }), problem: { kind: 'binary-logistic-regression', data: { kind: 'mnist' }, classes: [3, 3] } }, /classes must be two different labels/],
    ['an unknown field', scenario({ kind: 'mnist' }, { hidden: 64 }), /hidden/],
  ];
  it.each(cases)('%s', (_name, input, message) => {
    expect(() => prepareScenario(input, undefined, dir)).toThrow(ScenarioError);
    expect(() => prepareScenario(input, undefined, dir)).toThrow(message);
  });
});
