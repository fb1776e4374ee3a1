import { setup } from 'xstate';
import { optional, readInteger } from '../../src/input/fields.ts';
import type { ServerEvent } from '../messages.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import { heroTime } from '../../src/theory/fixed-model.ts';

export interface HeroParams {
  readonly stepSize: number;
  /** The worker that does everything; default the nominally fastest (lowest id on ties). */
  readonly worker: number | undefined;
}

interface HeroContext {
  readonly io: ServerIO;
  readonly params: HeroParams;
  readonly hero: number;
}

/**
 * Hero SGD ("SGDone", ALGORITHMS §2.1): only the fastest worker computes; it runs plain SGD and
 * every other worker idles. Staleness is always 0.
 */
const machine = setup({
  types: {} as { context: HeroContext; events: ServerEvent; input: ServerMachineInput<HeroParams> },
  actions: {
    assignHero: ({ context }) => context.io.assign(context.hero),
    applyAndContinue: ({ context, event }) => {
      if (event.type !== 'grad.arrive') return;
      context.io.apply(event, 1);
      context.io.step(event.grad, context.params.stepSize);
      context.io.assign(context.hero);
    },
  },
  guards: {
    fromHero: ({ context, event }) => event.worker === context.hero,
  },
}).createMachine({
  id: 'hero',
  context: ({ input }) => ({ io: input.io, params: input.params, hero: input.params.worker ?? fastestWorker(input.io) }),
  entry: 'assignHero',
  initial: 'running',
  states: {
    running: {
      on: {
        'grad.arrive': { guard: 'fromHero', actions: 'applyAndContinue' },
        'worker.hello': { guard: 'fromHero', actions: 'assignHero' },
      },
    },
  },
});

/** The nominally fastest worker present at the start; if none is, the fastest of all (it will join). */
function fastestWorker(io: ServerIO): number {
  let best = -1;
  let bestPresent = -1;
  for (let w = 0; w < io.workerCount; w++) {
    if (best < 0 || io.nominalTau(w) < io.nominalTau(best)) best = w;
    if (io.presentAtStart(w) && (bestPresent < 0 || io.nominalTau(w) < io.nominalTau(bestPresent))) bestPresent = w;
  }
  return bestPresent >= 0 ? bestPresent : best;
}

/**
 * Hero SGD (`hero`): the fastest worker does all the work; the others idle (the sequential baseline). Parameters: {@link HeroParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const hero = defineMethod<HeroParams, HeroContext>({
  id: 'hero',
  title: 'Hero SGD',
  summary: 'the fastest worker does all the work; the others idle (the sequential baseline)',
  source: 'Tyurin & Richtárik 2023, "SGDone" (ALGORITHMS §2.1)',
  rule: "Only one worker ever computes: the nominally fastest runs plain SGD, x ← x − γ·g, one gradient per update at the current iterate; every other worker idles. The sequential baseline every parallel method must beat.",
  parameters: [
    { name: 'stepSize', meaning: 'γ, the step size of an update (dimensionless)', default: 'none: the theory’s γ needs L, which a scenario does not state; tune it (a sweep over powers of two)' },
    { name: "worker", meaning: "the worker that does everything (a worker id)", default: "the nominally fastest worker (lowest id on ties)" }
  ],
  bound: { formula: 'τ₁(1 + s)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => heroTime(h, s) },
  kit: "baselines",
  parseParams: (raw, path, context) => {
    return {
      stepSize: readStepSize(raw, path),
      worker: optional(raw.worker, `${path}.worker`, (v, p) => readInteger(v, p, 0, context.workerCount - 1), undefined),
    };
  },
  machine,
  waitingFor: (context) => ({ workers: [context.hero], what: `a gradient from worker ${context.hero} (the hero)`, needs: 'all' }),
});
