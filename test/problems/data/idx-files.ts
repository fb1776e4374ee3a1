import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Writers of small IDX files for the loader tests (the format of MNIST and Fashion-MNIST). */

function header(magic: number, sizes: readonly number[]): Buffer {
  const out = Buffer.alloc(4 + 4 * sizes.length);
  out.writeUInt32BE(magic, 0);
  sizes.forEach((size, k) => out.writeUInt32BE(size, 4 + 4 * k));
  return out;
}

/** An IDX image file's bytes: count × rows × cols unsigned bytes. */
export function idxImageBytes(rows: number, cols: number, pixels: readonly number[]): Buffer {
  return Buffer.concat([header(0x00000803, [pixels.length / (rows * cols), rows, cols]), Buffer.from(pixels)]);
}

/** An IDX label file's bytes. */
export function idxLabelBytes(labels: readonly number[]): Buffer {
  return Buffer.concat([header(0x00000801, [labels.length]), Buffer.from(labels)]);
}

/** Writes `bytes` (gzipped when asked) to `dir/name` and returns the path. */
export function writeFile(dir: string, name: string, bytes: Buffer, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}
