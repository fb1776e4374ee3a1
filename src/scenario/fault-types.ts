import { readNonNegative } from '../input/fields.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import { fields, shape, shapeUnion, type FieldMap, type InputOf, type SpecOf } from '../input/shape.ts';
import { parseDistribution } from './parse-distribution.ts';

/**
 * The faults a scenario may inject, declared once: their parser, their types and their
 * documentation (docs/scenario.md) follow from these shapes. Every fault also names its target
 * (`workers`, `fraction`, `slowest`, `fastest`, or `edges` on a graph): see parse-faults.ts.
 * Times are virtual seconds; windows are [from, to).
 */

/** Target fields every fault may have (exactly one of them). */
export const TARGET_KEYS = ['workers', 'fraction', 'slowest', 'fastest', 'edges'] as const;

/** Which way a link fault applies: worker → server (`up`), server → worker (`down`), or both. */
export const DIRECTIONS = ['up', 'down', 'both'] as const;
export type LinkDirection = (typeof DIRECTIONS)[number];

const from = fields.nonNegative('the start of the window, in seconds').or(0);
const to = fields.custom<number>('the end of the window (exclusive), in seconds', readNonNegative).or(Infinity, 'forever');
const direction = fields.oneOf('which way: up (worker → server), down (server → worker) or both', DIRECTIONS).or('up');

/** A field the fault cannot do without, with the sentence its absence gets. */
function requiredStart(what: string) {
  return fields.custom<number>(`the start of the ${what}, in seconds`, (value, path) => {
    if (value === undefined) throw new ScenarioError(path, undefined, `the start of the ${what}, in virtual seconds`);
    return readNonNegative(value, path);
  });
}

/** A window ends after it starts. */
function checkWindow(spec: { from: number; to: number }, path: string, raw: Record<string, unknown>): void {
  if (!(spec.to > spec.from)) throw new ScenarioError(`${path}.to`, raw.to, `a time after from (${spec.from})`);
}

const withTarget = { extraKeys: TARGET_KEYS };

const delay = shape(
  'delay',
  'extra latency, drawn per message from `extra`, on messages sent in the window',
  { extra: fields.custom('the extra delay of each message: a distribution of seconds', parseDistribution), from, to, direction },
  { ...withTarget, check: checkWindow },
);
const straggle = shape('straggle', "the worker's speed divided by `factor` in the window", { factor: fields.positive('the slowdown factor'), from, to }, { ...withTarget, check: checkWindow });
const pause = shape('pause', 'speed 0 in the window; work in progress resumes after', { from: requiredStart('pause'), to }, { ...withTarget, check: checkWindow });
const crash = shape(
  'crash',
  'work in progress and queued messages are lost; the worker comes back stateless after `recoverAfter`, or never',
  {
    at: fields.nonNegative('when it crashes, in seconds'),
    recoverAfter: fields.custom<number | undefined>('seconds until it comes back', (value, path) => fields.positive('').read(value, path)).or(undefined, 'never'),
  },
  withTarget,
);
const join = shape('join', 'the worker is absent until `at`, then appears and says hello', { at: fields.nonNegative('when it joins, in seconds') }, withTarget);
const loss = shape(
  'loss',
  'each message sent in the window is dropped with probability `p`',
  { p: fields.between('the probability of a drop', 0, 1), from, to, direction },
  { ...withTarget, check: checkWindow },
);
const duplicate = shape(
  'duplicate',
  'each message sent in the window is delivered twice with probability `p` (receivers drop the copy; counted)',
  { p: fields.between('the probability of a second copy', 0, 1), from, to, direction },
  { ...withTarget, check: checkWindow },
);
const partition = shape(
  'partition',
  'the workers cannot reach the server, either way, in the window: messages are dropped (`drop`), or held and delivered at `to` in order (`hold`); held for ever, they are lost',
  { from: requiredStart('partition'), to, mode: fields.oneOf('what happens to messages: drop or hold', ['drop', 'hold'] as const).or('drop') },
  { ...withTarget, check: checkWindow },
);

/** Every fault kind, in the order the docs list them. */
export const FAULTS = shapeUnion('a fault', [delay, straggle, pause, crash, join, loss, duplicate, partition]);

/** Faults that may target graph edges instead of workers. */
export const EDGE_KINDS: readonly string[] = ['delay', 'loss', 'duplicate', 'partition'];

/** The target of a fault, in the input: exactly one of these. */
export interface FaultTargetInput {
  workers?: number[];
  fraction?: number;
  slowest?: number;
  fastest?: number;
  /** Graph edges as [a, b] node pairs (delay, loss, duplicate and partition faults on a topology). */
  edges?: [number, number][];
}

/** What a validated fault hits. */
interface Targeted {
  /** Worker ids hit, ascending (empty when the fault targets edges). */
  readonly workers: readonly number[];
}

/** A link fault that targets graph edges: [a, b] with a < b; it hits both directions. */
interface EdgeTargeted {
  readonly edges?: readonly (readonly [number, number])[];
}

type Spec<K extends string, F extends FieldMap> = { readonly kind: K } & SpecOf<F> & Targeted;
type Input<K extends string, F extends FieldMap> = { kind: K } & InputOf<F> & FaultTargetInput;

export type DelayFault = Spec<'delay', typeof delay.fields> & EdgeTargeted;
export type StraggleFault = Spec<'straggle', typeof straggle.fields>;
export type PauseFault = Spec<'pause', typeof pause.fields>;
export type CrashFault = Spec<'crash', typeof crash.fields>;
export type JoinFault = Spec<'join', typeof join.fields>;
export type LossFault = Spec<'loss', typeof loss.fields> & EdgeTargeted;
export type DuplicateFault = Spec<'duplicate', typeof duplicate.fields> & EdgeTargeted;
export type PartitionFault = Spec<'partition', typeof partition.fields> & EdgeTargeted;

/** A validated fault, its target resolved to worker ids. */
export type FaultSpec = DelayFault | StraggleFault | PauseFault | CrashFault | JoinFault | LossFault | DuplicateFault | PartitionFault;

export type FaultKind = FaultSpec['kind'];

/** A window [from, to) in virtual seconds; `to` may be Infinity. */
export interface FaultWindow {
  readonly from: number;
  readonly to: number;
}

/** A fault as users write it. */
export type FaultInput =
  | Input<'delay', typeof delay.fields>
  | Input<'straggle', typeof straggle.fields>
  | Input<'pause', typeof pause.fields>
  | Input<'crash', typeof crash.fields>
  | Input<'join', typeof join.fields>
  | Input<'loss', typeof loss.fields>
  | Input<'duplicate', typeof duplicate.fields>
  | Input<'partition', typeof partition.fields>;
