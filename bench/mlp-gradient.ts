import { Mlp } from '../src/problems/supervised/mlp.ts';
import { RandomStream } from '../src/random/random-stream.ts';
import { measure } from './measure.ts';

/**
 * The whole MLP minibatch gradient as the engine computes it (Mlp.accumulate: the products,
 * bias, ReLU, softmax cross-entropy), samples and GFLOP/s, next to the products alone: what the
 * rest of the model costs on top of the kernels.
 */
export function benchMlpGradient(lines: (line: string) => void): void {
  const model = new Mlp(784, 128, 10);
  const rng = RandomStream.named(1, 'bench-mlp');
  const x = model.initialPoint(() => rng.uniform());
  const gradient = new Float64Array(model.dimension);
  lines('');
  lines('The whole MLP minibatch gradient (Mlp.accumulate: products + bias + ReLU + softmax cross-entropy)');
  lines(`  ${'b'.padStart(3)}  ${'samples/s'.padStart(10)} ${'GFLOP/s'.padStart(8)}`);
  for (const b of [4, 32, 128]) {
    const block = Float64Array.from({ length: b * 784 }, () => rng.normal());
    const labels = Uint8Array.from({ length: b }, () => rng.int(10));
    let calls = 1;
    const once = () => {
      gradient.fill(0);
      model.accumulate(x, block, labels, b, 1 / b, gradient);
    };
    // Enough calls per sample for ~100 ms.
    for (let start = performance.now(); performance.now() - start < 100; calls *= 2) for (let i = 0; i < calls; i++) once();
    const { rate } = measure(() => {
      for (let i = 0; i < calls; i++) once();
      return calls * b;
    }, 3);
    lines(`  ${String(b).padStart(3)}  ${rate.toFixed(0).padStart(10)} ${((rate * model.flopsPerExample) / 1e9).toFixed(2).padStart(8)}`);
  }
}
