import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PACKAGE_ROOT } from '../../input/package-root.ts';
import { dirname, join } from 'node:path';

/** What report.html inlines besides the data: the libraries, the client script and its style sheet. */
export interface ReportAssets {
  /** d3's UMD bundle (defines the global `d3`, which Plot's bundle needs). */
  readonly d3: string;
  /** Observable Plot's UMD bundle (defines the global `Plot`). */
  readonly plot: string;
  /** The client script files, concatenated in dependency order into one function scope. */
  readonly client: string;
  readonly css: string;
}

/**
 * The client's files, in the order they are concatenated. They are plain browser scripts that
 * share one scope: helpers first, the section drawers next, `main.js` (which runs them) last.
 */
const CLIENT_SCRIPTS = [
  'libraries.js',
  'saved-data.js',
  'format.js',
  'axis-ticks.js',
  'method-colors.js',
  'chart-figure.js',
  'convergence-charts.js',
  'fault-windows.js',
  'timeline-spans.js',
  'timeline-heatmap.js',
  'timeline-charts.js',
  'staleness-charts.js',
  'data-charts.js',
  'graph-charts.js',
  'accounting-charts.js',
  'copy-button.js',
  'main.js',
] as const;

// The client is plain JavaScript, not compiled: read from the sources, from the build too.
const CLIENT_DIR = join(PACKAGE_ROOT, 'src', 'report', 'html', 'client');
const require = createRequire(import.meta.url);

/** Reads the assets from disk: the libraries from node_modules, the client from beside this module. */
export function loadReportAssets(): ReportAssets {
  return {
    d3: readFileSync(join(packageRoot('d3'), 'dist', 'd3.min.js'), 'utf8'),
    plot: readFileSync(join(packageRoot('@observablehq/plot'), 'dist', 'plot.umd.min.js'), 'utf8'),
    client: concatenateClient(),
    css: readFileSync(join(CLIENT_DIR, 'report.css'), 'utf8'),
  };
}

/**
 * The directory holding a package's package.json. Packages' "exports" maps hide their dist
 * files from `require.resolve` (Plot exposes only "." and a "umd" condition), so resolve the
 * entry they do expose, then walk up to the manifest that names the package.
 */
export function packageRoot(name: string): string {
  const entry = require.resolve(name);
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if (manifestName(join(dir, 'package.json')) === name) return dir;
    if (dirname(dir) === dir) throw new Error(`report: no package.json naming ${name} above ${entry}`);
  }
}

function manifestName(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const manifest: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return typeof manifest === 'object' && manifest !== null && 'name' in manifest && typeof manifest.name === 'string' ? manifest.name : undefined;
}

/** One function scope, so the client's files see each other's functions without making page globals. */
function concatenateClient(): string {
  const files = CLIENT_SCRIPTS.map((file) => `// ---- ${file}\n${readFileSync(join(CLIENT_DIR, file), 'utf8')}`);
  return `(() => {\n'use strict';\n${files.join('\n')}\n})();\n`;
}
