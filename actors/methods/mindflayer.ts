import { assertEvent, setup } from 'xstate';
import { optional, readArray, readInteger, readOneOf, readPositive, type Raw } from '../../src/input/fields.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import type { Task } from '../tasks.ts';
import { GradientBatch } from './gradient-batch.ts';
import { RoundBook } from './round-book.ts';

/** What the sum of the successful gradients is divided by. */
export type MindFlayerNormalization = 'realized' | 'expected';

export interface MindFlayerParams {
  readonly stepSize: number;
  /** t_i, seconds per attempt, one per worker (a single number in the scenario means all). */
  readonly budget: readonly number[];
  /** B_i, attempts per round, one per worker (a single number in the scenario means all). */
  readonly attempts: readonly number[];
  /**
   * `realized` (default): divide by the number of successes this round. `expected` [R]: divide by
   * Σ_i p̂_i B_i, the sketch's B = Σ p_i B_i with p_i estimated online (successes / attempts seen).
   */
  readonly normalize: MindFlayerNormalization;
}

interface MindFlayerContext {
  readonly io: ServerIO;
  readonly params: MindFlayerParams;
  readonly tasks: readonly Task[];
  readonly batch: GradientBatch;
  readonly round: RoundBook;
  /** Per worker, attempts and successes in every accepted message so far (the online p̂_i). */
  readonly attemptsSeen: Float64Array;
  readonly successesSeen: Float64Array;
  /** Rounds started so far (a round without a success does not step, so rounds ≥ iterations). */
  rounds: number;
}

/**
 * MindFlayer SGD (Maranjyan, Omar & Richtárik 2024; ALGORITHMS §5.6, [R/V-review]), for random,
 * possibly heavy-tailed compute times. Every round, each known worker gets an `attempts` task: B_i
 * back-to-back attempts at a stochastic gradient at x^k, each abandoned when it has run t_i seconds.
 * The server waits for the one message of every worker (the sum of its successful gradients and
 * their number), then steps x ← x − γ·(Σ successful gradients)/N with N = the number of successes
 * (`realized`) or N = Σ_i p̂_i B_i (`expected`, [R]: the paper's normalisation is unverified; p̂_i =
 * successes / attempts over every message accepted from worker i so far, this round's included).
 *
 * A round without a single success makes no step: its (empty) messages are discarded and a new
 * round starts at the same x^k (the iteration count does not move). t_i and B_i are parameters: the
 * paper picks them by minimising the expected time, which needs the law of the compute times.
 *
 * Rounds, hellos and faults as in Minibatch SGD: a dead worker stalls it; a worker that says hello
 * gets the round's task again if the round still waits for it, and joins from the next round
 * otherwise (at once when no round is running because no worker was present yet).
 */
const machine = setup({
  types: {} as { context: MindFlayerContext; events: ServerEvent; input: ServerMachineInput<MindFlayerParams> },
  actions: {
    startRound: ({ context }) => startRound(context),
    collect: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const w = event.worker;
      context.round.delivered(w);
      context.attemptsSeen[w] += event.attempts;
      context.successesSeen[w] += event.count;
      context.batch.add(event);
    },
    finishRound: ({ context }) => {
      finishRound(context);
      startRound(context);
    },
    discard: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      context.io.discard(event);
    },
    welcome: ({ context, event }) => {
      assertEvent(event, 'worker.hello');
      const welcome = context.round.welcome(event.worker);
      if (welcome === 'open') startRound(context);
      else if (welcome === 'rejoin') context.io.assign(event.worker, context.tasks[event.worker]);
    },
  },
  guards: {
    belongsToRound: ({ context, event }) => context.round.belongs(event, context.io.iteration),
    completesRound: ({ context, event }) => context.round.belongs(event, context.io.iteration) && context.round.awaitingCount === 1,
  },
}).createMachine({
  id: 'mindflayer',
  context: ({ input }) => {
    const { io, params } = input;
    const n = io.workerCount;
    return {
      io,
      params,
      tasks: params.attempts.map((attempts, w): Task => ({ kind: 'attempts', attempts, budget: params.budget[w] })),
      batch: new GradientBatch(io.dimension),
      round: new RoundBook(io),
      attemptsSeen: new Float64Array(n),
      successesSeen: new Float64Array(n),
      rounds: 0,
    };
  },
  entry: 'startRound',
  initial: 'collecting',
  states: {
    collecting: {
      on: {
        'grad.arrive': [
          { guard: 'completesRound', actions: ['collect', 'finishRound'] },
          { guard: 'belongsToRound', actions: 'collect' },
          { actions: 'discard' },
        ],
        'worker.hello': { actions: 'welcome' },
      },
    },
  },
});

function finishRound(context: MindFlayerContext): void {
  const { io, batch, params } = context;
  if (batch.gradients === 0) {
    batch.messages.forEach((message) => io.discard(message));
    return;
  }
  let normalizer = batch.gradients;
  if (params.normalize === 'expected') {
    normalizer = 0;
    for (let i = 0; i < batch.messages.length; i++) {
      const w = batch.messages.workerAt(i);
      normalizer += (context.successesSeen[w] / context.attemptsSeen[w]) * params.attempts[w];
    }
  }
  batch.messages.forEach((message) => io.apply(message, message.count / normalizer));
  io.step(batch.sum, params.stepSize / normalizer);
}

function startRound(context: MindFlayerContext): void {
  context.batch.clear();
  context.round.open((w) => context.io.assign(w, context.tasks[w]));
  if (context.round.participants > 0) context.rounds++;
}

/** A positive number for every worker, or a list of them, one per worker. */
function readPerWorker(raw: Raw, name: string, path: string, n: number, read: (v: unknown, p: string) => number, what: string, why: string): number[] {
  const value = raw[name];
  const p = `${path}.${name}`;
  if (value === undefined) throw new ScenarioError(p, value, `${what}, or a list of ${n} (one per worker) (no default: ${why})`);
  if (!Array.isArray(value)) {
    const v = read(value, p);
    return Array.from({ length: n }, () => v);
  }
  const list = readArray(value, p);
  if (list.length !== n) throw new ScenarioError(p, value, `${what}, or a list of ${n} (one per worker)`);
  return list.map((v, i) => read(v, `${p}[${i}]`));
}

/**
 * MindFlayer SGD (`mindflayer`): timed attempts: B_i attempts of at most t_i seconds per worker and round, for heavy-tailed compute times. Parameters: {@link MindFlayerParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const mindflayer = defineMethod<MindFlayerParams, MindFlayerContext>({
  id: 'mindflayer',
  title: 'MindFlayer SGD',
  summary: 'timed attempts: B_i attempts of at most t_i seconds per worker and round, for heavy-tailed compute times',
  source: 'Maranjyan, Omar & Richtárik, arXiv 2410.04285 (ALGORITHMS §5.6)',
  rule: "Timed attempts for heavy-tailed compute times (Maranjyan, Omar & Richtárik 2024): in each round worker i makes B_i attempts of at most t_i seconds each at x^k, abandoning an attempt that runs over; the server steps along the sum of the successful gradients, normalised.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "budget", meaning: "t_i, seconds per attempt: one number for all workers or one per worker", default: "none: it is the method’s tuning knob" },
    { name: "attempts", meaning: "B_i, attempts per round: one number or one per worker", default: "none: it is the method’s tuning knob" },
    { name: "normalize", meaning: "divide by the realized number of successes, or by Σ_i p̂_i B_i with p_i estimated online (expected [R])", default: "realized" }
  ],
  kit: "compressed",
  parseParams: (raw, path, context) => {
    const n = context.workerCount;
    const why = 'the paper chooses t_i and B_i by minimising the expected time, which needs the law of the compute times';
    return {
      stepSize: readStepSize(raw, path),
      budget: readPerWorker(raw, 'budget', path, n, readPositive, 'a positive number of seconds per attempt', why),
      attempts: readPerWorker(raw, 'attempts', path, n, (v, p) => readInteger(v, p, 1), 'an integer ≥ 1 of attempts per round', why),
      normalize: optional(raw.normalize, `${path}.normalize`, (v, p) => readOneOf(v, p, ['realized', 'expected'] as const), 'realized'),
    };
  },
  machine,
  waitingFor: (context) => {
    const workers = context.round.awaitingWorkers();
    if (workers.length === 0) return { workers, what: 'a worker to say hello (no member yet)' };
    return { workers, what: `the attempt results of round ${context.rounds} at x^${context.io.iteration}` };
  },
});
