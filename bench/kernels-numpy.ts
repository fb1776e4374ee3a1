import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One product as numpy-gemm.py reads it: op names the storage of A and B, as in gemm.ts. */
export interface NumpyProduct {
  readonly op: 'NN' | 'NT' | 'TN';
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

/** Products timed together, as one pass. */
export interface NumpyJob {
  readonly name: string;
  readonly products: readonly NumpyProduct[];
}

export type NumpyTimes = { readonly version: string; readonly seconds: ReadonlyMap<string, number> } | { readonly skipped: string };

const SCRIPT = fileURLToPath(new URL('./numpy-gemm.py', import.meta.url));

/**
 * Seconds per pass of each job with numpy's matrix product, one BLAS thread (the kernels are
 * single-threaded), from one run of numpy-gemm.py; `skipped` says why when python3 or numpy is
 * missing or the script fails.
 */
export function timeWithNumpy(jobs: readonly NumpyJob[]): NumpyTimes {
  const threads = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const result = spawnSync('python3', [SCRIPT, JSON.stringify(jobs)], { env: { ...process.env, ...threads }, encoding: 'utf8', timeout: 300_000 });
  if (result.error) return { skipped: `python3 did not run (${result.error.message})` };
  if (result.status !== 0) return { skipped: `numpy-gemm.py failed: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`}` };
  const parsed: unknown = JSON.parse(result.stdout);
  if (!isNumpyOutput(parsed)) return { skipped: `numpy-gemm.py printed something unexpected: ${result.stdout.slice(0, 200)}` };
  return { version: parsed.numpy, seconds: new Map(Object.entries(parsed.seconds)) };
}

function isNumpyOutput(value: unknown): value is { numpy: string; seconds: Record<string, number> } {
  if (typeof value !== 'object' || value === null || !('numpy' in value) || !('seconds' in value)) return false;
  const { numpy, seconds } = value;
  return typeof numpy === 'string' && typeof seconds === 'object' && seconds !== null && Object.values(seconds).every((s) => typeof s === 'number');
}
