import type { MethodKit } from '../method-kit.ts';
import { asgradKit, delayAdaptiveAsgdKit, minibatchBackupKit, rescaledAsgdKit } from './asgd-family.ts';
import { asgdKit, heroKit, maleniaKit, minibatchKit, rennalaKit } from './baselines.ts';
import { mindflayerKit, qsgdMinibatchKit, shadowheartKit } from './compressed.ts';
import { fedbuffKit, freyaPageKit } from './federated.ts';
import { ia2sgdKit, ringleaderKit, ringmasterKit } from './ringmaster-family.ts';

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
  ringmasterKit,
  maleniaKit,
  ringleaderKit,
  ia2sgdKit,
  shadowheartKit,
  qsgdMinibatchKit,
  mindflayerKit,
  fedbuffKit,
  freyaPageKit,
];

export function kitOf(id: string): MethodKit {
  const kit = KITS.find((k) => k.id === id);
  if (kit === undefined) throw new Error(`no test kit for method "${id}"`);
  return kit;
}
