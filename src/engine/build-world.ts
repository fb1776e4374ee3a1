import { defaultRegistry } from '../../actors/method-registry.ts';
import type { MethodSpec, Scenario } from '../scenario/scenario-types.ts';
import { buildGraphWorld } from './graph/graph-world.ts';
import type { SimulateOptions } from './simulate-options.ts';
import { buildStarWorld } from './star-world.ts';
import type { World } from './world.ts';
import { WorldCore, type WorldHooks } from './world-core.ts';

/**
 * Builds the world of one method of a scenario on its core and starts its actors at t = 0: the
 * one place that chooses the wiring (a server and workers, or the nodes of a graph).
 */
export function buildWorld(scenario: Scenario, methodSpec: MethodSpec, options: SimulateOptions, hooks: WorldHooks = {}): World {
  const method = (options.registry ?? defaultRegistry).get(methodSpec.method);
  const core = new WorldCore(scenario, methodSpec, method, options, hooks);
  return method.decentralized === true ? buildGraphWorld(core) : buildStarWorld(core);
}
