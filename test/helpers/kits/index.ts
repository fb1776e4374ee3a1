import type { MethodKit } from '../method-kit.ts';
import { asgradKit, delayAdaptiveAsgdKit, minibatchBackupKit, rescaledAsgdKit } from './asgd-family.ts';
import { asgdKit, heroKit, maleniaKit, minibatchKit, rennalaKit } from './baselines.ts';

/** The test kit of every method (one per method id in the registry). */
export const KITS: readonly MethodKit[] = [
  heroKit,
  minibatchKit,
  minibatchBackupKit,
  asgdKit,
  delayAdaptiveAsgdKit,
  rescaledAsgdKit,
  asgradKit,
  rennalaKit,
  maleniaKit,
];

export function kitOf(id: string): MethodKit {
  const kit = KITS.find((k) => k.id === id);
  if (kit === undefined) throw new Error(`no test kit for method "${id}"`);
  return kit;
}
