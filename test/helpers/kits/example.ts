import { expect } from 'vitest';
import fc from 'fast-check';
import { stepsOf } from '../laws.ts';
import type { MethodKit } from '../method-kit.ts';

/** The kit of docs/writing-a-method.md's example method, `pairs-asgd` (not a built-in method). */
export const pairsAsgdKit: MethodKit = {
  id: 'pairs-asgd',
  params: () => fc.constantFrom(0.01, 0.05).map((stepSize) => ({ method: 'pairs-asgd', stepSize })),
  laws: [
    {
      name: 'steps along exactly two gradients, each weighed 1/2',
      check: ({ records }) => {
        for (const [, applied] of stepsOf(records)) {
          expect(applied).toHaveLength(2);
          for (const r of applied) expect(r.value).toBe(0.5);
        }
      },
    },
  ],
};
