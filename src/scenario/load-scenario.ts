import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { isScalable, scenarioAt, type ScenarioScale } from './define-scenario.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import { loadUserModule } from '../input/load-module.ts';
import { preloadProblemModule } from '../problems/module-problem.ts';

/** Scenario file kinds, by extension. */
const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
const JSON_EXTENSIONS = ['.json'];
const YAML_EXTENSIONS = ['.yaml', '.yml'];

/**
 * Reads a scenario file and returns its raw content, not yet validated: the default export of a
 * TypeScript/JavaScript module (`export default defineScenario({...})`; a module exporting a
 * function of `{ scale }` gives the scenario at `options.scale`, default `quick`), or a parsed
 * JSON/YAML document. Errors name the file and what is wrong with it.
 */
export async function loadScenarioFile(path: string, options: { scale?: ScenarioScale } = {}): Promise<unknown> {
  const absolute = resolve(path);
  const extension = extname(absolute).toLowerCase();
  const scale = options.scale ?? 'quick';
  if (MODULE_EXTENSIONS.includes(extension)) {
    const definition = await loadModule(absolute, path);
    if (scale !== 'quick' && !isScalable(definition)) {
      throw new ScenarioError('options.scale', scale, `a scenario module that exports a function of { scale } (${path} has one size)`);
    }
    const scenario = scenarioAt(definition, scale);
    await preloadProblemModule(scenario, dirname(absolute));
    return scenario;
  }
  if (scale !== 'quick') throw new ScenarioError('options.scale', scale, `a scenario module that exports a function of { scale } (${path} has one size)`);
  if (!JSON_EXTENSIONS.includes(extension) && !YAML_EXTENSIONS.includes(extension)) {
    throw new ScenarioError(path, path, `a scenario file ending in ${[...MODULE_EXTENSIONS, ...JSON_EXTENSIONS, ...YAML_EXTENSIONS].join(', ')}`);
  }
  const text = await readText(absolute, path);
  const scenario = await parseDocument(text, JSON_EXTENSIONS.includes(extension) ? 'json' : 'yaml', path);
  await preloadProblemModule(scenario, dirname(absolute));
  return scenario;
}

async function parseDocument(text: string, format: 'json' | 'yaml', path: string): Promise<unknown> {
  if (format === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ScenarioError(path, undefined, 'valid JSON', `${path} is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    // Loaded for YAML files only: most runs never need the parser.
    const { parse } = await import('yaml');
    return parse(text) as unknown;
  } catch (error) {
    throw new ScenarioError(path, undefined, 'valid YAML', `${path} is not valid YAML: ${(error as Error).message}`);
  }
}

async function readText(absolute: string, shown: string): Promise<string> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    throw new ScenarioError(shown, shown, 'a readable file', `cannot read scenario file ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function loadModule(absolute: string, shown: string): Promise<unknown> {
  await readText(absolute, shown);
  let module: { default?: unknown };
  try {
    module = (await loadUserModule(absolute)) as { default?: unknown };
  } catch (error) {
    throw new ScenarioError(shown, undefined, 'a module that loads', `cannot load scenario module ${shown}: ${(error as Error).message}`);
  }
  // Outside an ESM package the file is compiled to CommonJS, and its default export arrives
  // one level deeper ({ default: scenario }); a scenario never has a lone `default` field.
  let exported = module.default;
  if (typeof exported === 'object' && exported !== null && Object.keys(exported).length === 1 && 'default' in exported) {
    exported = (exported as { default: unknown }).default;
  }
  if (exported === undefined) {
    throw new ScenarioError(`${shown} (default export)`, undefined, 'a scenario: export default defineScenario({...})');
  }
  return exported;
}
