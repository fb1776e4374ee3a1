import { readInteger, readObject, readOneOf } from '../input/fields.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import type { CompressorSpec } from './compressor.ts';

/** The `kind` of a compressor spec. */
export type CompressorKind = CompressorSpec['kind'];

/** Every compressor kind, in the order error messages list them. */
export const COMPRESSOR_KINDS = ['identity', 'rand-k', 'qsgd', 'natural'] as const satisfies readonly CompressorKind[];

/**
 * Validates a compressor written in a scenario, e.g. `{ kind: 'rand-k', k: 1 }`, for models of
 * dimension `dimension`. Unknown keys are errors. RandK's `k` must be an integer in [1, d];
 * QSGD's `levels` an integer ≥ 1. Every error is a {@link ScenarioError} naming the path and
 * the value.
 */
export function parseCompressor(value: unknown, path: string, dimension: number): CompressorSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(path, value, `a compressor object with a kind (${COMPRESSOR_KINDS.join(', ')})`);
  }
  const kind = readOneOf('kind' in value ? value.kind : undefined, `${path}.kind`, COMPRESSOR_KINDS);
  switch (kind) {
    case 'identity':
    case 'natural':
      readObject(value, path, ['kind']);
      return { kind };
    case 'rand-k': {
      const raw = readObject(value, path, ['kind', 'k']);
      const k = raw.k;
      if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1 || k > dimension) {
        throw new ScenarioError(`${path}.k`, k, `an integer in [1, ${dimension}] (the model dimension d = ${dimension})`);
      }
      return { kind, k };
    }
    case 'qsgd': {
      const raw = readObject(value, path, ['kind', 'levels']);
      return { kind, levels: readInteger(raw.levels, `${path}.levels`, 1) };
    }
  }
}
