import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/random/random-stream.ts';
import { BinaryLogistic } from '../../../src/problems/supervised/binary-logistic.ts';
import type { Model } from '../../../src/problems/supervised/model.ts';
import { Mlp } from '../../../src/problems/supervised/mlp.ts';
import { MultinomialLogistic } from '../../../src/problems/supervised/multinomial-logistic.ts';

/** A block of `count` random examples with `features` features and labels below `classes`. */
function block(count: number, features: number, classes: number, rng: RandomStream) {
  const x = Float64Array.from({ length: count * features }, () => rng.normal());
  const y = Uint8Array.from({ length: count }, () => rng.int(classes));
  return { x, y };
}

/** f(x) = Σ_j w·ℓ(x; j) + r(x) of a model on a block. */
function objective(model: Model, data: { x: Float64Array; y: Uint8Array }, count: number, weight: number) {
  return (params: Float64Array) => model.accumulate(params, data.x, data.y, count, weight, undefined) + model.regularizer(params, undefined);
}

/** Checks the model's gradient against central differences at random points, every coordinate. */
function checkGradient(model: Model, classes: number, seed: number): void {
  const rng = RandomStream.named(seed, 'gradient-check');
  for (let trial = 0; trial < 3; trial++) {
    const count = 1 + rng.int(model.maxBlock > 7 ? 7 : model.maxBlock);
    const data = block(count, model.features, classes, rng);
    const params = Float64Array.from({ length: model.dimension }, () => 0.5 * rng.normal());
    const weight = 1 / count;
    const f = objective(model, data, count, weight);
    const gradient = new Float64Array(model.dimension);
    const value = model.accumulate(params, data.x, data.y, count, weight, gradient);
    model.regularizer(params, gradient);
    expect(value + model.regularizer(params, undefined)).toBeCloseTo(f(params), 12);
    const h = 1e-6;
    for (let k = 0; k < model.dimension; k++) {
      const saved = params[k];
      params[k] = saved + h;
      const up = f(params);
      params[k] = saved - h;
      const down = f(params);
      params[k] = saved;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(gradient[k] - numeric), `coordinate ${k}: analytic ${gradient[k]}, numeric ${numeric}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(numeric)));
    }
  }
}

describe('gradients against central differences', () => {
  it('multinomial logistic regression', () => checkGradient(new MultinomialLogistic(6, 4), 4, 1));
  it('binary logistic regression with the nonconvex regularizer', () => checkGradient(new BinaryLogistic(7, 0.1), 2, 2));
  it('two-layer perceptron (ReLU, softmax cross-entropy)', () => checkGradient(new Mlp(5, 6, 3), 3, 3));
  it('two-layer perceptron at MNIST size, on a sample of coordinates', () => {
    const model = new Mlp(784, 128, 10);
    const rng = RandomStream.named(4, 'mnist-size');
    const data = block(3, 784, 10, rng);
    const params = model.initialPoint(() => rng.uniform());
    const f = objective(model, data, 3, 1 / 3);
    const gradient = new Float64Array(model.dimension);
    model.accumulate(params, data.x, data.y, 3, 1 / 3, gradient);
    for (let trial = 0; trial < 200; trial++) {
      const k = rng.int(model.dimension);
      const saved = params[k];
      params[k] = saved + 1e-6;
      const up = f(params);
      params[k] = saved - 1e-6;
      const down = f(params);
      params[k] = saved;
      expect(Math.abs(gradient[k] - (up - down) / 2e-6)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(gradient[k])));
    }
  });
});

describe('models', () => {
  it('the softmax loss is stable at huge logits', () => {
    const model = new MultinomialLogistic(2, 3);
    const params = Float64Array.from([1e4, 0, -1e4, 0, 0, 1e4, 0, 0, 0]);
    const loss = model.accumulate(params, Float64Array.from([1, 1]), Uint8Array.from([2]), 1, 1, new Float64Array(9));
    expect(Number.isFinite(loss)).toBe(true);
  });

  it('the binary loss is stable at huge margins', () => {
    const model = new BinaryLogistic(1, 0);
    const grad = new Float64Array(1);
    const loss = model.accumulate(Float64Array.from([1e4]), Float64Array.from([1]), Uint8Array.from([0]), 1, 1, grad);
    expect(loss).toBeCloseTo(1e4, 6);
    expect(grad[0]).toBeCloseTo(1, 12);
  });

  it('predictions are the argmax of the logits', () => {
    const model = new MultinomialLogistic(1, 3);
    // logits = [x·1 + 0, x·(-1), 0] for a single feature x.
    const params = Float64Array.from([1, -1, 0, 0, 0, 0.5]);
    const out = new Uint8Array(2);
    model.predict(params, Float64Array.from([2, -2]), 2, out);
    expect(Array.from(out)).toEqual([0, 1]);
  });
});
