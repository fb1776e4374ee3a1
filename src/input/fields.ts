import { ScenarioError } from './scenario-error.ts';

/**
 * Readers for untrusted scenario fields. Each takes the raw value and its path, and either
 * returns a typed value or throws a {@link ScenarioError} naming the path, the value and the
 * expectation. Everything a user can write goes through these.
 */

export type Raw = Record<string, unknown>;

/** A plain object whose keys are all in `allowed`; unknown keys are errors, not ignored. */
export function readObject(value: unknown, path: string, allowed: readonly string[]): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(path, value, 'an object');
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const field = `${path}.${key}`;
      throw new ScenarioError(field, (value as Raw)[key], `one of the known fields`,
        `${field} is not a known field (known here: ${allowed.join(', ')})`);
    }
  }
  return value as Raw;
}

export function readArray(value: unknown, path: string, what = 'an array'): unknown[] {
  if (!Array.isArray(value)) throw new ScenarioError(path, value, what);
  // A sparse array (`list[2] = …` in a TypeScript scenario) has holes that map() and forEach()
  // skip: name the first one instead of letting it through.
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw new ScenarioError(`${path}[${i}]`, undefined, `an entry (${path} has a hole at index ${i}: a sparse array)`);
  }
  return value;
}

export function readNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ScenarioError(path, value, 'a finite number');
  return value;
}

export function readPositive(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ScenarioError(path, value, 'a positive number');
  }
  return value;
}

export function readNonNegative(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ScenarioError(path, value, 'a non-negative number');
  }
  return value;
}

/** A number in [min, max] (inclusive unless stated). */
export function readInRange(value: unknown, path: string, min: number, max: number, openMin = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (openMin ? value > min : value >= min) && value <= max;
  if (!ok) throw new ScenarioError(path, value, `a number in ${openMin ? '(' : '['}${min}, ${max}]`);
  return value as number;
}

export function readInteger(value: unknown, path: string, min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new ScenarioError(path, value, `an integer ${range}`);
  }
  return value;
}

export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new ScenarioError(path, value, 'true or false');
  return value;
}

export function readString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new ScenarioError(path, value, 'a non-empty string');
  return value;
}

export function readOneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ScenarioError(path, value, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
  }
  return value as T;
}

/** A non-empty array of finite numbers. */
export function readNumberList(value: unknown, path: string, each: (v: unknown, p: string) => number = readNumber): number[] {
  const list = readArray(value, path, 'a non-empty array of numbers');
  if (list.length === 0) throw new ScenarioError(path, value, 'a non-empty array of numbers');
  return list.map((v, i) => each(v, `${path}[${i}]`));
}

/** Applies `read` when the field is present, otherwise returns `fallback`. */
export function optional<T>(value: unknown, path: string, read: (v: unknown, p: string) => T, fallback: T): T {
  return value === undefined ? fallback : read(value, path);
}
