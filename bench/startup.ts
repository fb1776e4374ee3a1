import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './measure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPEAT = 5;

/** Median wall seconds of a command, run to completion REPEAT times after one warm-up. */
function secondsOf(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): number | string {
  const once = (): number | string => {
    const start = performance.now();
    const outcome = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    if (outcome.status !== 0) return `exit ${outcome.status}: ${(outcome.stderr || '').trim().split('\n').pop()}`;
    return (performance.now() - start) / 1000;
  };
  const first = once();
  if (typeof first === 'string') return first;
  const samples: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const s = once();
    if (typeof s === 'string') return s;
    samples.push(s);
  }
  return median(samples);
}

/**
 * Start-up cost, end to end as a user pays it: a bare `node`, `roundtable --help`, the quickstart
 * (`npm start` without npm's own start-up) from the build and from the sources (tsx), and
 * `npm start` itself.
 */
export function benchStartup(lines: (line: string) => void): void {
  lines(`Start-up, wall seconds end to end (median of ${REPEAT})`);
  const built = existsSync(`${ROOT}dist/src/index.js`);
  if (!built) lines('  (no dist/: run `npm run build` to measure the built CLI)');
  const rows: [string, number | string][] = [
    ['node -e 0', secondsOf('node', ['-e', '0'])],
    ['roundtable --help (build)', built ? secondsOf('node', ['bin/roundtable.js', '--help']) : 'no build'],
    ['roundtable --help (sources, tsx)', secondsOf('node', ['bin/roundtable.js', '--help'], { ROUNDTABLE_FROM_SOURCE: '1' })],
    ['quickstart (build)', built ? secondsOf('node', ['bin/roundtable.js', 'run', 'scenarios/quickstart.ts']) : 'no build'],
    ['quickstart (sources, tsx)', secondsOf('node', ['bin/roundtable.js', 'run', 'scenarios/quickstart.ts'], { ROUNDTABLE_FROM_SOURCE: '1' })],
    ['npm start', secondsOf('npm', ['start', '--silent'])],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) {
    lines(`  ${label.padEnd(width)}  ${typeof value === 'number' ? `${value.toFixed(2)} s` : value}`);
  }
}
