import { gemmNT, gemmTN } from '../../linalg/gemm.ts';
import type { Model } from './model.ts';
import { argmaxRows, softmaxCrossEntropy } from './softmax-cross-entropy.ts';

/** Examples per block: bounds the scratch logits. */
const BLOCK = 256;

/**
 * Multinomial logistic regression (Shadowheart's MNIST task): x = [W (classes × features),
 * b (classes)], ℓ(x; a, y) = −log softmax(W·a + b)[y]. d = (features + 1)·classes, 7850 for
 * MNIST. Starts at 0. No regularizer.
 */
export class MultinomialLogistic implements Model {
  readonly dimension: number;
  readonly maxBlock = BLOCK;
  readonly flopsPerExample: number;
  private readonly logits: Float64Array;

  constructor(
    readonly features: number,
    readonly classes: number,
  ) {
    this.dimension = (features + 1) * classes;
    this.logits = new Float64Array(BLOCK * classes);
    // Forward W·a (2·f·c) and the weight gradient (2·f·c).
    this.flopsPerExample = 4 * features * classes;
  }

  initialPoint(): Float64Array {
    return new Float64Array(this.dimension);
  }

  accumulate(x: Float64Array, block: Float64Array, labels: Uint8Array, count: number, weight: number, gradient: Float64Array | undefined): number {
    const { features, classes, logits } = this;
    const biasAt = features * classes;
    this.forward(x, block, count);
    const loss = softmaxCrossEntropy(logits, count, classes, labels, weight, gradient !== undefined);
    if (gradient === undefined) return loss;
    // ∇W += Gᵀ·A (G = weighted softmax − one-hot, count × classes), ∇b += column sums of G.
    gemmTN(classes, features, count, logits, 0, block, 0, gradient, 0, true);
    for (let j = 0; j < count; j++) for (let c = 0; c < classes; c++) gradient[biasAt + c] += logits[j * classes + c];
    return loss;
  }

  predict(x: Float64Array, block: Float64Array, count: number, out: Uint8Array): void {
    this.forward(x, block, count);
    argmaxRows(this.logits, count, this.classes, out);
  }

  regularizer(): number {
    return 0;
  }

  /** logits = A·Wᵀ + b. */
  private forward(x: Float64Array, block: Float64Array, count: number): void {
    const { features, classes, logits } = this;
    const biasAt = features * classes;
    gemmNT(count, classes, features, block, 0, x, 0, logits, 0, false);
    for (let j = 0; j < count; j++) for (let c = 0; c < classes; c++) logits[j * classes + c] += x[biasAt + c];
  }
}
