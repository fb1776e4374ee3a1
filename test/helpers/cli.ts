import { execFile } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/roundtable.js', import.meta.url));

export interface CliOutcome {
  /** The exit status; 128 + the signal's number when a signal ended the process (137 for SIGKILL). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `roundtable ARGS` as a user would (a child process from the repository root). */
export function roundtable(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const signalled = error !== null && typeof error.signal === 'string' ? 128 + (osConstants.signals[error.signal as NodeJS.Signals] ?? 0) : undefined;
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : (signalled ?? 1);
      resolve({ code, stdout, stderr });
    });
  });
}
