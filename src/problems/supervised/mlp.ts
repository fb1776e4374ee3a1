import { gemmNN, gemmNT, gemmTN } from '../../linalg/gemm.ts';
import type { Model } from './model.ts';
import { argmaxRows, softmaxCrossEntropy } from './softmax-cross-entropy.ts';

/** Examples per block: bounds the scratch activations. */
const BLOCK = 128;

/**
 * A two-layer perceptron, features–hidden–classes with ReLU and softmax cross-entropy
 * (Ringleader's task: 784–128–10, d = 101 770). x = [W1 (hidden × features), b1, W2 (classes ×
 * hidden), b2]. The products go through the blocked kernels of src/linalg/gemm.ts. Starts at
 * PyTorch's default: every weight and bias uniform in ±1/√fan_in.
 */
export class Mlp implements Model {
  readonly dimension: number;
  readonly maxBlock = BLOCK;
  readonly flopsPerExample: number;
  private readonly at: { w1: number; b1: number; w2: number; b2: number };
  /** Pre-activations, then their gradient (block × hidden). */
  private readonly z1: Float64Array;
  /** Activations ReLU(z1) (block × hidden). */
  private readonly h: Float64Array;
  /** Logits, then their gradient (block × classes). */
  private readonly z2: Float64Array;

  constructor(
    readonly features: number,
    readonly hidden: number,
    readonly classes: number,
  ) {
    const w1 = 0;
    const b1 = w1 + hidden * features;
    const w2 = b1 + hidden;
    const b2 = w2 + classes * hidden;
    this.at = { w1, b1, w2, b2 };
    this.dimension = b2 + classes;
    this.z1 = new Float64Array(BLOCK * hidden);
    this.h = new Float64Array(BLOCK * hidden);
    this.z2 = new Float64Array(BLOCK * classes);
    // Forward: 2·f·h + 2·h·c; backward: weight gradients 2·f·h + 2·h·c, hidden gradient 2·h·c.
    this.flopsPerExample = 4 * features * hidden + 6 * hidden * classes;
  }

  initialPoint(random: () => number): Float64Array {
    const x = new Float64Array(this.dimension);
    const { features, hidden, at } = this;
    const fill = (from: number, to: number, bound: number) => {
      for (let k = from; k < to; k++) x[k] = bound * (2 * random() - 1);
    };
    fill(at.w1, at.w2, 1 / Math.sqrt(features));
    fill(at.w2, this.dimension, 1 / Math.sqrt(hidden));
    return x;
  }

  accumulate(x: Float64Array, block: Float64Array, labels: Uint8Array, count: number, weight: number, gradient: Float64Array | undefined): number {
    const { features, hidden, classes, at, z1, h, z2 } = this;
    this.forward(x, block, count);
    const loss = softmaxCrossEntropy(z2, count, classes, labels, weight, gradient !== undefined);
    if (gradient === undefined) return loss;
    // Layer 2: ∇W2 += G2ᵀ·H, ∇b2 += Σ rows of G2, and the hidden gradient G2·W2 (into z1's place).
    gemmTN(classes, hidden, count, z2, 0, h, 0, gradient, at.w2, true);
    for (let j = 0; j < count; j++) for (let c = 0; c < classes; c++) gradient[at.b2 + c] += z2[j * classes + c];
    gemmNN(count, hidden, classes, z2, 0, x, at.w2, z1, 0, false);
    // ReLU: the gradient flows where the activation was positive.
    for (let k = 0; k < count * hidden; k++) if (h[k] <= 0) z1[k] = 0;
    // Layer 1: ∇W1 += G1ᵀ·A, ∇b1 += Σ rows of G1.
    gemmTN(hidden, features, count, z1, 0, block, 0, gradient, at.w1, true);
    for (let j = 0; j < count; j++) for (let c = 0; c < hidden; c++) gradient[at.b1 + c] += z1[j * hidden + c];
    return loss;
  }

  predict(x: Float64Array, block: Float64Array, count: number, out: Uint8Array): void {
    this.forward(x, block, count);
    argmaxRows(this.z2, count, this.classes, out);
  }

  regularizer(): number {
    return 0;
  }

  /** z1 = A·W1ᵀ + b1, h = ReLU(z1), z2 = h·W2ᵀ + b2. */
  private forward(x: Float64Array, block: Float64Array, count: number): void {
    const { features, hidden, classes, at, z1, h, z2 } = this;
    gemmNT(count, hidden, features, block, 0, x, at.w1, z1, 0, false);
    for (let j = 0; j < count; j++) {
      for (let c = 0; c < hidden; c++) {
        const k = j * hidden + c;
        const v = z1[k] + x[at.b1 + c];
        z1[k] = v;
        h[k] = v > 0 ? v : 0;
      }
    }
    gemmNT(count, classes, hidden, h, 0, x, at.w2, z2, 0, false);
    for (let j = 0; j < count; j++) for (let c = 0; c < classes; c++) z2[j * classes + c] += x[at.b2 + c];
  }
}
