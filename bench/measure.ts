/** Helpers for benchmarks: wall-clock timing lives here, never in simulation code. */

export interface Measurement {
  /** Median wall seconds over the repetitions. */
  readonly seconds: number;
  /** Units of work per wall second at the median. */
  readonly rate: number;
}

/**
 * Runs `body` (which returns how many units of work it did) once to warm up, then `repeat`
 * times, and reports the median.
 */
export function measure(body: () => number, repeat = 3): Measurement {
  body();
  const samples: { seconds: number; units: number }[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    const units = body();
    samples.push({ seconds: (performance.now() - start) / 1000, units });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  const median = samples[Math.floor(samples.length / 2)];
  return { seconds: median.seconds, rate: median.units / median.seconds };
}

export function formatRate(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)}M/s` : `${(rate / 1e3).toFixed(0)}k/s`;
}

/** {@link measure} for asynchronous bodies (the threads engine). */
export async function measureAsync(body: () => Promise<number>, repeat = 3): Promise<Measurement> {
  await body();
  const samples: { seconds: number; units: number }[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    const units = await body();
    samples.push({ seconds: (performance.now() - start) / 1000, units });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  const median = samples[Math.floor(samples.length / 2)];
  return { seconds: median.seconds, rate: median.units / median.seconds };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
