import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodCatalog, METHODS } from '../../actors/method-registry.ts';
import { methodReference } from '../../src/report/method-reference.ts';
import { scenarioReference } from '../../src/report/scenario-reference.ts';
import { REPO } from '../helpers/cli.ts';
import { METHODS_WITHOUT_KIT } from '../helpers/kits/index.ts';

/** Everything the project keeps about a method follows from its definition: these checks say where it does not. */
describe('the method registry', () => {
  it('has a test kit for every registered method (the generic laws run through it)', () => {
    expect(METHODS_WITHOUT_KIT).toEqual([]);
  });

  it('is what docs/methods.md documents: run `npm run docs` after changing a method', () => {
    expect(readFileSync(join(REPO, 'docs/methods.md'), 'utf8')).toBe(methodReference(METHODS));
  });

  it('and docs/scenario.md documents the declared faults and speed profiles as they are', () => {
    expect(readFileSync(join(REPO, 'docs/scenario.md'), 'utf8')).toBe(scenarioReference());
  });

  it('documents every parameter, and a parameter without a default says why', () => {
    for (const method of METHODS) {
      expect(method.parameters.map((p) => p.name), method.id).toContain('stepSize');
      expect(new Set(method.parameters.map((p) => p.name)).size, `${method.id}: a parameter documented twice`).toBe(method.parameters.length);
      for (const p of method.parameters) {
        expect(p.meaning.length, `${method.id}.${p.name}`).toBeGreaterThan(3);
        if (p.default.startsWith('none')) expect(p.default, `${method.id}.${p.name}: say why there is no default`).toMatch(/^none: .{8,}/);
      }
    }
  });

  it('accepts exactly the parameters a method documents: another name is an error naming the known ones', () => {
    for (const method of METHODS) {
      const known = method.parameters.map((p) => p.name);
      expect(() => methodCatalog.parseParams(method.id, { stepSize: 0.1, notAParameter: 1 }, 'scenario.methods[0]', { workerCount: 2, dimension: 2, noiseVariance: 1, target: 1, components: 4, workers: [] })).toThrow(
        `scenario.methods[0].notAParameter is not a known field (known here: method, label, ${known.join(', ')})`,
      );
    }
  });

  it('has TSDoc on every exported method definition', () => {
    for (const method of METHODS) {
      const folder = method.decentralized === true ? 'actors/graph' : 'actors/methods';
      const text = readFileSync(join(REPO, folder, `${method.id}.ts`), 'utf8');
      expect(text, `${method.id}: its definition`).toMatch(/\*\/\nexport const \w+ = defineMethod</);
    }
  });
});
