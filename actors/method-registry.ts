import type { Raw } from '../src/scenario/fields.ts';
import type { MethodCatalog, MethodParseContext } from '../src/scenario/method-catalog.ts';
import type { AnyMethodDefinition } from './method-definition.ts';
import { asgd } from './methods/asgd.ts';
import { hero } from './methods/hero.ts';
import { malenia } from './methods/malenia.ts';
import { minibatch } from './methods/minibatch.ts';
import { rennala } from './methods/rennala.ts';

/** A set of methods: the catalog scenarios are validated against, and the definitions to run. */
export interface MethodRegistry {
  readonly methods: readonly AnyMethodDefinition[];
  readonly catalog: MethodCatalog;
  /** The method with this id; throws if unknown (scenario parsing has already checked ids). */
  get(id: string): AnyMethodDefinition;
}

/**
 * A registry of `methods` (ids must be unique). Pass one to `run` to try a method of your own
 * alongside the built-in ones: `createRegistry([...METHODS, myMethod])`.
 */
export function createRegistry(methods: readonly AnyMethodDefinition[]): MethodRegistry {
  const byId = new Map<string, AnyMethodDefinition>();
  for (const method of methods) {
    if (byId.has(method.id)) throw new Error(`two methods share the id "${method.id}"`);
    byId.set(method.id, method);
  }
  const get = (id: string): AnyMethodDefinition => {
    const method = byId.get(id);
    if (method === undefined) throw new Error(`unknown method "${id}"; known: ${[...byId.keys()].join(', ')}`);
    return method;
  };
  return {
    methods,
    get,
    catalog: {
      ids: () => methods.map((m) => m.id),
      parseParams: (id: string, raw: Raw, path: string, context: MethodParseContext) => get(id).parseParams(raw, path, context) as Record<string, unknown>,
    },
  };
}

/** Every method roundtable knows, in the order tables list them. */
export const METHODS: readonly AnyMethodDefinition[] = [hero, minibatch, asgd, rennala, malenia];

/** The registry of the built-in methods. */
export const defaultRegistry: MethodRegistry = createRegistry(METHODS);

/** The method with this id in the built-in registry. */
export const getMethod = (id: string): AnyMethodDefinition => defaultRegistry.get(id);

/** The catalog of the built-in methods. */
export const methodCatalog: MethodCatalog = defaultRegistry.catalog;
