import type { Raw } from '../src/scenario/fields.ts';
import type { MethodCatalog, MethodParseContext } from '../src/scenario/method-catalog.ts';
import type { AnyMethodDefinition } from './method-definition.ts';
import { asgd } from './methods/asgd.ts';
import { hero } from './methods/hero.ts';
import { malenia } from './methods/malenia.ts';
import { minibatch } from './methods/minibatch.ts';
import { rennala } from './methods/rennala.ts';

/** Every method roundtable knows, in the order tables list them. */
export const METHODS: readonly AnyMethodDefinition[] = [hero, minibatch, asgd, rennala, malenia];

const byId = new Map(METHODS.map((m) => [m.id, m]));

/** The method with this id; throws if unknown (scenario parsing has already checked ids). */
export function getMethod(id: string): AnyMethodDefinition {
  const method = byId.get(id);
  if (method === undefined) throw new Error(`unknown method "${id}"; known: ${[...byId.keys()].join(', ')}`);
  return method;
}

/** The catalog the scenario parser validates method entries against. */
export const methodCatalog: MethodCatalog = {
  ids: () => METHODS.map((m) => m.id),
  parseParams: (id: string, raw: Raw, path: string, context: MethodParseContext) =>
    getMethod(id).parseParams(raw, path, context) as Record<string, unknown>,
};
