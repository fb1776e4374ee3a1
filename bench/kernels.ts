import { benchMlpGradient } from './mlp-gradient.ts';
import { gemmNN, gemmNT, gemmTN } from '../src/linalg/gemm.ts';
import { referenceGemmNN, referenceGemmNT, referenceGemmTN } from '../src/linalg/gemm-reference.ts';
import { type NumpyProduct, type NumpyTimes, timeWithNumpy } from './kernels-numpy.ts';
import { measure } from './measure.ts';

type Gemm = typeof gemmNN;

const KERNELS: Record<NumpyProduct['op'], { readonly fast: Gemm; readonly naive: Gemm }> = {
  NN: { fast: gemmNN, naive: referenceGemmNN },
  NT: { fast: gemmNT, naive: referenceGemmNT },
  TN: { fast: gemmTN, naive: referenceGemmTN },
};

interface Product extends NumpyProduct {
  readonly label: string;
}

const BATCHES = [4, 128];
const MIN_SAMPLE_SECONDS = 0.1;
const REPEAT = 5;

/** The three products the brief singles out, for the 784–128–10 MLP at batch b. */
function headlineProducts(b: number): Product[] {
  return [
    { label: 'forward X·W1ᵀ', op: 'NT', m: b, n: 128, k: 784 },
    { label: 'W1 gradient dZ1ᵀ·X', op: 'TN', m: 128, n: 784, k: b },
    { label: 'hidden gradient dZ2·W2', op: 'NN', m: b, n: 128, k: 10 },
  ];
}

/** Every product of one minibatch gradient: both layers forward, then dW2, dH, dW1. */
function minibatchProducts(b: number): Product[] {
  return [
    { label: 'Z1 = X·W1ᵀ', op: 'NT', m: b, n: 128, k: 784 },
    { label: 'Z2 = H·W2ᵀ', op: 'NT', m: b, n: 10, k: 128 },
    { label: 'dW2 = dZ2ᵀ·H', op: 'TN', m: 10, n: 128, k: b },
    { label: 'dH = dZ2·W2', op: 'NN', m: b, n: 128, k: 10 },
    { label: 'dW1 = dZ1ᵀ·X', op: 'TN', m: 128, n: 784, k: b },
  ];
}

/** A fixed, sign-mixed fill: the timing must not depend on a random draw. */
function filled(length: number, phase: number): Float64Array {
  const out = new Float64Array(length);
  for (let x = 0; x < length; x++) out[x] = Math.sin(0.7 * x + phase);
  return out;
}

/** Seconds per pass over `products` with the fast or the naive kernels. */
function secondsPerPass(products: readonly Product[], which: 'fast' | 'naive'): number {
  const prepared = products.map((p, index) => ({ ...p, a: filled(p.m * p.k, index), b: filled(p.k * p.n, index + 0.5), c: new Float64Array(p.m * p.n), gemm: KERNELS[p.op][which] }));
  const once = () => {
    for (const p of prepared) p.gemm(p.m, p.n, p.k, p.a, 0, p.b, 0, p.c, 0, false);
  };
  let iterations = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) once();
    if (performance.now() - start >= 1000 * MIN_SAMPLE_SECONDS) break;
    iterations *= 2;
  }
  const { rate } = measure(() => {
    for (let i = 0; i < iterations; i++) once();
    return iterations;
  }, REPEAT);
  return 1 / rate;
}

const flops = (p: Product) => 2 * p.m * p.n * p.k;
const numpySeconds = (numpy: NumpyTimes, name: string) => ('seconds' in numpy ? numpy.seconds.get(name) : undefined);
const column = (value: number | undefined, digits: number, width: number, suffix = '') => (value === undefined ? '—' : `${value.toFixed(digits)}${suffix}`).padStart(width);

/**
 * The MLP's matrix products: GFLOP/s of the fast kernels (src/linalg/gemm.ts), of the naive
 * loops and of numpy with one thread, all measured in this one run, then a whole minibatch's
 * products as samples per second.
 */
export function benchKernels(lines: (line: string) => void): void {
  const jobs = BATCHES.flatMap((b) => [
    ...headlineProducts(b).map((p) => ({ name: `${p.op} ${p.m}×${p.n}×${p.k}`, products: [p] })),
    { name: `minibatch ${b}`, products: minibatchProducts(b) },
  ]);
  const numpy = timeWithNumpy(jobs);

  lines(`MLP 784–128–10 matrix products, GFLOP/s = 2mnk / time (median of ${REPEAT} samples of ≥ ${1000 * MIN_SAMPLE_SECONDS} ms; Float64)`);
  lines('  fast: src/linalg/gemm.ts, WebAssembly f64x2, copying the operands in and C out included; naive: gemm-reference.ts');
  lines('skipped' in numpy ? `  numpy column skipped: ${numpy.skipped}` : `  numpy ${numpy.version}: np.matmul into a preallocated out, OPENBLAS/OMP/MKL_NUM_THREADS=1`);
  lines(`  ${'b'.padStart(3)}  ${'product'.padEnd(30)} ${'m×n×k'.padEnd(12)} ${'fast'.padStart(7)} ${'naive'.padStart(7)} ${'fast/naive'.padStart(10)} ${'numpy'.padStart(7)} ${'numpy/fast'.padStart(10)}`);
  for (const b of BATCHES) {
    for (const p of headlineProducts(b)) {
      const fast = flops(p) / secondsPerPass([p], 'fast') / 1e9;
      const naive = flops(p) / secondsPerPass([p], 'naive') / 1e9;
      const seconds = numpySeconds(numpy, `${p.op} ${p.m}×${p.n}×${p.k}`);
      const reference = seconds === undefined ? undefined : flops(p) / seconds / 1e9;
      lines(
        `  ${String(b).padStart(3)}  ${`${p.label} (${p.op})`.padEnd(30)} ${`${p.m}×${p.n}×${p.k}`.padEnd(12)} ${column(fast, 2, 7)} ${column(naive, 2, 7)} ${column(fast / naive, 1, 9, '×')} ${column(reference, 2, 7)} ${column(reference === undefined ? undefined : reference / fast, 2, 9, '×')}`,
      );
    }
  }

  lines('');
  lines('A whole minibatch gradient’s products (X·W1ᵀ, H·W2ᵀ, dZ2ᵀ·H, dZ2·W2, dZ1ᵀ·X), samples per second');
  lines(`  ${'b'.padStart(3)}  ${'fast'.padStart(10)} ${'naive'.padStart(10)} ${'fast/naive'.padStart(10)} ${'numpy'.padStart(10)} ${'numpy/fast'.padStart(10)}`);
  for (const b of BATCHES) {
    const fast = b / secondsPerPass(minibatchProducts(b), 'fast');
    const naive = b / secondsPerPass(minibatchProducts(b), 'naive');
    const seconds = numpySeconds(numpy, `minibatch ${b}`);
    const reference = seconds === undefined ? undefined : b / seconds;
    lines(
      `  ${String(b).padStart(3)}  ${column(fast, 0, 10)} ${column(naive, 0, 10)} ${column(fast / naive, 1, 9, '×')} ${column(reference, 0, 10)} ${column(reference === undefined ? undefined : reference / fast, 2, 9, '×')}`,
    );
  }
  benchMlpGradient(lines);
}
