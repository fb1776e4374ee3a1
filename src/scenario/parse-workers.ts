import { optional, readArray, readInteger, readNonNegative, readObject, readOneOf, readPositive } from './fields.ts';
import { ScenarioError } from './scenario-error.ts';
import type { LinkSpec, WorkerSpec } from './scenario-types.ts';

const FREE_LINK: LinkSpec = { latency: 0, perFloat: 0 };
const TAU_LAWS = ['sqrt', 'linear', 'square', 'constant'] as const;

/**
 * Validates `scenario.workers`: either a population `{ count, tau: { law } }` or a list with one
 * object per worker. Returns every worker spelled out.
 */
export function parseWorkers(value: unknown, path: string): WorkerSpec[] {
  if (Array.isArray(value)) {
    const list = readArray(value, path);
    if (list.length === 0) throw new ScenarioError(path, value, 'a non-empty list of workers');
    return list.map((entry, i) => {
      const p = `${path}[${i}]`;
      const raw = readObject(entry, p, ['tau', 'latency', 'perFloat']);
      return makeWorker(i, readPositive(raw.tau, `${p}.tau`), readLink(raw, p));
    });
  }
  const raw = readObject(value, path, ['count', 'tau', 'latency', 'perFloat']);
  const count = readInteger(raw.count, `${path}.count`, 1, 1_000_000);
  const tauPath = `${path}.tau`;
  const law = readOneOf(readObject(raw.tau, tauPath, ['law', 'scale', 'value']).law, `${tauPath}.law`, TAU_LAWS);
  const link = readLink(raw, path);
  const taus = tauLaw(law, raw.tau as Record<string, unknown>, tauPath, count);
  return taus.map((tau, i) => makeWorker(i, tau, link));
}

function tauLaw(law: (typeof TAU_LAWS)[number], raw: Record<string, unknown>, path: string, count: number): number[] {
  if (law === 'constant') {
    readObject(raw, path, ['law', 'value']);
    const value = readPositive(raw.value, `${path}.value`);
    return Array.from({ length: count }, () => value);
  }
  readObject(raw, path, ['law', 'scale']);
  const scale = optional(raw.scale, `${path}.scale`, readPositive, 1);
  const shape = law === 'sqrt' ? Math.sqrt : law === 'linear' ? (i: number) => i : (i: number) => i * i;
  return Array.from({ length: count }, (_, i) => scale * shape(i + 1));
}

function readLink(raw: Record<string, unknown>, path: string): LinkSpec {
  return {
    latency: optional(raw.latency, `${path}.latency`, readNonNegative, 0),
    perFloat: optional(raw.perFloat, `${path}.perFloat`, readNonNegative, 0),
  };
}

function makeWorker(id: number, tau: number, uplink: LinkSpec): WorkerSpec {
  return { id, compute: { kind: 'fixed', tau }, uplink, downlink: FREE_LINK };
}
