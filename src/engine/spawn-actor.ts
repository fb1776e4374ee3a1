import { createActor, type AnyStateMachine, type EventObject } from 'xstate';
import type { XStateClock } from '../time/xstate-clock.ts';
import { ActorDispatcher } from './actor-dispatcher.ts';

/** How {@link spawnActor} creates an actor. */
export interface SpawnOptions<E extends EventObject> {
  readonly input: unknown;
  readonly id: string;
  /** The virtual clock's XState adapter: no actor ever sees the wall clock. */
  readonly clock: XStateClock;
  /** Run state-preserving transitions directly (see ActorDispatcher). */
  readonly fastPath: boolean;
  /** Told when the actor (or a fast-path action) throws. */
  readonly onError: (error: unknown) => void;
  /** Told once an event has been processed. */
  readonly afterEvent?: (event: E) => void;
}

/**
 * The one way actors are made, on every engine and in every thread: on the given (virtual)
 * clock, with their failures reported, behind a dispatcher. Not started.
 */
export function spawnActor<E extends EventObject>(machine: AnyStateMachine, options: SpawnOptions<E>): ActorDispatcher<E> {
  const actor = createActor(machine, { input: options.input, clock: options.clock, id: options.id });
  actor.subscribe({ error: options.onError });
  return new ActorDispatcher<E>(actor, machine, options.fastPath, options.onError, options.afterEvent);
}
