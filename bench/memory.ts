import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./memory-run.ts', import.meta.url));
const CASES = ['ten-million-gradients', 'hundred-thousand-workers'] as const;

/**
 * Memory stays flat: a run of 10⁷ gradient events and a run with n = 10⁵ workers, each in a
 * child process, print their peak resident set. Growth with the run's length would show as a
 * peak far above the second case's (whose state is the n workers).
 */
export function benchMemory(lines: (line: string) => void): void {
  lines('Peak memory of long and wide runs (one child process each)');
  for (const name of CASES) {
    const outcome = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, name], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (outcome.status !== 0) {
      lines(`  ${name}: failed (${(outcome.stderr || '').trim().split('\n').pop()})`);
      continue;
    }
    const r = JSON.parse(outcome.stdout.trim().split('\n').pop() ?? '{}');
    lines(
      `  ${name.padEnd(25)} ${String(r.gradients).padStart(9)} gradients  ${String(r.events).padStart(9)} events  ` +
        `${r.seconds.toFixed(1).padStart(5)} s  peak RSS ${Math.round(r.peakMB)} MB  (stopped: ${r.stop})`,
    );
  }
}
