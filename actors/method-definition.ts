import type { AnyStateMachine } from 'xstate';
import type { MethodBound } from '../src/theory/method-bounds.ts';
import type { Raw } from '../src/input/fields.ts';
import type { MethodParseContext } from '../src/scenario/method-catalog.ts';
import type { NodeIO } from './graph/node-io.ts';
import type { ServerIO } from './server-io.ts';

/** The input every server machine is created with. */
export interface ServerMachineInput<P> {
  readonly io: ServerIO;
  readonly params: P;
}

/** What a stalled server was waiting for: the workers whose messages would unblock it. */
export interface WaitReport {
  readonly workers: readonly number[];
  /** One phrase, e.g. "gradients of round 12". */
  readonly what: string;
  /**
   * `all`: the server needs every listed worker (a synchronous round); `any` (the default): a
   * message from any one of them would let it progress. The engine declares a stall when the
   * workers it needs can no longer deliver.
   */
  readonly needs?: 'all' | 'any';
  /**
   * Workers the server may yet hand work to on its own (a timeout giving a silent client's slot
   * to another): with `any`, the wait is not in vain while one of them is up and reachable.
   */
  readonly orAssign?: readonly number[];
}

/** A method parameter as the reference documents it (docs/methods.md, `roundtable methods`). */
export interface ParameterDoc {
  /** The field's name in a scenario's method entry. */
  readonly name: string;
  /** What it is, with its unit. */
  readonly meaning: string;
  /** Its default in words, or `none: ...` saying why there is none (then it is required). */
  readonly default: string;
}

/**
 * A method: everything about it in one place, its parameters, its server machine, how it
 * describes what it waits for, the time complexity its paper proves, the rule in words and the
 * test kit that holds its laws. Methods are plain data and math around an XState machine;
 * nothing here knows the engine. The registry, `roundtable methods`, docs/methods.md, the theory
 * column and the generic property tests all read it from here.
 */
export interface MethodDefinition<P = unknown, C = unknown> {
  /** Id used in scenario files, e.g. `rennala`. */
  readonly id: string;
  /** Display name, e.g. `Rennala SGD`. */
  readonly title: string;
  /** One line: what the method is for. */
  readonly summary: string;
  /** The paper (and where in it). */
  readonly source: string;
  /** The rule, in a paragraph. */
  readonly rule: string;
  /** Every parameter it takes: a scenario's method entry may hold these names and no other. */
  readonly parameters: readonly ParameterDoc[];
  /**
   * Validates parameters at `path` (only names in `parameters` reach it), filling defaults;
   * throws ScenarioError naming the field.
   */
  parseParams(raw: Raw, path: string, context: MethodParseContext): P;
  /** The time complexity its paper proves, in units of LΔ/ε, where it has one. */
  readonly bound?: MethodBound;
  /**
   * The file in test/helpers/kits/ (without `.ts`) whose kit for this method holds its laws;
   * a test fails for a method without one. Decentralized methods: `graph`.
   */
  readonly kit: string;
  /** The server machine; created with input {@link ServerMachineInput}. */
  readonly machine: AnyStateMachine;
  /** Reads the machine's context and says what it waits for (used to explain a stall). */
  waitingFor(context: C): WaitReport;
  /**
   * A decentralized method (ALGORITHMS §4.3): `machine` is the machine of every node of the
   * scenario's topology (input {@link NodeMachineInput}), there is no server, and `waitingFor`
   * reads `{ nodes: [every node's context] }`.
   */
  readonly decentralized?: true;
}

/** The input every node machine of a decentralized method is created with. */
export interface NodeMachineInput<P> {
  readonly io: NodeIO;
  readonly params: P;
  /** False for a node that joins later. */
  readonly present: boolean;
}

/** A method definition with its parameter and context types erased, for the registry. */
export type AnyMethodDefinition = MethodDefinition<unknown, never>;

/** Declares a method; keeps the parameter and context types checked inside the definition. */
export function defineMethod<P, C>(definition: MethodDefinition<P, C>): AnyMethodDefinition {
  return definition as unknown as AnyMethodDefinition;
}
