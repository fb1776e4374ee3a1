/**
 * Softmax cross-entropy over a block of logits (count × classes, row-major, at `offset`):
 * returns Σ_j weight·(−log softmax(z_j)[y_j]) and, when `gradient` is true, overwrites the
 * logits with weight·(softmax(z_j) − e_{y_j}), the gradient of that sum with respect to them.
 * Uses the max-shifted log-sum-exp, so large logits neither overflow nor lose the loss.
 */
export function softmaxCrossEntropy(logits: Float64Array, count: number, classes: number, labels: Uint8Array, weight: number, gradient: boolean): number {
  let loss = 0;
  for (let j = 0; j < count; j++) {
    const row = j * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (logits[row + c] > max) max = logits[row + c];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c] - max);
    const logSum = max + Math.log(sum);
    const label = labels[j];
    loss += weight * (logSum - logits[row + label]);
    if (!gradient) continue;
    for (let c = 0; c < classes; c++) logits[row + c] = weight * Math.exp(logits[row + c] - logSum);
    logits[row + label] -= weight;
  }
  return loss;
}

/** The index of the largest entry of each row (ties: the first). */
export function argmaxRows(values: Float64Array, count: number, columns: number, out: Uint8Array): void {
  for (let j = 0; j < count; j++) {
    let best = 0;
    for (let c = 1; c < columns; c++) if (values[j * columns + c] > values[j * columns + best]) best = c;
    out[j] = best;
  }
}
