import { assertEvent, setup } from 'xstate';
import { optional, readInRange, readInteger } from '../../src/input/fields.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';
import { addInto } from '../../src/linalg/vector.ts';
import type { GradientMessage, ModelSnapshot, ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import type { Task } from '../tasks.ts';
import { IndexSet } from './index-set.ts';
import { MessageLog } from './message-log.ts';

export interface FreyaPageParams {
  /** γ in x^{k+1} = x^k − γ·g^k. */
  readonly stepSize: number;
  /** S: gradient differences per difference phase. Default ⌈√m⌉ [V-code]. */
  readonly batchSize: number;
  /** p: probability of a full-gradient phase. Default S/(S + m) [V-code]. */
  readonly probability: number;
  /**
   * Components per group of the full-gradient phase (the last group takes the rest). Default
   * ⌈m/n⌉ [D]; the author code's default is 1.
   */
  readonly groupSize: number;
}

interface FreyaPageContext {
  readonly io: ServerIO;
  readonly params: FreyaPageParams;
  /** m. */
  readonly components: number;
  /** One `components` task per group: group g holds indices [g·size, min(m, (g+1)·size)). */
  readonly groups: readonly Task[];
  /** Groups of the current full-gradient phase not yet computed. */
  readonly remaining: IndexSet;
  /** Per worker, the group of its current full-gradient job. */
  readonly jobGroup: Int32Array;
  /** Workers the server knows (present at the start, or said hello since). */
  readonly known: Uint8Array;
  /** Workers with a job of the current phase whose result has not arrived. */
  readonly busy: Uint8Array;
  /** Per worker, when its current job was assigned (the job cannot start earlier). */
  readonly assignedAt: Float64Array;
  /** g^k. */
  readonly estimator: Float64Array;
  /** This phase's sum of group gradients or of gradient differences. */
  readonly sum: Float64Array;
  /** The messages summed into `sum`, applied in the update they feed. */
  readonly collected: MessageLog;
  /** x^{k−1}, held for the difference tasks of the phase at x^k; undefined in a full phase. */
  previous: ModelSnapshot | undefined;
  nextIsFull: boolean;
  phase: 'full' | 'differences';
}

/**
 * Freya PAGE (Tyurin, Gruntkowska & Richtárik, NeurIPS 2024; ALGORITHMS §4.2) for finite sums
 * f = (1/m) Σ f_j. Each phase is one iteration k: it collects g^k at x^k, then the server steps.
 *
 * - Estimator, PAGE's [R]: x^{k+1} = x^k − γ·g^k; with probability p, g^{k+1} = ∇f(x^{k+1}),
 *   else g^{k+1} = g^k + (1/S) Σ_{S fresh uniform j} (∇f_j(x^{k+1}) − ∇f_j(x^k)).
 * - g⁰ = ∇f(x⁰) by a full-gradient phase, and one coin per step from the method's stream, as the
 *   author code does (`rennala_page_master`) [V-code]; defaults S = ⌈√m⌉, p = S/(S + m) [V-code].
 * - Full gradient (state `fullGradient`) [V-code]: [m] is split into groups (`groupSize`, default
 *   ⌈m/n⌉ [D]; the code's is 1); every free worker gets a group drawn uniformly among those not
 *   yet computed, in progress elsewhere or not; a result for a group already in is discarded;
 *   once all are in, every busy worker is cancelled. Each group's sum is applied with weight
 *   |group|/m.
 * - Differences (state `differences`) [V-code]: every worker computes ∇f_j(x^k) − ∇f_j(x^{k−1})
 *   for a fresh uniform j (a `difference` task whose `previous` is a held snapshot of x^{k−1}),
 *   again and again; the first S are kept (weight 1/S each), then every busy worker is cancelled.
 * - `stepping` (transient): draws the coin, holds x^k if differences come next, steps, cancels,
 *   and releases the snapshot the finished difference phase used.
 *
 * Faults [D]. A worker that says hello (joined, or back from a crash holding nothing) gets a job
 * of the current phase and joins every later one; if the server thought it busy, that job is
 * cancelled first, in case the hello crossed it on the wire. Results of earlier phases or of
 * superseded jobs are discarded. A worker whose job or result is lost stays busy in the server's
 * view until the phase ends: the others cover its work, since any free worker may take any
 * group not yet computed.
 *
 * A difference job whose cancel lands after it finished still computes with its `previous`,
 * which the server may have released by then; its result is stale and discarded.
 */
const machine = setup({
  types: {} as { context: FreyaPageContext; events: ServerEvent; input: ServerMachineInput<FreyaPageParams> },
  actions: {
    startFullPhase: ({ context }) => {
      context.phase = 'full';
      context.remaining.clear();
      for (let g = 0; g < context.groups.length; g++) context.remaining.add(g);
      for (let w = 0; w < context.known.length; w++) if (context.known[w] === 1) assignGroup(context, w);
    },
    startDifferencePhase: ({ context }) => {
      context.phase = 'differences';
      for (let w = 0; w < context.known.length; w++) if (context.known[w] === 1) assignDifference(context, w);
    },
    discard: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.io.discard(event);
    },
    collectGroup: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      context.remaining.delete(context.jobGroup[message.worker]);
      collect(context, message);
    },
    collectDifference: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      collect(context, event);
    },
    reassignGroup: ({ context, event }) => assignGroup(context, event.worker),
    reassignDifference: ({ context, event }) => assignDifference(context, event.worker),
    finishFullGradient: ({ context }) => {
      const { io, estimator, sum, collected, components: m } = context;
      for (let j = 0; j < estimator.length; j++) estimator[j] = sum[j] / m;
      collected.forEach((message) => io.apply(message, message.count / m));
    },
    finishDifferences: ({ context }) => {
      const { io, estimator, sum, collected } = context;
      const s = context.params.batchSize;
      for (let j = 0; j < estimator.length; j++) estimator[j] += sum[j] / s;
      collected.forEach((message) => io.apply(message, 1 / s));
    },
    step: ({ context }) => {
      const { io, params, busy } = context;
      const nextIsFull = io.rng.uniform() < params.probability;
      const held = nextIsFull ? undefined : io.holdModel();
      io.step(context.estimator, params.stepSize);
      for (let w = 0; w < busy.length; w++) {
        if (busy[w] === 0) continue;
        io.cancel(w);
        busy[w] = 0;
      }
      if (context.previous !== undefined) io.releaseModel(context.previous);
      context.previous = held;
      context.nextIsFull = nextIsFull;
      context.collected.clear();
      context.sum.fill(0);
    },
    welcomeToFull: ({ context, event }) => {
      welcome(context, event.worker);
      assignGroup(context, event.worker);
    },
    welcomeToDifferences: ({ context, event }) => {
      welcome(context, event.worker);
      assignDifference(context, event.worker);
    },
  },
  guards: {
    isStale: ({ context, event }) => event.type === 'grad.arrive' && !isFromCurrentJob(context, event),
    groupDone: ({ context, event }) => !context.remaining.has(context.jobGroup[event.worker]),
    completesFullGradient: ({ context, event }) => context.remaining.size === 1 && context.remaining.has(context.jobGroup[event.worker]),
    completesDifferences: ({ context }) => context.collected.length + 1 >= context.params.batchSize,
    nextIsFull: ({ context }) => context.nextIsFull,
  },
}).createMachine({
  id: 'freya-page',
  context: ({ input }) => {
    const { io, params } = input;
    const n = io.workerCount;
    // parseParams has checked that the problem is a finite sum.
    const m = io.problem.components ?? 0;
    const groups: Task[] = [];
    for (let start = 0; start < m; start += params.groupSize) {
      const indices: number[] = [];
      for (let j = start; j < Math.min(m, start + params.groupSize); j++) indices.push(j);
      groups.push({ kind: 'components', indices });
    }
    const known = new Uint8Array(n);
    for (let w = 0; w < n; w++) known[w] = io.presentAtStart(w) ? 1 : 0;
    return {
      io,
      params,
      components: m,
      groups,
      remaining: new IndexSet(groups.length),
      jobGroup: new Int32Array(n).fill(-1),
      known,
      busy: new Uint8Array(n),
      assignedAt: new Float64Array(n),
      estimator: new Float64Array(io.dimension),
      sum: new Float64Array(io.dimension),
      collected: new MessageLog(),
      previous: undefined,
      nextIsFull: true,
      phase: 'full' as const,
    };
  },
  initial: 'fullGradient',
  states: {
    fullGradient: {
      entry: 'startFullPhase',
      on: {
        'grad.arrive': [
          { guard: 'isStale', actions: 'discard' },
          { guard: 'groupDone', actions: ['discard', 'reassignGroup'] },
          { guard: 'completesFullGradient', target: 'stepping', actions: ['collectGroup', 'finishFullGradient'] },
          { actions: ['collectGroup', 'reassignGroup'] },
        ],
        'worker.hello': { actions: 'welcomeToFull' },
      },
    },
    differences: {
      entry: 'startDifferencePhase',
      on: {
        'grad.arrive': [
          { guard: 'isStale', actions: 'discard' },
          { guard: 'completesDifferences', target: 'stepping', actions: ['collectDifference', 'finishDifferences'] },
          { actions: ['collectDifference', 'reassignDifference'] },
        ],
        'worker.hello': { actions: 'welcomeToDifferences' },
      },
    },
    stepping: {
      entry: 'step',
      always: [{ guard: 'nextIsFull', target: 'fullGradient' }, { target: 'differences' }],
    },
  },
});

/**
 * The result of the sender's current job: computed at this phase's iterate, by a worker the
 * server waits for, in a job that started no earlier than the current assignment (an older job
 * of the same phase, after a hello, started before it).
 */
function isFromCurrentJob(context: FreyaPageContext, message: GradientMessage): boolean {
  const w = message.worker;
  return message.tag === context.io.iteration && context.busy[w] === 1 && message.startedAt >= context.assignedAt[w];
}

/**
 * A hello says the worker holds nothing, but it may have been sent before a job the server
 * gave it since arrived there: cancel that job too (a no-op if it is indeed gone), so the
 * worker never computes two jobs of one phase.
 */
function welcome(context: FreyaPageContext, worker: number): void {
  context.known[worker] = 1;
  if (context.busy[worker] === 1) context.io.cancel(worker);
}

function collect(context: FreyaPageContext, message: GradientMessage): void {
  addInto(message.grad, context.sum);
  context.collected.push(message);
  context.busy[message.worker] = 0;
}

/** A group drawn uniformly among those not yet computed (some may be in progress elsewhere). */
function assignGroup(context: FreyaPageContext, worker: number): void {
  const group = context.remaining.sample(context.io.rng);
  context.jobGroup[worker] = group;
  context.busy[worker] = 1;
  context.assignedAt[worker] = context.io.now();
  context.io.assign(worker, context.groups[group]);
}

/** ∇f_j(x^k) − ∇f_j(x^{k−1}) for a fresh uniform j. */
function assignDifference(context: FreyaPageContext, worker: number): void {
  const previous = context.previous;
  if (previous === undefined) throw new Error('freya-page: a difference phase without a held previous iterate');
  context.busy[worker] = 1;
  context.assignedAt[worker] = context.io.now();
  context.io.assign(worker, { kind: 'difference', index: context.io.rng.int(context.components), previous });
}

/**
 * Freya PAGE (`freya-page`): PAGE for finite sums with straggler-robust collection of full gradients and gradient differences. Parameters: {@link FreyaPageParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const freyaPage = defineMethod<FreyaPageParams, FreyaPageContext>({
  id: 'freya-page',
  title: 'Freya PAGE',
  summary: 'PAGE for finite sums with straggler-robust collection of full gradients and gradient differences',
  source: 'Tyurin, Gruntkowska & Richtárik, NeurIPS 2024 (ALGORITHMS §4.2)',
  rule: "PAGE for finite sums f = (1/m) Σ f_j with straggler-robust collection (Tyurin, Gruntkowska & Richtárik 2024): with probability p a phase collects the full gradient (component groups handed to whichever workers are free), otherwise S gradient differences ∇f_j(x^k) − ∇f_j(x^{k−1}) for fresh uniform j; the server then steps along the PAGE estimator.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "batchSize", meaning: "S, gradient differences per difference phase", default: "⌈√m⌉ [V-code]" },
    { name: "probability", meaning: "p, the probability of a full-gradient phase", default: "S/(S + m) [V-code]" },
    { name: "groupSize", meaning: "components per group of the full-gradient phase", default: "⌈m/n⌉ [D] (the author code’s is 1)" }
  ],
  kit: "federated",
  parseParams: (raw, path, context) => {
    const m = context.components;
    if (m === undefined) {
      throw new ScenarioError(`${path}.method`, 'freya-page', 'a method for finite-sum problems',
        `${path}.method "freya-page" needs a finite-sum problem f = (1/m) Σ f_j (problem.kind "finite-sum-quadratic"); this problem has no components`);
    }
    const batchSize = optional(raw.batchSize, `${path}.batchSize`, (v, p) => readInteger(v, p, 1), Math.ceil(Math.sqrt(m)));
    return {
      stepSize: readStepSize(raw, path),
      batchSize,
      probability: optional(raw.probability, `${path}.probability`, (v, p) => readInRange(v, p, 0, 1), batchSize / (batchSize + m)),
      groupSize: optional(raw.groupSize, `${path}.groupSize`, (v, p) => readInteger(v, p, 1), Math.ceil(m / context.workerCount)),
    };
  },
  machine,
  waitingFor: (context) => {
    const workers: number[] = [];
    for (let w = 0; w < context.busy.length; w++) if (context.busy[w] === 1) workers.push(w);
    const k = context.io.iteration;
    const what =
      context.phase === 'full'
        ? `${context.remaining.size} of ${context.groups.length} component groups of the full gradient at iteration ${k}`
        : `${context.params.batchSize - context.collected.length} more of S = ${context.params.batchSize} gradient differences at iteration ${k}`;
    return { workers, what };
  },
});
