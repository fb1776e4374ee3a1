import { readBoolean, readInteger, readNonNegative, readNumber, readObject, readOneOf, readPositive, type Raw } from './fields.ts';
import { ScenarioError } from './scenario-error.ts';

/**
 * Declared shapes: an object kind (a fault, a speed profile) written once as its fields, from
 * which its parser, its TypeScript types and its documentation follow. A field knows how to
 * read its value (with the readers of fields.ts: errors name the path and the value), whether
 * it may be left out and what it then is, and what it means.
 */
export interface Field<T> {
  /** What the field is, with its unit. */
  readonly doc: string;
  /** `context`: what the whole parse was given (a custom reader may need it: a file reader). */
  read(value: unknown, path: string, context?: unknown): T;
  /** Left out: undefined, or the value it then takes. */
  readonly fallback: { readonly value: T; readonly text: string } | undefined;
}

/** A field that may be left out. */
export interface OptionalField<T> extends Field<T> {
  readonly fallback: { readonly value: T; readonly text: string };
}

function field<T>(doc: string, read: (value: unknown, path: string, context?: unknown) => T): Field<T> & { or(value: T, text?: string): OptionalField<T> } {
  return {
    doc,
    read,
    fallback: undefined,
    or: (value, text) => ({ doc, read, fallback: { value, text: text ?? formatDefault(value) } }),
  };
}

function formatDefault(value: unknown): string {
  if (value === Infinity) return '∞';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Field readers for declared shapes. */
export const fields = {
  number: (doc: string) => field(doc, readNumber),
  positive: (doc: string) => field(doc, readPositive),
  nonNegative: (doc: string) => field(doc, readNonNegative),
  integer: (doc: string, min: number, max?: number) => field(doc, (v, p) => readInteger(v, p, min, max)),
  boolean: (doc: string) => field(doc, readBoolean),
  oneOf: <T extends string>(doc: string, options: readonly T[]) => field(doc, (v, p) => readOneOf(v, p, options)),
  /** A number in [min, max] (`range` says it in the error, e.g. "[0, 1]"). */
  between: (doc: string, min: number, max: number, range = `[${min}, ${max}]`) =>
    field(doc, (value, path) => {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new ScenarioError(path, value, `a number in ${range}`);
      return value;
    }),
  /** A field read by a reader of its own (a distribution, a nested profile). */
  custom: <T>(doc: string, read: (value: unknown, path: string, context?: unknown) => T) => field(doc, read),
};

export type FieldMap = Readonly<Record<string, Field<unknown>>>;

/** The validated value of a shape: every field, defaults filled in. */
export type SpecOf<F extends FieldMap> = { readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

type OptionalKeys<F extends FieldMap> = { [K in keyof F]: F[K] extends OptionalField<unknown> ? K : never }[keyof F];
type RequiredKeys<F extends FieldMap> = Exclude<keyof F, OptionalKeys<F>>;

/** What users write for a shape: the required fields, and the optional ones if they like. */
export type InputOf<F extends FieldMap> = { [K in RequiredKeys<F>]: F[K] extends Field<infer T> ? T : never } & {
  [K in OptionalKeys<F>]?: F[K] extends Field<infer T> ? T : never;
};

/** One kind of a tagged union (`{ kind: 'sine', ... }`), declared once. */
export interface Shape<K extends string, F extends FieldMap> {
  readonly kind: K;
  /** What this kind is, in a sentence (the docs). */
  readonly doc: string;
  readonly fields: F;
  /** Keys an object of this kind may have besides its fields (e.g. a fault's target). */
  readonly extraKeys: readonly string[];
  /**
   * Reads `value` (already known to be of this kind): unknown keys are errors, every field is
   * read, then `check` sees the whole (a window's end after its start, and the like).
   */
  parse(value: unknown, path: string, context?: unknown): { readonly kind: K } & SpecOf<F>;
}

/** Declares the shape of one kind: its fields and the checks that span several of them. */
export function shape<K extends string, F extends FieldMap>(
  kind: K,
  doc: string,
  declared: F,
  options: {
    /** Checks across fields, after each has been read; may return the spec completed or amended. */
    readonly check?: (spec: SpecOf<F>, path: string, raw: Raw, context: unknown) => SpecOf<F> | void;
    readonly extraKeys?: readonly string[];
  } = {},
): Shape<K, F> {
  const extraKeys = options.extraKeys ?? [];
  return {
    kind,
    doc,
    fields: declared,
    extraKeys,
    parse(value, path, context) {
      const raw = readObject(value, path, ['kind', ...extraKeys, ...Object.keys(declared)]);
      const spec: Record<string, unknown> = { kind };
      for (const [name, declaredField] of Object.entries(declared)) {
        const given = raw[name];
        if (given === undefined && declaredField.fallback !== undefined) spec[name] = declaredField.fallback.value;
        else spec[name] = declaredField.read(given, `${path}.${name}`, context);
      }
      const checked = options.check?.(spec as SpecOf<F>, path, raw, context);
      return (checked ?? spec) as { readonly kind: K } & SpecOf<F>;
    },
  };
}

/** A union of shapes under `kind`: reads any of them, and lists them (the docs). */
export interface ShapeUnion<S extends Shape<string, FieldMap>> {
  readonly shapes: readonly S[];
  readonly kinds: readonly S['kind'][];
  /** Reads `value` as the kind it names; `what` names the union in errors ("a speed profile"). */
  parse(value: unknown, path: string, context?: unknown): ReturnType<S['parse']>;
}

export function shapeUnion<S extends Shape<string, FieldMap>>(what: string, shapes: readonly S[]): ShapeUnion<S> {
  const kinds = shapes.map((s) => s.kind);
  return {
    shapes,
    kinds,
    parse(value, path, context) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ScenarioError(path, value, `${what} object with a kind (${kinds.join(', ')})`);
      const kind = readOneOf((value as Raw).kind, `${path}.kind`, kinds);
      return shapes.find((s) => s.kind === kind)!.parse(value, path, context) as ReturnType<S['parse']>;
    },
  };
}

/** A Markdown table of a union's kinds and their fields (written into the docs). */
export function shapesTable(union: ShapeUnion<Shape<string, FieldMap>>): string {
  const lines = ['| kind | fields | what it is |', '|---|---|---|'];
  for (const s of union.shapes) {
    const described = Object.entries(s.fields).map(([name, f]) => (f.fallback === undefined ? `\`${name}\`` : `\`${name}\` (default ${f.fallback.text})`));
    lines.push(`| \`${s.kind}\` | ${described.join(', ') || '—'} | ${s.doc.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}

/** Every field of every kind of a union, one row each (the docs' detailed reference). */
export function fieldsTable(union: ShapeUnion<Shape<string, FieldMap>>): string {
  const lines = ['| kind | field | meaning | default |', '|---|---|---|---|'];
  for (const s of union.shapes) {
    for (const [name, f] of Object.entries(s.fields)) lines.push(`| \`${s.kind}\` | \`${name}\` | ${f.doc.replace(/\|/g, '\\|')} | ${f.fallback === undefined ? 'required' : f.fallback.text} |`);
  }
  return lines.join('\n');
}
