import { closeSync, openSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { ScenarioError } from '../../input/scenario-error.ts';
import type { DataInput } from './data-spec.ts';

/** Features per example and number of classes of a dataset, known before loading it. */
export interface DataShape {
  readonly features: number;
  readonly classes: number;
}

/** The `mnist` package's digits: 28×28 pixels, 10 classes. */
export const MNIST_SHAPE: DataShape = { features: 784, classes: 10 };

/**
 * The shape of a dataset, for validation and d: MNIST's is known; an IDX image file's header
 * says its feature count (the first 16 bytes, decompressing only the start of a gzipped file),
 * and the classes are the labels of MNIST-format files, 10 (Fashion-MNIST has 10 too).
 */
export function dataShape(data: DataInput, path: string): DataShape {
  if (data.kind === 'mnist') return MNIST_SHAPE;
  const header = readHead(data.trainImages, `${path}.trainImages`);
  const magic = header.readUInt32BE(0);
  if (magic !== 0x00000803) throw new ScenarioError(`${path}.trainImages`, data.trainImages, 'an IDX image file (magic 0x00000803)', `${path}.trainImages: ${data.trainImages} is not an IDX image file (magic 0x${magic.toString(16).padStart(8, '0')}, expected 0x00000803)`);
  return { features: header.readUInt32BE(8) * header.readUInt32BE(12), classes: 10 };
}

/** The first 16 bytes of a file, gunzipped if it is gzipped. */
function readHead(file: string, path: string): Buffer {
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      head = Buffer.alloc(64 * 1024);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new ScenarioError(path, file, 'a readable IDX file', `${path}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const gzipped = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const bytes = gzipped ? gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }) : head;
  if (bytes.length < 16) throw new ScenarioError(path, file, 'an IDX file (at least a 16-byte header)');
  return bytes;
}
