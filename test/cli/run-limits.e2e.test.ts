import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, roundtable } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'roundtable-limits-'));
const MODULE = join(REPO, 'test/fixtures/problems/pull-to-centers.ts');

function scenarioFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

/** A user's problem whose oracle never returns once worker 1's model has moved (x₀ > 0.5). */
const looping = scenarioFile('looping.json', {
  name: 'looping-oracle',
  seed: 2,
  problem: { kind: 'module', module: MODULE, options: { d: 3, sigma: 0.1, misbehave: { worker: 1, above: 0.5, how: 'loop' } } },
  workers: { count: 4, tau: { law: 'sqrt' } },
  methods: [{ method: 'asgd', stepSize: 0.05 }],
  stop: { time: 200 },
});

/** Millions of events: far longer than any test waits. */
const endless = scenarioFile('endless.json', {
  name: 'endless',
  seed: 1,
  problem: { kind: 'worst-case-quadratic', d: 10, noise: { kind: 'add', sigma: 0.01 } },
  workers: { count: 100, tau: { law: 'sqrt' } },
  methods: [{ method: 'asgd', stepSize: 0.001 }, { method: 'rennala', stepSize: 0.1, batchSize: 10 }],
  stop: { time: 1e9, events: 1e9 },
});

// One at a time: the limits are wall-clock ones, and the machine has two cores.
describe('limits on a run, from the command line', () => {
  it('--max-wall ends a threads run whose oracle never returns: the partial table, the stuck job and shard, exit status 124', async () => {
    // 3 s: time for the pool's threads to start and reach the stuck job, even on a loaded machine.
    const { code, stdout } = await roundtable(['run', looping, '--engine', 'threads', '--threads', '2', '--max-wall', '3']);
    expect(code).toBe(124);
    expect(stdout).toMatch(/^asgd\s+wall\s/m);
    expect(stdout).toMatch(/asgd: stopped early: the wall-clock limit of 3 s was reached at t=[\d.]+, waiting for worker \d's job \d+, due at t=[\d.]+, computing in shard \d; the thread of shard \d \(stuck computing worker 1's job \d+\) was terminated/);
  });

  it('--max-wall ends an inline run stuck inside one event: the watchdog says where and kills the process (137)', async () => {
    const { code, stderr } = await roundtable(['run', looping, '--max-wall', '1'], { timeoutMs: 30_000 });
    expect(code).toBe(137);
    expect(stderr).toContain('roundtable: --max-wall 1 s reached with asgd stuck inside one event');
  });

  it('--max-wall stops a run that is merely long, at the next event, with its partial results (124)', async () => {
    const { code, stdout } = await roundtable(['run', endless, '--max-wall', '1']);
    expect(code).toBe(124);
    expect(stdout).toMatch(/^asgd\s+wall\s/m);
    expect(stdout).toContain('not run (the run was stopped): rennala');
  });

  it('Ctrl-C stops the run at the next event, prints the partial table and exits 130', async () => {
    const child = spawn(process.execPath, [join(REPO, 'bin/roundtable.js'), 'run', endless], { cwd: REPO });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Once the process is running (its startup takes about a second), interrupt it.
    setTimeout(() => child.kill('SIGINT'), 5000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stdout).toMatch(/^asgd\s+interrupted\s/m);
    expect(stdout).toMatch(/asgd: stopped early: interrupted \(Ctrl-C\) at t=[\d.]+/);
  });

  it('an oracle that throws is one line naming the worker, the job and the time, with no stack (exit status 1)', async () => {
    const throwing = scenarioFile('throwing.json', {
      name: 'throwing-oracle',
      seed: 2,
      problem: { kind: 'module', module: MODULE, options: { d: 3, sigma: 0.1, misbehave: { worker: 1, above: 0.5, how: 'throw' } } },
      workers: { count: 4, tau: { law: 'sqrt' } },
      methods: [{ method: 'asgd', stepSize: 0.05 }],
      stop: { time: 200 },
    });
    for (const engine of ['inline', 'threads']) {
      const { code, stderr } = await roundtable(['run', throwing, '--engine', engine]);
      expect(code).toBe(1);
      expect(stderr.trim()).toMatch(/^roundtable: worker 1's job \d+ \(finishing at t=[\d.]+\) failed: the oracle of worker 1 exploded at x₀ = 0\.\d+$/);
    }
  });
});
