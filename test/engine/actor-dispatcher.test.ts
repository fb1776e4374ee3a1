import { and, assign, createActor, setup } from 'xstate';
import { describe, expect, test } from 'vitest';
import { ActorDispatcher, compileDispatchTable } from '../../src/engine/actor-dispatcher.ts';

type Event = { type: 'tick'; value: number } | { type: 'reset' };

/** A counter whose hot transitions are targetless and whose round ends go to another state. */
function counterMachine(log: string[]) {
  return setup({
    types: {} as { context: { total: number; rounds: number }; events: Event },
    actions: {
      add: ({ context, event }) => {
        if (event.type === 'tick') context.total += event.value;
        log.push(`add ${context.total}`);
      },
      closeRound: ({ context }) => {
        context.rounds++;
        log.push(`close ${context.rounds}`);
      },
      note: () => log.push('note'),
    },
    guards: {
      big: ({ event }) => event.type === 'tick' && event.value >= 10,
      positive: ({ event }) => event.type === 'tick' && event.value > 0,
      even: ({ context }) => context.total % 2 === 0,
    },
  }).createMachine({
    context: { total: 0, rounds: 0 },
    initial: 'open',
    states: {
      open: {
        on: {
          tick: [
            { guard: 'big', target: 'closed', actions: ['add', 'closeRound'] },
            { guard: 'positive', actions: 'add' },
          ],
          reset: { actions: assign({ total: 0 }) },
        },
      },
      closed: {
        on: {
          tick: { guard: and(['positive', 'even']), target: 'open', actions: 'add' },
          reset: { target: 'open' },
        },
      },
    },
  });
}

describe('the compiled dispatcher', () => {
  test('runs targetless transitions itself, hands chosen targets and built-in actions to XState, and leaves inline guards to XState', () => {
    const table = compileDispatchTable(counterMachine([]));
    const openTick = table.get('open')?.get('tick');
    expect(openTick?.map((c) => c.interpreted)).toEqual([true, false]);
    expect(table.get('open')?.get('reset')?.map((c) => c.interpreted)).toEqual([true]);
    // and([...]) is not a named guard: the dispatcher cannot evaluate it.
    expect(table.get('closed')?.get('tick')).toBeNull();
  });

  test('gives the same actions, context and state as XState for every event sequence', () => {
    const events: Event[] = [
      { type: 'tick', value: 3 },
      { type: 'tick', value: 0 },
      { type: 'tick', value: 12 },
      { type: 'tick', value: 1 },
      { type: 'tick', value: 2 },
      { type: 'reset' },
      { type: 'tick', value: 4 },
      { type: 'reset' },
      { type: 'tick', value: 10 },
      { type: 'tick', value: 5 },
    ];
    const outcome = (fastPath: boolean) => {
      const log: string[] = [];
      const machine = counterMachine(log);
      const actor = createActor(machine);
      const dispatcher = new ActorDispatcher<Event>(actor, machine, fastPath, (error) => {
        throw error;
      });
      actor.start();
      const states: string[] = [];
      for (const event of events) {
        dispatcher.send(event);
        const snapshot = actor.getSnapshot();
        states.push(`${String(snapshot.value)} ${snapshot.context.total}/${snapshot.context.rounds}`);
      }
      return { log, states };
    };
    const interpreted = outcome(false);
    expect(outcome(true)).toEqual(interpreted);
    expect(interpreted.states.at(-1)).toBe('open 15/2');
  });
});
