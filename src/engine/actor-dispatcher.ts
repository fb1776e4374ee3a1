import type { AnyActorRef, AnyStateMachine, EventObject } from 'xstate';

/** A custom action or guard implementation as XState calls it: `(args, params)`. */
type Implementation = (args: { context: unknown; event: EventObject; self: AnyActorRef; system: unknown }, params: undefined) => unknown;

/**
 * One candidate transition of a (state, event type) pair: a guard and the actions to run, or
 * `interpreted` when the transition changes state (or runs XState's built-in actions) and must go
 * through the interpreter once its guard has chosen it.
 */
interface Candidate {
  readonly guard: Implementation | undefined;
  readonly actions: readonly Implementation[];
  readonly interpreted: boolean;
}

/**
 * Per state key, per event type: the candidates when every guard is a named one (so the
 * dispatcher can evaluate them), or null when the pair must go through XState's interpreter.
 */
export type DispatchTable = ReadonlyMap<string, ReadonlyMap<string, readonly Candidate[] | null>>;

const tables = new WeakMap<AnyStateMachine, DispatchTable>();

/**
 * Reads a machine's definition (through XState's public StateNode API) and returns, for each
 * top-level atomic state with no eventless (`always`) or delayed transitions, and each event
 * type whose guards are all named: its candidates in order. A candidate that changes nothing but
 * runs named custom actions is run directly; one with a target (or built-in actions) is marked
 * `interpreted`. Everything else is left to XState.
 */
export function compileDispatchTable(machine: AnyStateMachine): DispatchTable {
  const cached = tables.get(machine);
  if (cached !== undefined) return cached;
  const actions = machine.implementations.actions as Record<string, unknown>;
  const guards = machine.implementations.guards as Record<string, unknown>;
  const table = new Map<string, Map<string, readonly Candidate[] | null>>();
  const rootHandles = new Set(machine.root.transitions.keys());
  for (const [key, node] of Object.entries(machine.root.states)) {
    const byEvent = new Map<string, readonly Candidate[] | null>();
    table.set(key, byEvent);
    const simpleState = node.type === 'atomic' && node.always === undefined && node.after.length === 0;
    for (const [eventType, definitions] of node.transitions) {
      if (!simpleState || rootHandles.has(eventType) || eventType === '*' || eventType.includes('*')) {
        byEvent.set(eventType, null);
        continue;
      }
      const candidates: Candidate[] = [];
      let compilable = true;
      for (const definition of definitions) {
        const guard = definition.guard === undefined ? undefined : lookup(guards, definition.guard);
        if (guard === null) {
          compilable = false;
          break;
        }
        const resolved = definition.actions.map((a) => lookup(actions, a));
        const interpreted = definition.target !== undefined || definition.reenter || resolved.includes(null);
        candidates.push({ guard, actions: interpreted ? [] : (resolved as Implementation[]), interpreted });
      }
      byEvent.set(eventType, compilable ? candidates : null);
    }
  }
  tables.set(machine, table);
  return table;
}

function lookup(implementations: Record<string, unknown>, reference: unknown): Implementation | null {
  if (typeof reference !== 'string') return null;
  const implementation = implementations[reference];
  // XState's built-in actions (assign, sendTo, raise, ...) are functions too, but they must be
  // resolved by the interpreter, not called: they carry `resolve`. Leave those to XState.
  if (typeof implementation !== 'function' || 'resolve' in implementation) return null;
  return implementation as Implementation;
}

/**
 * Delivers events to one XState actor. Events whose transition changes no state (the hot path:
 * a worker accepting a job, a server applying a gradient) run the machine's own guards and
 * actions directly, exactly as XState would, without building a new snapshot; every other event
 * goes through `actor.send`. When the guards choose a transition with a target, the event goes
 * to XState, which evaluates the same guards on the same context (guards are pure) and takes the
 * same transition. Both paths share one mailbox, so an event sent to an actor while it
 * is processing waits its turn: run-to-completion, as in XState.
 *
 * Inspection events are not emitted for fast-path transitions, and the snapshot object keeps its
 * identity (its value and context are what XState would produce). The engine's `dispatch:
 * 'xstate'` option turns the fast path off; a property test checks both give the same traces.
 */
export class ActorDispatcher<E extends EventObject> {
  private readonly queue: E[] = [];
  private busy = false;
  private readonly table: DispatchTable | undefined;
  private failed = false;
  private readonly args: { context: unknown; event: EventObject; self: AnyActorRef; system: unknown };

  constructor(
    readonly actor: AnyActorRef,
    machine: AnyStateMachine,
    fastPath: boolean,
    /** Told about an error thrown by an action on the fast path (XState reports its own). */
    private readonly onFailure: (error: unknown) => void,
    /**
     * Told once an event has been processed (not merely queued): the moment the receiver is done
     * with a message, so its buffers can go back to their pool. An event sent while the actor is
     * busy waits in the mailbox, and its buffers must stay valid until then.
     */
    private readonly afterEvent?: (event: E) => void,
  ) {
    this.table = fastPath ? compileDispatchTable(machine) : undefined;
    this.args = { context: undefined, event: { type: '' }, self: actor, system: actor.system };
  }

  send(event: E): void {
    if (this.busy) {
      this.queue.push(event);
      return;
    }
    this.busy = true;
    try {
      this.process(event);
      this.afterEvent?.(event);
      while (this.queue.length > 0) {
        const next = this.queue.shift()!;
        this.process(next);
        this.afterEvent?.(next);
      }
    } finally {
      this.busy = false;
    }
  }

  private process(event: E): void {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status !== 'active' || this.failed) return;
    const candidates = this.table?.get(snapshot.value as string)?.get(event.type);
    if (candidates === undefined || candidates === null) {
      this.actor.send(event);
      return;
    }
    // One arguments object per dispatcher, refilled per event: actions read it, never keep it.
    const args = this.args;
    args.context = snapshot.context;
    args.event = event;
    let chosen: Candidate | undefined;
    try {
      for (const candidate of candidates) {
        if (candidate.guard !== undefined && !candidate.guard(args, undefined)) continue;
        chosen = candidate;
        if (!candidate.interpreted) for (const action of candidate.actions) action(args, undefined);
        break;
      }
    } catch (error) {
      this.failed = true;
      this.onFailure(error);
      return;
    }
    if (chosen?.interpreted) this.actor.send(event);
  }
}
