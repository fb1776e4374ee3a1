import type { Model } from './model.ts';

/**
 * Binary logistic regression with the nonconvex regularizer of AsGrad (ALGORITHMS §5.5):
 * ℓ(x; a, y) = log(1 + exp(−y·aᵀx)) with y = ±1 (label 1 ↦ +1, label 0 ↦ −1), and
 * r(x) = λ Σ_j x_j²/(1 + x_j²). d = features (no bias, as in the paper). Starts at 0.
 */
export class BinaryLogistic implements Model {
  readonly dimension: number;
  readonly maxBlock = 256;
  readonly flopsPerExample: number;

  constructor(
    readonly features: number,
    readonly lambda: number,
  ) {
    this.dimension = features;
    this.flopsPerExample = 4 * features;
  }

  initialPoint(): Float64Array {
    return new Float64Array(this.dimension);
  }

  accumulate(x: Float64Array, block: Float64Array, labels: Uint8Array, count: number, weight: number, gradient: Float64Array | undefined): number {
    const d = this.features;
    let loss = 0;
    for (let j = 0; j < count; j++) {
      const row = j * d;
      let margin = 0;
      for (let k = 0; k < d; k++) margin += block[row + k] * x[k];
      const y = labels[j] === 1 ? 1 : -1;
      const t = -y * margin;
      // log(1 + e^t) without overflow: t + log(1 + e^−t) for t > 0.
      loss += weight * (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));
      if (gradient === undefined) continue;
      // d/dx = −y·σ(t)·a, σ(t) = 1/(1 + e^−t).
      const scale = (-y * weight) / (1 + Math.exp(-t));
      for (let k = 0; k < d; k++) gradient[k] += scale * block[row + k];
    }
    return loss;
  }

  predict(x: Float64Array, block: Float64Array, count: number, out: Uint8Array): void {
    const d = this.features;
    for (let j = 0; j < count; j++) {
      let margin = 0;
      for (let k = 0; k < d; k++) margin += block[j * d + k] * x[k];
      out[j] = margin > 0 ? 1 : 0;
    }
  }

  regularizer(x: Float64Array, gradient: Float64Array | undefined): number {
    const lambda = this.lambda;
    let value = 0;
    for (let k = 0; k < x.length; k++) {
      const s = x[k] * x[k];
      value += s / (1 + s);
      if (gradient !== undefined) gradient[k] += (lambda * 2 * x[k]) / ((1 + s) * (1 + s));
    }
    return lambda * value;
  }
}
