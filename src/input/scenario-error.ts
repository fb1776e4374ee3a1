/**
 * Bad input in a scenario, a sweep or a library call's options. The message names the field,
 * the value and what was expected: `scenario.workers[3].tau must be a positive number; got -1`.
 * Library code names fields by their path (`options.methods`); only the CLI says which flag set
 * them (see {@link ScenarioError.renamed}).
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(
    /** Dotted path of the offending field, e.g. `scenario.workers[3].tau`. */
    readonly path: string,
    /** The value found there. */
    readonly value: unknown,
    /** What was expected, e.g. `a positive number`. */
    readonly expected: string,
    /** Overrides the standard `PATH must be EXPECTED; got VALUE` sentence. */
    message?: string,
  ) {
    super(message ?? `${path} must be ${expected}; got ${describeValue(value)}`);
  }

  /**
   * The same error for a field known by another name where it was set (`options.methods` is
   * `--method` on the command line): the path and the message say `to` instead of `from`.
   */
  renamed(from: string, to: string): ScenarioError {
    if (!this.path.startsWith(from)) return this;
    const path = to + this.path.slice(from.length);
    return new ScenarioError(path, this.value, this.expected, this.message.split(from).join(to));
  }
}

/** A short, single-line rendering of any value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 6).join(', ')}`;
  }
  return String(value);
}
