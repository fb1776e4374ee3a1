import { assertEvent, setup } from 'xstate';
import type { Compressor, CompressorSpec } from '../../src/compress/compressor.ts';
import { createCompressor } from '../../src/compress/create-compressor.ts';
import { parseCompressor } from '../../src/compress/parse-compressor.ts';
import { readInteger, readNonNegative } from '../../src/input/fields.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';
import { shadowheartPlan, type ShadowheartPlan, type ShadowheartWorker } from '../../src/theory/equilibrium-time.ts';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { MessageLog } from './message-log.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import type { Task } from '../tasks.ts';
import { shadowheartTime } from '../../src/theory/communication.ts';

export interface ShadowheartParams {
  /** γ. The theory takes γ of order 1/L; the constant is [R] (not verified), so it is required. */
  readonly stepSize: number;
  /** The unbiased compressor every copy goes through. Default RandK with K = 1 (Property 5.2). */
  readonly compressor: CompressorSpec;
  /**
   * s = σ²/ε, dimensionless, ≥ 0. Default σ²/ε when the problem states σ² and the scenario has a
   * stop.gradNormSq target ε; otherwise required. The authors sweep it as a hyperparameter.
   */
  readonly noiseRatio: number;
  /**
   * Cap on m_i. Default ⌈d / floats(d)⌉: ⌈d/K⌉ for RandK, the authors' `clip_number_of_communications`
   * [V-code]; for other compressors the same rule (as many copies as one dense vector costs) is [D].
   */
  readonly maxMessages: number;
  /** Cap on b_i. Default ∞ (the paper has none). */
  readonly maxBatch: number;
}

interface ShadowheartContext {
  readonly io: ServerIO;
  readonly params: ShadowheartParams;
  readonly compressor: Compressor;
  /** Workers the server knows (present at start, or said hello since). */
  readonly members: Uint8Array;
  /** The members changed since `plan` was computed. */
  membersChanged: boolean;
  plan: ShadowheartPlan;
  /** This plan's batch task per worker (undefined for inactive workers). */
  tasks: (Task | undefined)[];
  /** Messages accepted from each worker in this round (at most m_i, all from one job). */
  readonly received: Int32Array;
  /** The job those messages come from (−1: none yet). */
  readonly jobOf: Float64Array;
  /** The accepted messages, per worker: applied at the step, or discarded if superseded. */
  readonly accepted: MessageLog[];
  /** Σ_j C_ij(g_i) of a worker whose copies are still arriving (m_i ≥ 2); folded in when complete. */
  readonly partial: (Float64Array | undefined)[];
  /** Spare buffers for `partial`. */
  readonly spare: Float64Array[];
  /** g = Σ over complete workers of w_i Σ_j C_ij(g_i). */
  readonly sum: Float64Array;
  /** Messages still missing in this round (Σ_{i∈A} m_i − accepted). */
  missing: number;
  /** No member is active (no member yet): waiting for a hello to start a round. */
  idle: boolean;
}

/**
 * Shadowheart SGD (Tyurin, Pozzi, Ilin & Richtárik 2024; ALGORITHMS §4.1, Alg. 1 and 2).
 *
 * From h_i = `nominalTau(i)`, τ_i = the time one compressed message occupies worker i's uplink
 * (latency + floats(d)·perFloat), ω = omega(d) and s = `noiseRatio`, the server computes the
 * equilibrium time t* and the static plan b_i = ⌊t* ÷ h_i⌋, m_i = ⌊t* ÷ τ_i⌋ (capped),
 * w_i = 1/(b_iω + ωs + m_is), A = {i : b_i, m_i > 0} (`shadowheartPlan`). Every round, each active
 * worker gets a `batch` task (b_i gradients at x^k, summed, m_i independently compressed copies
 * sent one after another); the server waits for all Σ_{i∈A} m_i messages, in any order, and steps
 * x ← x − γ·g/Σ_i w_i m_i b_i with g = Σ_{i,j} w_i C_ij(g_i). Each message is applied with weight
 * w_i/Σ_i w_i m_i b_i.
 *
 * [R]: the step size constant (γ ~ 1/L, unverified): `stepSize` is required. [V-code]/[D]: the
 * default `maxMessages` (see the parameter).
 *
 * Faults. The assignment is static, so a dead active worker (or one lost message) stalls the
 * method; `waitingFor` names the active workers whose messages are missing. A worker's share of a
 * round is m_i copies of ONE job: since a worker's messages arrive in job order, a message from a
 * newer job while an older one is incomplete means the older one's rest was lost, so its copies
 * are discarded and the newer job counts. A member that says hello (back from a crash) while its
 * share is incomplete gets the round's task again. A worker that joins becomes a member and the
 * plan is recomputed over the members at the next round (at once if no round is running).
 * Anything computed at an older iterate is discarded.
 */
const machine = setup({
  types: {} as { context: ShadowheartContext; events: ServerEvent; input: ServerMachineInput<ShadowheartParams> },
  actions: {
    startRound: ({ context }) => startRound(context),
    collect: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      collect(context, event);
    },
    stepAndStartRound: ({ context }) => {
      stepOnRound(context);
      startRound(context);
    },
    discard: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.io.discard(event);
    },
    welcome: ({ context, event }) => {
      const w = event.worker;
      if (context.members[w] === 0) {
        context.members[w] = 1;
        context.membersChanged = true;
        if (context.idle) startRound(context);
        return;
      }
      // A hello means the worker lost its job: give it the round's task again if its share is incomplete.
      const task = context.tasks[w];
      if (task !== undefined && context.received[w] < context.plan.messageCounts[w]) context.io.assign(w, task);
    },
  },
  guards: {
    belongsToRound: ({ context, event }) => event.type === 'grad.arrive' && accepts(context, event),
    completesRound: ({ context, event }) => event.type === 'grad.arrive' && context.missing === 1 && accepts(context, event) && !supersedes(context, event),
  },
}).createMachine({
  id: 'shadowheart',
  context: ({ input }) => {
    const { io, params } = input;
    const n = io.workerCount;
    const members = new Uint8Array(n);
    for (let w = 0; w < n; w++) members[w] = io.presentAtStart(w) ? 1 : 0;
    return {
      io,
      params,
      compressor: createCompressor(params.compressor),
      members,
      membersChanged: true,
      plan: shadowheartPlan(0, 0, []),
      tasks: [],
      received: new Int32Array(n),
      jobOf: new Float64Array(n).fill(-1),
      accepted: Array.from({ length: n }, () => new MessageLog()),
      partial: new Array<Float64Array | undefined>(n).fill(undefined),
      spare: [],
      sum: new Float64Array(io.dimension),
      missing: 0,
      idle: true,
    };
  },
  entry: 'startRound',
  initial: 'collecting',
  states: {
    collecting: {
      on: {
        'grad.arrive': [
          { guard: 'completesRound', actions: ['collect', 'stepAndStartRound'] },
          { guard: 'belongsToRound', actions: 'collect' },
          { actions: 'discard' },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});

/** The message counts towards this round: fresh, from an active worker whose share is open, from its current job or a newer one. */
function accepts(context: ShadowheartContext, message: GradientMessage): boolean {
  const w = message.worker;
  if (message.tag !== context.io.iteration || context.tasks[w] === undefined) return false;
  const received = context.received[w];
  if (received === 0) return true;
  return received < context.plan.messageCounts[w] && message.jobId >= context.jobOf[w];
}

/** The message starts a newer job while the worker's current one is incomplete (its rest was lost). */
function supersedes(context: ShadowheartContext, message: GradientMessage): boolean {
  const w = message.worker;
  return context.received[w] > 0 && message.jobId > context.jobOf[w];
}

function collect(context: ShadowheartContext, message: GradientMessage): void {
  const w = message.worker;
  const { io, plan } = context;
  if (supersedes(context, message)) resetWorker(context, w);
  const m = plan.messageCounts[w];
  context.received[w]++;
  context.missing--;
  context.jobOf[w] = message.jobId;
  context.accepted[w].push(message);
  const grad = message.grad;
  if (m === 1) {
    addScaled(context.sum, plan.weights[w], grad);
    return;
  }
  let partial = context.partial[w];
  if (partial === undefined) {
    partial = context.spare.pop() ?? new Float64Array(io.dimension);
    partial.fill(0);
    context.partial[w] = partial;
  }
  for (let j = 0; j < partial.length; j++) partial[j] += grad[j];
  if (context.received[w] === m) {
    addScaled(context.sum, plan.weights[w], partial);
    context.spare.push(partial);
    context.partial[w] = undefined;
  }
}

/** Drops worker w's share so far (its job was superseded): discards its messages, reopens its share. */
function resetWorker(context: ShadowheartContext, w: number): void {
  context.accepted[w].forEach((message) => context.io.discard(message));
  context.accepted[w].clear();
  context.missing += context.received[w];
  context.received[w] = 0;
  context.jobOf[w] = -1;
  const partial = context.partial[w];
  if (partial !== undefined) {
    context.spare.push(partial);
    context.partial[w] = undefined;
  }
}

function stepOnRound(context: ShadowheartContext): void {
  const { io, plan } = context;
  const normalizer = plan.normalizer;
  for (let w = 0; w < context.accepted.length; w++) {
    const weight = plan.weights[w] / normalizer;
    context.accepted[w].forEach((message) => io.apply(message, weight));
  }
  io.step(context.sum, context.params.stepSize / normalizer);
}

function startRound(context: ShadowheartContext): void {
  const { io } = context;
  if (context.membersChanged) replan(context);
  context.sum.fill(0);
  context.missing = 0;
  context.received.fill(0);
  context.jobOf.fill(-1);
  for (let w = 0; w < context.accepted.length; w++) context.accepted[w].clear();
  let active = 0;
  for (let w = 0; w < context.tasks.length; w++) {
    const task = context.tasks[w];
    if (task === undefined) continue;
    active++;
    context.missing += context.plan.messageCounts[w];
    io.assign(w, task);
  }
  context.idle = active === 0;
}

/** Recomputes t* and the plan over the members (non-members enter as h = τ = ∞: never active). */
function replan(context: ShadowheartContext): void {
  const { io, params, compressor, members } = context;
  const d = io.dimension;
  const floats = compressor.floats(d);
  const workers: ShadowheartWorker[] = [];
  for (let w = 0; w < members.length; w++) {
    if (members[w] === 0) {
      workers.push({ hSeconds: Number.POSITIVE_INFINITY, tauSeconds: Number.POSITIVE_INFINITY });
      continue;
    }
    const link = io.uplinkOf(w);
    workers.push({ hSeconds: io.nominalTau(w), tauSeconds: link.latency + floats * link.perFloat });
  }
  const plan = shadowheartPlan(compressor.omega(d), params.noiseRatio, workers, { maxMessages: params.maxMessages, maxBatch: params.maxBatch });
  context.plan = plan;
  context.tasks = plan.active.map((isActive, w) =>
    isActive ? { kind: 'batch', size: plan.batchSizes[w], copies: plan.messageCounts[w], compressor: params.compressor } : undefined,
  );
  context.membersChanged = false;
}

function addScaled(out: Float64Array, a: number, x: Float64Array): void {
  for (let j = 0; j < out.length; j++) out[j] += a * x[j];
}

/** The default cap on m_i: ⌈d / floats(d)⌉ (⌈d/K⌉ for RandK), at least 1. */
export function defaultMaxMessages(spec: CompressorSpec, d: number): number {
  return Math.max(1, Math.ceil(d / createCompressor(spec).floats(d)));
}

/**
 * Shadowheart SGD (`shadowheart`): compute/communication equilibrium: b_i gradients and m_i compressed copies per worker, optimally weighted. Parameters: {@link ShadowheartParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const shadowheart = defineMethod<ShadowheartParams, ShadowheartContext>({
  id: 'shadowheart',
  title: 'Shadowheart SGD',
  summary: 'compute/communication equilibrium: b_i gradients and m_i compressed copies per worker, optimally weighted',
  source: 'Tyurin, Pozzi, Ilin & Richtárik, NeurIPS 2024 (ALGORITHMS §4.1)',
  rule: "Compute/communication equilibrium (Tyurin, Pozzi, Ilin & Richtárik 2024): from the workers’ compute times h_i and per-float costs c_i the server solves the equilibrium time t* and gives worker i a round of b_i gradients, summed, and m_i independently compressed copies of the sum; it steps along the optimally weighted average of what arrives.",
  parameters: [
    { name: 'stepSize', meaning: 'γ (dimensionless)', default: 'none: the theory takes γ of order 1/L; the constant is [R]' },
    { name: "compressor", meaning: "the unbiased compressor every copy goes through: identity, rand-k, qsgd or natural", default: "RandK with K = 1 (the paper’s Property 5.2)" },
    { name: "noiseRatio", meaning: "s = σ²/ε (dimensionless)", default: "σ²/ε when the problem states σ² and the scenario has a ‖∇f‖² target; none otherwise (the authors sweep it)" },
    { name: "maxMessages", meaning: "cap on m_i (messages per worker and round)", default: "⌈d/floats(d)⌉, as many copies as one dense vector costs ([V-code] for RandK, [D] otherwise)" },
    { name: "maxBatch", meaning: "cap on b_i (gradients per worker and round)", default: "∞ (the paper has none)" }
  ],
  bound: { formula: 't*(d − 1, s, [h_i, c_i])', status: '[V]', communication: 'modelled', data: 'homogeneous', evaluate: ({ h, c, d, s }) => shadowheartTime(h, c, d, s) },
  kit: "compressed",
  parseParams: (raw, path, context) => {
    const compressor: CompressorSpec =
      raw.compressor === undefined ? { kind: 'rand-k', k: 1 } : parseCompressor(raw.compressor, `${path}.compressor`, context.dimension);
    return {
      stepSize: readStepSize(raw, path),
      compressor,
      noiseRatio: readNoiseRatio(raw.noiseRatio, `${path}.noiseRatio`, context.noiseVariance, context.target),
      maxMessages: raw.maxMessages === undefined ? defaultMaxMessages(compressor, context.dimension) : readInteger(raw.maxMessages, `${path}.maxMessages`, 1),
      maxBatch: raw.maxBatch === undefined ? Number.POSITIVE_INFINITY : readInteger(raw.maxBatch, `${path}.maxBatch`, 1),
    };
  },
  machine,
  waitingFor: (context) => {
    if (context.idle) return { workers: [], what: 'a worker to say hello (no member is active)' };
    const workers: number[] = [];
    let total = 0;
    for (let w = 0; w < context.tasks.length; w++) {
      if (context.tasks[w] === undefined) continue;
      const m = context.plan.messageCounts[w];
      total += m;
      if (context.received[w] < m) workers.push(w);
    }
    return { workers, what: `${context.missing} of the ${total} compressed messages of round ${context.io.iteration} (static assignment)` };
  },
});

/** s = σ²/ε: the given one, or σ²/ε from the problem's noise and the scenario's target. */
function readNoiseRatio(value: unknown, path: string, noiseVariance: number | undefined, target: number | undefined): number {
  if (value !== undefined) return readNonNegative(value, path);
  if (noiseVariance === undefined || target === undefined || target === 0) {
    throw new ScenarioError(path, undefined,
      'a non-negative number s = σ²/ε (no default: σ²/ε needs a problem with a stated noise variance and a stop.gradNormSq target; the authors tune it as a hyperparameter)');
  }
  return noiseVariance / target;
}
