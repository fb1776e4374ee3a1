import { METHODS } from '../../../actors/method-registry.ts';
import type { AnyMethodDefinition } from '../../../actors/method-definition.ts';
import type { MethodKit } from '../method-kit.ts';
import type { GraphKit } from './graph.ts';

/**
 * The test kits, found from the registry: every method names its kit file (`kit`), and the kit
 * with the method's id is read from that file. Nothing else lists them, so a new method's laws
 * run with the generic ones as soon as it is registered, and a method without a kit is an error
 * here (test/actors/registry.test.ts says which).
 */
async function kitsOf<K extends { readonly id: string }>(methods: readonly AnyMethodDefinition[]): Promise<{ kits: K[]; missing: string[] }> {
  const kits: K[] = [];
  const missing: string[] = [];
  for (const method of methods) {
    const file = (await import(`./${method.kit}.ts`).catch(() => ({}))) as Record<string, unknown>;
    const kit = Object.values(file).find((value): value is K => typeof value === 'object' && value !== null && (value as { id?: unknown }).id === method.id);
    if (kit === undefined) missing.push(`${method.id} (kit file test/helpers/kits/${method.kit}.ts)`);
    else kits.push(kit);
  }
  return { kits, missing };
}

const central = await kitsOf<MethodKit>(METHODS.filter((m) => m.decentralized !== true));
const decentralized = await kitsOf<GraphKit>(METHODS.filter((m) => m.decentralized === true));

/** The test kit of every centralized method, in the registry's order. */
export const KITS: readonly MethodKit[] = central.kits;

/** The kit of every decentralized method. */
export const DECENTRALIZED_KITS: readonly GraphKit[] = decentralized.kits;

/** Registered methods whose kit was not found: none, or the registry test fails naming them. */
export const METHODS_WITHOUT_KIT: readonly string[] = [...central.missing, ...decentralized.missing];

export function kitOf(id: string): MethodKit {
  const kit = KITS.find((k) => k.id === id);
  if (kit === undefined) throw new Error(`no test kit for method "${id}"`);
  return kit;
}

export function graphKitOf(id: string): GraphKit {
  const kit = DECENTRALIZED_KITS.find((k) => k.id === id);
  if (kit === undefined) throw new Error(`no test kit for method "${id}"`);
  return kit;
}
