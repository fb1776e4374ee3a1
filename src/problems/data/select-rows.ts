import type { LabelledData } from './dataset.ts';

/**
 * A fresh copy of the examples `rows` of `data`, in the order given. Copies rather than views so
 * callers (normalization, a problem's own buffers) can never write into a shared cache.
 */
export function selectRows(data: LabelledData, rows: ArrayLike<number>): LabelledData {
  const features = data.features;
  const count = rows.length;
  const x = new Float64Array(count * features);
  const y = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const row = rows[i];
    x.set(data.x.subarray(row * features, (row + 1) * features), i * features);
    y[i] = data.y[row];
  }
  return { count, features, x, y };
}
