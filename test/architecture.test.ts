import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.ts';

/**
 * DESIGN's layers, top to bottom: a file may import its own folder and the layers below it,
 * never one above, never a neighbour of its own layer in another folder. `src/index.ts` (the
 * library's face) stands above everything.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['src/index.ts'],
  ['src/cli'],
  ['src/report', 'src/sweep', 'src/claims'],
  ['src/engine'],
  ['actors'],
  ['src/scenario'],
  ['src/problems', 'src/compress', 'src/theory'],
  ['src/graph', 'src/linalg', 'src/random', 'src/time'],
  ['src/input'],
];

function sourceFiles(directory: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(REPO, directory))) {
    const path = join(directory, entry);
    if (statSync(join(REPO, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|mjs|js)$/.test(entry)) out.push(path);
  }
  return out;
}

/** The folder (or file) of LAYERS a repository path belongs to, and its layer. */
function placeOf(path: string): { unit: string; layer: number } | undefined {
  for (let layer = 0; layer < LAYERS.length; layer++) {
    for (const unit of LAYERS[layer]) if (path === unit || path.startsWith(`${unit}/`)) return { unit, layer };
  }
  return undefined;
}

/** Relative imports of a file (static, dynamic, type-only and re-exports alike), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(REPO, file), 'utf8');
  // `from '…'`, a bare `import '…'`, `import('…')` and `new URL('…', import.meta.url)` (worker files).
  const specifiers = [...text.matchAll(/(?:\bfrom|\bimport|new URL\()\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)];
  return specifiers.map((m) => relative('.', normalize(join(dirname(file), m[1]))));
}

const files = [...sourceFiles('src'), ...sourceFiles('actors')].filter((f) => !f.startsWith('src/report/html/client/'));
const graph = new Map(files.map((f) => [f, importsOf(f).filter((target) => files.includes(target))]));

describe('the architecture', () => {
  it('reads the imports it checks', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(graph.get('src/engine/world-core.ts')).toContain('src/engine/monitor.ts');
  });

  it('has its imports point down DESIGN’s layers: no arrow back up, none across to a neighbour', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const from = placeOf(file);
      if (from === undefined) {
        violations.push(`${file} is in no layer`);
        continue;
      }
      for (const target of targets) {
        const to = placeOf(target);
        if (to === undefined || to.unit === from.unit) continue;
        if (to.layer <= from.layer) violations.push(`${file} (${from.unit}) imports ${target} (${to.unit}), ${to.layer < from.layer ? 'a layer above it' : 'a neighbour of its own layer'}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import circle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('keeps each third-party library in its home', () => {
    const homes: Record<string, readonly string[]> = {
      xstate: ['actors/', 'src/engine/spawn-actor.ts', 'src/engine/actor-dispatcher.ts', 'src/time/xstate-clock.ts'],
      piscina: ['src/engine/threads/'],
    };
    const strays: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(REPO, file), 'utf8');
      for (const [library, allowed] of Object.entries(homes)) {
        // Type-only imports are free: they leave nothing behind at run time.
        const uses = new RegExp(`^import (?!type )[^;]*from ['"]${library}['"]`, 'm').test(text);
        if (uses && !allowed.some((home) => file.startsWith(home))) strays.push(`${file} imports ${library}`);
      }
    }
    expect(strays).toEqual([]);
  });
});
