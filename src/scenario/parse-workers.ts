import { parseDistribution } from './parse-distribution.ts';
import { RandomStream } from '../random/random-stream.ts';
import { optional, readArray, readInteger, readNonNegative, readNumberList, readObject, readOneOf, readPositive, type Raw } from '../input/fields.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import type { ComputeSpec, LinkSpec, WorkerSpec } from './scenario-types.ts';
import { readSpeedProfileSpec } from './speed/parse-speed-profile.ts';

const TAU_LAWS = ['sqrt', 'linear', 'square', 'constant', 'uniform', 'outlier', 'list'] as const;
const LINK_KEYS = ['latency', 'perFloat', 'downlink', 'compute'];

/** Reads a trace file named in a scenario. */
export type ReadFile = (file: string, path: string) => string;

/**
 * Validates `scenario.workers`: either a population `{ count, tau: { law }, ...shared settings,
 * overrides? }` or a list with one object per worker. Returns every worker spelled out.
 * Uniform τ draws come from the stream `population` of the scenario's seed.
 */
export function parseWorkers(value: unknown, path: string, seed: number, readFile: ReadFile): WorkerSpec[] {
  if (Array.isArray(value)) {
    const list = readArray(value, path);
    if (list.length === 0) throw new ScenarioError(path, value, 'a non-empty list of workers');
    return list.map((entry, i) => {
      const p = `${path}[${i}]`;
      const raw = readObject(entry, p, ['tau', ...LINK_KEYS]);
      return makeWorker(i, readPositive(raw.tau, `${p}.tau`), raw, p, readFile);
    });
  }
  const raw = readObject(value, path, ['count', 'tau', 'overrides', ...LINK_KEYS]);
  const count = readInteger(raw.count, `${path}.count`, 1, 1_000_000);
  const taus = tauLaw(raw.tau, `${path}.tau`, count, RandomStream.named(seed, 'population'));
  const workers = taus.map((tau, i) => makeWorker(i, tau, raw, path, readFile));
  if (raw.overrides === undefined) return workers;
  readArray(raw.overrides, `${path}.overrides`, 'a list of per-worker overrides').forEach((entry, k) => {
    const p = `${path}.overrides[${k}]`;
    const override = readObject(entry, p, ['worker', 'tau', ...LINK_KEYS]);
    const id = readInteger(override.worker, `${p}.worker`, 0, count - 1);
    const base = workers[id];
    const tau = optional(override.tau, `${p}.tau`, readPositive, base.compute.tau);
    // Shared settings first, then the override's own fields on top.
    workers[id] = makeWorker(id, tau, { ...raw, ...override }, p, readFile);
  });
  return workers;
}

function tauLaw(value: unknown, path: string, count: number, rng: RandomStream): number[] {
  const law = readOneOf(readObject(value, path, ['law', 'scale', 'value', 'min', 'max', 'rest', 'count', 'values']).law, `${path}.law`, TAU_LAWS);
  const raw = value as Raw;
  switch (law) {
    case 'constant': {
      readObject(raw, path, ['law', 'value']);
      const v = readPositive(raw.value, `${path}.value`);
      return Array.from({ length: count }, () => v);
    }
    case 'uniform': {
      readObject(raw, path, ['law', 'min', 'max']);
      const min = readPositive(raw.min, `${path}.min`);
      const max = readPositive(raw.max, `${path}.max`);
      if (max < min) throw new ScenarioError(`${path}.max`, max, `a number ≥ min (${min})`);
      return Array.from({ length: count }, () => min + (max - min) * rng.uniform());
    }
    case 'outlier': {
      readObject(raw, path, ['law', 'value', 'rest', 'count']);
      const v = readPositive(raw.value, `${path}.value`);
      const rest = readPositive(raw.rest, `${path}.rest`);
      const k = optional(raw.count, `${path}.count`, (x, p) => readInteger(x, p, 1, count), 1);
      return Array.from({ length: count }, (_, i) => (i < k ? v : rest));
    }
    case 'list': {
      readObject(raw, path, ['law', 'values']);
      const values = readNumberList(raw.values, `${path}.values`, readPositive);
      if (values.length !== count) throw new ScenarioError(`${path}.values`, raw.values, `a list of ${count} τ values (one per worker)`);
      return values;
    }
    default: {
      readObject(raw, path, ['law', 'scale']);
      const scale = optional(raw.scale, `${path}.scale`, readPositive, 1);
      const shape = law === 'sqrt' ? Math.sqrt : law === 'linear' ? (i: number) => i : (i: number) => i * i;
      return Array.from({ length: count }, (_, i) => scale * shape(i + 1));
    }
  }
}

function makeWorker(id: number, tau: number, raw: Raw, path: string, readFile: ReadFile): WorkerSpec {
  return {
    id,
    compute: readCompute(raw.compute, `${path}.compute`, tau, readFile),
    uplink: readLink(raw, path),
    downlink: raw.downlink === undefined ? FREE_LINK : readLink(readObject(raw.downlink, `${path}.downlink`, ['latency', 'perFloat']), `${path}.downlink`),
  };
}

const FREE_LINK: LinkSpec = { latency: 0, perFloat: 0 };

function readLink(raw: Raw, path: string): LinkSpec {
  return {
    latency: optional(raw.latency, `${path}.latency`, readNonNegative, 0),
    perFloat: optional(raw.perFloat, `${path}.perFloat`, readNonNegative, 0),
  };
}

function readCompute(value: unknown, path: string, tau: number, readFile: ReadFile): ComputeSpec {
  if (value === undefined) return { tau, noise: undefined, speed: undefined };
  const raw = readObject(value, path, ['noise', 'speed']);
  return {
    tau,
    noise: raw.noise === undefined ? undefined : parseDistribution(raw.noise, `${path}.noise`),
    speed: raw.speed === undefined ? undefined : readSpeedProfileSpec(raw.speed, `${path}.speed`, (file) => readFile(file, `${path}.speed.file`)),
  };
}
