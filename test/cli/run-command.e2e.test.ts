import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roundtable } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'roundtable-cli-'));

/** Writes a scenario file into the test's temporary directory. */
function scenarioFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const small = {
  name: 'small',
  seed: 3,
  problem: { kind: 'worst-case-quadratic', d: 10, noise: { kind: 'add', sigma: 0.01 } },
  workers: { count: 4, tau: { law: 'sqrt' } },
  methods: [
    { method: 'asgd', stepSize: 0.05 },
    { method: 'rennala', stepSize: 0.2, batchSize: 2 },
  ],
  stop: { gradNormSq: 1e-3, time: 200 },
};

describe.concurrent('roundtable run', () => {
  it('prints the quickstart table with every method', async () => {
    const { code, stdout } = await roundtable(['run', 'scenarios/quickstart.ts']);
    expect(code).toBe(0);
    for (const header of ['method', 'time to ε', 'final ‖∇f‖²', 'iterations', 'computed', 'applied', 'discarded', 'lost', 'util', 'staleness']) {
      expect(stdout).toContain(header);
    }
    for (const method of ['hero', 'minibatch', 'asgd', 'rennala', 'malenia']) expect(stdout).toMatch(new RegExp(`^${method}\\s`, 'm'));
  });

  it('--check-ownership checks every buffer as the run goes and changes no result', async () => {
    const file = scenarioFile('small-checked.json', small);
    const [plain, checked] = await Promise.all([roundtable(['run', file, '--json']), roundtable(['run', file, '--json', '--check-ownership'])]);
    expect(checked.code).toBe(0);
    const hashes = (out: string) => (JSON.parse(out) as { runs: { traceHash: string }[] }).runs.map((r) => r.traceHash);
    expect(hashes(checked.stdout)).toEqual(hashes(plain.stdout));
  });

  it('prints parseable JSON with --json, echoing the expanded scenario', async () => {
    const { code, stdout } = await roundtable(['run', scenarioFile('small.json', small), '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.engine).toBe('inline');
    expect(result.seed).toBe(3);
    expect(result.scenario.workers).toHaveLength(4);
    expect(result.runs).toHaveLength(2);
    for (const run of result.runs) {
      expect(Object.keys(run)).toEqual(expect.arrayContaining(['method', 'stopReason', 'virtualTime', 'iterations', 'timeToTarget', 'gradients', 'final', 'curve', 'traceHash', 'wallSeconds']));
      const g = run.gradients;
      expect(g.computed).toBe(g.applied + g.discarded + g.lost + g.inFlight);
      expect(run.final.x).toHaveLength(10);
      expect(run.traceHash).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('reproduces a run bit for bit, and --seed changes it', async () => {
    const file = scenarioFile('seeded.json', small);
    const hashes = async (...extra: string[]) => JSON.parse((await roundtable(['run', file, '--json', ...extra])).stdout).runs.map((r: { traceHash: string }) => r.traceHash);
    const [a, b, c] = await Promise.all([hashes(), hashes(), hashes('--seed', '4')]);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('runs a subset with --method', async () => {
    const { code, stdout } = await roundtable(['run', scenarioFile('subset.json', small), '--method', 'rennala', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).runs.map((r: { method: string }) => r.method)).toEqual(['rennala']);
  });

  it.each([
    ['a missing field', { ...small, problem: undefined }, 'scenario.problem'],
    ['a negative τ', { ...small, workers: [{ tau: 1 }, { tau: -1 }] }, 'scenario.workers[1].tau must be a positive number; got -1'],
    ['an unknown method', { ...small, methods: [{ method: 'nope', stepSize: 1 }] }, 'scenario.methods[0].method must be one of'],
  ])('exits 2 on %s, naming the field and the value', async (_what, content, message) => {
    const { code, stderr, stdout } = await roundtable(['run', scenarioFile(`bad-${message.length}.json`, content)]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it('exits 2 on NaN in a TypeScript scenario', async () => {
    const file = scenarioFile('nan.ts', `export default ${JSON.stringify(small).replace('"stepSize":0.05', '"stepSize":NaN')};`);
    const { code, stderr } = await roundtable(['run', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('scenario.methods[0].stepSize must be a positive number; got NaN');
  });

  it('exits 2 on a file that is not JSON, saying where', async () => {
    const { code, stderr } = await roundtable(['run', scenarioFile('broken.json', '{ "name": "x", }')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/broken\.json is not valid JSON/);
  });

  it('exits 2 on a missing file, an unknown flag and a bad seed', async () => {
    const [missing, flag, seed] = await Promise.all([
      roundtable(['run', join(dir, 'nowhere.json')]),
      roundtable(['run', 'scenarios/quickstart.ts', '--fast']),
      roundtable(['run', 'scenarios/quickstart.ts', '--seed=-1']),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read scenario file');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--fast');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed must be a non-negative integer; got "-1"');
  });

  it('--engine threads prints the inline result, wall time apart, and exits by itself', async () => {
    const file = scenarioFile('engines.json', { ...small, faults: [{ kind: 'crash', at: 5, recoverAfter: 5, workers: [1] }] });
    const [inline, threads] = await Promise.all([roundtable(['run', file, '--json']), roundtable(['run', file, '--json', '--engine', 'threads', '--threads', '2'])]);
    expect(threads.stderr).toBe('');
    expect(threads.code).toBe(0);
    const a = JSON.parse(inline.stdout);
    const b = JSON.parse(threads.stdout);
    expect(b.engine).toBe('threads');
    expect(b.threads).toEqual({ count: 2, restarts: 0 });
    const strip = (run: { wallSeconds: number }) => ({ ...run, wallSeconds: 0 });
    expect(b.runs.map(strip)).toEqual(a.runs.map(strip));
    const table = await roundtable(['run', file, '--engine', 'threads']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/engine threads \(\d+ threads\)/);
  });

  it('--scale picks a scenario module’s size, and is refused where there is one size', async () => {
    const module = scenarioFile('scaled.ts', `export default ({ scale }) => ({ ...${JSON.stringify(small)}, name: 'scaled-' + scale });`);
    const [quick, full, json, bad] = await Promise.all([
      roundtable(['run', module, '--json']),
      roundtable(['run', module, '--json', '--scale', 'full']),
      roundtable(['run', scenarioFile('one-size.json', small), '--scale', 'full']),
      roundtable(['run', module, '--scale', 'huge']),
    ]);
    expect(JSON.parse(quick.stdout).scenario.name).toBe('scaled-quick');
    expect(JSON.parse(full.stdout).scenario.name).toBe('scaled-full');
    expect(json.code).toBe(2);
    expect(json.stderr).toContain('--scale must be a scenario module that exports a function of { scale }');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--scale must be "quick" or "full"; got "huge"');
  });

  it('exits 2 on a bad engine or thread count, naming the flag', async () => {
    const [engine, orphan, zero] = await Promise.all([
      roundtable(['run', 'scenarios/quickstart.ts', '--engine', 'gpu']),
      roundtable(['run', 'scenarios/quickstart.ts', '--threads', '2']),
      roundtable(['run', 'scenarios/quickstart.ts', '--engine', 'threads', '--threads', '0']),
    ]);
    expect(engine.code).toBe(2);
    expect(engine.stderr).toContain('--engine must be "inline" or "threads"; got "gpu"');
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toContain('--threads needs --engine threads');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--threads must be an integer number of threads between 1 and 256; got "0"');
  });
});

describe.concurrent('roundtable run with files next to the scenario', () => {
  it('reads a CSV speed trace relative to the scenario file and inlines it in the expanded scenario', async () => {
    const traceDir = mkdtempSync(join(tmpdir(), 'roundtable-trace-'));
    writeFileSync(join(traceDir, 'speeds.csv'), 'time,speed\n0,1\n10,0.25\n20,1\n');
    const file = join(traceDir, 'traced.json');
    writeFileSync(file, JSON.stringify({ ...small, workers: [{ tau: 1, compute: { speed: { kind: 'trace', file: 'speeds.csv' } } }, { tau: 2 }] }));
    const { code, stdout, stderr } = await roundtable(['run', file, '--json'], { cwd: tmpdir() });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).scenario.workers[0].compute.speed).toEqual({ kind: 'trace', points: [[0, 1], [10, 0.25], [20, 1]] });
  });

  it('names the field and the file when a trace cannot be read', async () => {
    const file = scenarioFile('untraced.json', { ...small, workers: [{ tau: 1, compute: { speed: { kind: 'trace', file: 'missing.csv' } } }] });
    const { code, stderr } = await roundtable(['run', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('scenario.workers[0].compute.speed.file');
    expect(stderr).toContain('missing.csv');
  });
});
