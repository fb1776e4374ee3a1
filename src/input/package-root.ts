import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * roundtable's own files, wherever it runs from: its sources (src/, run through tsx) or its build
 * (dist/src/, compiled by `npm run build`). Assets that are not compiled (the report's client,
 * the watchdog thread, package.json) are read from the package root in both cases.
 */

/** The directory of roundtable's package.json, found from `moduleUrl` upwards. */
export function rootOf(moduleUrl: string): string {
  for (let dir = dirname(fileURLToPath(moduleUrl)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'roundtable') return dir;
    if (dirname(dir) === dir) throw new Error(`roundtable: no package.json of roundtable above ${moduleUrl}`);
  }
}

/** The package root of this copy of roundtable. */
export const PACKAGE_ROOT: string = rootOf(import.meta.url);

/** Whether this module runs from the build (compiled JavaScript) rather than the TypeScript sources. */
export const FROM_BUILD: boolean = import.meta.url.endsWith('.js');
