import { readObject, type Raw } from '../src/input/fields.ts';
import type { MethodCatalog, MethodParseContext } from '../src/scenario/method-catalog.ts';
import type { AnyMethodDefinition } from './method-definition.ts';
import { amelie } from './graph/amelie.ts';
import { fragile } from './graph/fragile.ts';
import { minibatchGraph } from './graph/minibatch-graph.ts';
import { asgd } from './methods/asgd.ts';
import { asgrad } from './methods/asgrad.ts';
import { delayAdaptiveAsgd } from './methods/delay-adaptive-asgd.ts';
import { fedbuff } from './methods/fedbuff.ts';
import { freyaPage } from './methods/freya-page.ts';
import { hero } from './methods/hero.ts';
import { ia2sgd } from './methods/ia2sgd.ts';
import { malenia } from './methods/malenia.ts';
import { minibatch } from './methods/minibatch.ts';
import { minibatchBackup } from './methods/minibatch-backup.ts';
import { mindflayer } from './methods/mindflayer.ts';
import { qsgdMinibatch } from './methods/qsgd-minibatch.ts';
import { rennala } from './methods/rennala.ts';
import { rescaledAsgd } from './methods/rescaled-asgd.ts';
import { ringleader } from './methods/ringleader.ts';
import { ringmaster } from './methods/ringmaster.ts';
import { shadowheart } from './methods/shadowheart.ts';

/** A set of methods: the catalog scenarios are validated against, and the definitions to run. */
export interface MethodRegistry {
  readonly methods: readonly AnyMethodDefinition[];
  readonly catalog: MethodCatalog;
  /** The method with this id; throws if unknown (scenario parsing has already checked ids). */
  get(id: string): AnyMethodDefinition;
}

/**
 * A registry of `methods`. Pass one to `run` to try a method of your own alongside the built-in
 * ones: `createRegistry([...METHODS, myMethod])`. Listing the same definition twice is harmless;
 * two different methods with one id are an error.
 */
export function createRegistry(listed: readonly AnyMethodDefinition[]): MethodRegistry {
  const byId = new Map<string, AnyMethodDefinition>();
  for (const method of listed) {
    const known = byId.get(method.id);
    if (known !== undefined && known !== method) throw new Error(`two methods share the id "${method.id}"`);
    byId.set(method.id, method);
  }
  const methods = [...byId.values()];
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
      parseParams: (id: string, raw: Raw, path: string, context: MethodParseContext) => {
        const method = get(id);
        // The names a method declares are the names it takes: no other field reaches its parser.
        readObject(raw, path, ['method', 'label', ...method.parameters.map((p) => p.name)]);
        return method.parseParams(raw, path, context) as Record<string, unknown>;
      },
    },
  };
}

/** Every method roundtable knows, in the order tables list them. */
export const METHODS: readonly AnyMethodDefinition[] = [
  hero,
  minibatch,
  minibatchBackup,
  asgd,
  delayAdaptiveAsgd,
  rescaledAsgd,
  asgrad,
  rennala,
  ringmaster,
  malenia,
  ringleader,
  ia2sgd,
  shadowheart,
  qsgdMinibatch,
  mindflayer,
  fedbuff,
  freyaPage,
  minibatchGraph,
  fragile,
  amelie,
];

/** The registry of the built-in methods. */
export const defaultRegistry: MethodRegistry = createRegistry(METHODS);

/** The method with this id in the built-in registry. */
export const getMethod = (id: string): AnyMethodDefinition => defaultRegistry.get(id);

/** The catalog of the built-in methods. */
export const methodCatalog: MethodCatalog = defaultRegistry.catalog;
