import { DISTRIBUTION_KINDS, type DistributionSpec } from '../random/distributions.ts';
import { readNonNegative, readNumber, readObject, readOneOf, readPositive } from '../input/fields.ts';
import { ScenarioError } from '../input/scenario-error.ts';

/**
 * Validates a distribution written in a scenario, e.g. `{ kind: 'uniform', min: 0.1, max: 1 }`.
 * Unknown keys are errors. Every value must be a non-negative duration: constant `value` ≥ 0,
 * uniform 0 ≤ min ≤ max, and every mean, scale, sigma and shape positive (`mu` is any number).
 */
export function parseDistribution(value: unknown, path: string): DistributionSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(path, value, `a distribution object with a kind (${DISTRIBUTION_KINDS.join(', ')})`);
  }
  const kind = readOneOf('kind' in value ? value.kind : undefined, `${path}.kind`, DISTRIBUTION_KINDS);
  switch (kind) {
    case 'constant': {
      const raw = readObject(value, path, ['kind', 'value']);
      return { kind, value: readNonNegative(raw.value, `${path}.value`) };
    }
    case 'uniform': {
      const raw = readObject(value, path, ['kind', 'min', 'max']);
      const min = readNonNegative(raw.min, `${path}.min`);
      const max = readNonNegative(raw.max, `${path}.max`);
      if (max < min) throw new ScenarioError(`${path}.max`, max, `a number ≥ min (${min})`);
      return { kind, min, max };
    }
    case 'exponential': {
      const raw = readObject(value, path, ['kind', 'mean']);
      return { kind, mean: readPositive(raw.mean, `${path}.mean`) };
    }
    case 'log-normal': {
      const raw = readObject(value, path, ['kind', 'mu', 'sigma']);
      return { kind, mu: readNumber(raw.mu, `${path}.mu`), sigma: readPositive(raw.sigma, `${path}.sigma`) };
    }
    case 'half-normal': {
      const raw = readObject(value, path, ['kind', 'scale']);
      return { kind, scale: readPositive(raw.scale, `${path}.scale`) };
    }
    case 'pareto': {
      const raw = readObject(value, path, ['kind', 'scale', 'shape']);
      return { kind, scale: readPositive(raw.scale, `${path}.scale`), shape: readPositive(raw.shape, `${path}.shape`) };
    }
  }
}
