import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ScenarioError } from '../../input/scenario-error.ts';

/**
 * Readers for the IDX format of MNIST and Fashion-MNIST: a 4-byte magic number
 * (0x00 0x00, the element type, the number of dimensions), one big-endian uint32 per dimension,
 * then the elements. Only unsigned bytes (type 0x08) are used by these datasets.
 */

/** Magic of an unsigned-byte 3-D array (count × rows × cols): an image file. */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic of an unsigned-byte 1-D array: a label file. */
export const IDX_LABELS_MAGIC = 0x00000801;

/** An IDX image file: `count` images of rows × cols unsigned-byte pixels, row-major. */
export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly pixels: Uint8Array;
}

/** Reads an IDX image file (plain or gzipped). `field` names the option that gave `path`, for errors. */
export function readIdxImages(path: string, field: string): IdxImages {
  const bytes = readIdxBytes(path, field);
  const [count, rows, cols] = readHeader(bytes, path, field, IDX_IMAGES_MAGIC, 'an IDX image file');
  const pixels = readBody(bytes, path, field, 16, count * rows * cols, `${count} images of ${rows}×${cols} pixels`);
  return { count, rows, cols, pixels };
}

/** Reads an IDX label file (plain or gzipped), one unsigned byte per example. */
export function readIdxLabels(path: string, field: string): Uint8Array {
  const bytes = readIdxBytes(path, field);
  const [count] = readHeader(bytes, path, field, IDX_LABELS_MAGIC, 'an IDX label file');
  return readBody(bytes, path, field, 8, count, `${count} labels`);
}

/** A {@link ScenarioError} for the file `path` given as `field`: names both and what was wrong. */
export function idxError(field: string, path: string, expected: string, problem: string): ScenarioError {
  return new ScenarioError(field, path, expected, `${field} (${path}): ${problem}; expected ${expected}`);
}

/** The file's bytes, gunzipped when it starts with the gzip magic (1f 8b), whatever its extension. */
function readIdxBytes(path: string, field: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const problem = code === 'ENOENT' ? 'no such file' : `cannot read the file (${error instanceof Error ? error.message : String(error)})`;
    throw idxError(field, path, 'an existing IDX file (plain or gzipped)', problem);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (error) {
      throw idxError(field, path, 'a valid gzip stream', `corrupt gzip data (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return raw;
}

/** Checks the magic (which also fixes the number of dimensions) and returns the dimension sizes. */
function readHeader(bytes: Uint8Array, path: string, field: string, magic: number, what: string): number[] {
  const dimensions = magic & 0xff;
  const headerBytes = 4 + 4 * dimensions;
  const expected = `${what} (magic 0x${hex(magic)})`;
  if (bytes.length < headerBytes) {
    throw idxError(field, path, expected, `truncated: ${bytes.length} bytes, shorter than the ${headerBytes}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) throw idxError(field, path, expected, `bad magic number 0x${hex(found)}`);
  const sizes: number[] = [];
  for (let k = 0; k < dimensions; k++) sizes.push(view.getUint32(4 + 4 * k, false));
  return sizes;
}

/** The `length` elements after the header; the file must hold exactly that many. */
function readBody(bytes: Uint8Array, path: string, field: string, offset: number, length: number, what: string): Uint8Array {
  const available = bytes.length - offset;
  if (available < length) {
    throw idxError(field, path, `${what} as its header says`, `truncated: ${available} data bytes for ${length}`);
  }
  if (available > length) {
    throw idxError(field, path, `${what} as its header says`, `${available - length} unexpected bytes after the data`);
  }
  return bytes.subarray(offset, offset + length);
}

function hex(word: number): string {
  return word.toString(16).padStart(8, '0');
}
