import { fieldsTable, shapesTable } from '../input/shape.ts';
import { FAULTS } from '../scenario/fault-types.ts';
import { SPEED_PROFILES } from '../scenario/speed/speed-shapes.ts';

/**
 * docs/scenario.md, written from the declared shapes of faults and speed profiles (`npm run
 * docs`; a test fails when it is out of date).
 */
export function scenarioReference(): string {
  return `${[
    '# Faults and speed profiles',
    '',
    '<!-- Written from src/scenario/fault-types.ts and src/scenario/speed/speed-shapes.ts by `npm run docs`; edit those, not this file. -->',
    '',
    'The README explains the scenario language; this is the field-by-field reference of the two',
    'parts declared as shapes. Times are virtual seconds; speeds are relative to nominal (1 = the',
    "worker's 1/τ).",
    '',
    '## Faults (`faults: [...]`)',
    '',
    'Every fault names its target with exactly one of `workers` (ids), `fraction` (drawn from the',
    'seed), `slowest: k`, `fastest: k`, or `edges: [[a, b], ...]` (link faults on a topology; they hit',
    'both directions). Windows are [from, to).',
    '',
    shapesTable(FAULTS),
    '',
    fieldsTable(FAULTS),
    '',
    '## Speed profiles (`compute.speed`)',
    '',
    'The universal computation model: a gradient started at t₀ finishes at the first t with',
    '∫ s = τ. Piecewise-constant profiles are exact; a sine and products with it are accurate to',
    '~1e-12.',
    '',
    shapesTable(SPEED_PROFILES),
    '',
    fieldsTable(SPEED_PROFILES),
  ].join('\n')}\n`;
}
