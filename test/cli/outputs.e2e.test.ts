import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CURVE_COLUMNS } from '../../src/report/export/curves-csv.ts';
import { parseSavedResults } from '../../src/report/saved-results.ts';
import { REPO, roundtable } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'roundtable-out-'));

const scenario = {
  name: 'outputs',
  seed: 7,
  problem: { kind: 'worst-case-quadratic', d: 6, noise: { kind: 'add', sigma: 0.01 } },
  workers: { count: 5, tau: { law: 'sqrt' } },
  methods: [
    { method: 'asgd', stepSize: 0.05 },
    { method: 'rennala', stepSize: 0.2, batchSize: 2, label: 'rennala, b=2' },
  ],
  faults: [
    { kind: 'crash', at: 4, recoverAfter: 3, workers: [1] },
    { kind: 'pause', from: 2, to: 6, workers: [3] },
  ],
  stop: { gradNormSq: 1e-4, time: 60 },
};
const scenarioFile = join(dir, 'outputs.json');
writeFileSync(scenarioFile, JSON.stringify(scenario));

/** Minimal RFC 4180 parsing: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].filter((m) => m.index! < line.length || m[1] !== '').map((m) => (m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1])));
}

describe('roundtable run --out DIR', () => {
  it('writes results.json, curves.csv that agrees with it, trace.jsonl and report.html', async () => {
    const out = join(dir, 'run');
    const { code, stdout, stderr } = await roundtable(['run', scenarioFile, '--out', out, '--trace']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${join(out, 'report.html')}`);
    const saved = parseSavedResults(readFileSync(join(out, 'results.json'), 'utf8'), 'results.json');
    expect(saved.command).toBe(`roundtable run ${scenarioFile} --seed 7 --trace --out ${out}`);
    expect(saved.runs.map((r) => r.label)).toEqual(['asgd', 'rennala, b=2']);
    for (const run of saved.runs) expect(run.activity?.spans.worker.length).toBeGreaterThan(0);

    const rows = parseCsv(readFileSync(join(out, 'curves.csv'), 'utf8'));
    expect(rows[0]).toEqual([...CURVE_COLUMNS]);
    const fromResults = saved.runs.flatMap((r) => r.curve.map((p) => [r.label, p.t, p.iteration, p.gradients, p.loss, p.gradNormSq]));
    const fromCsv = rows.slice(1).map(([method, ...numbers]) => [method, ...numbers.map(Number)]);
    expect(fromCsv).toEqual(fromResults);

    const trace = readFileSync(join(out, 'trace.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(new Set(trace.map((r) => r.method))).toEqual(new Set(['asgd', 'rennala, b=2']));
    const applied = trace.filter((r) => r.kind === 'gradApplied').reduce((sum, r) => sum + r.count, 0);
    expect(applied).toBe(saved.runs.reduce((sum, r) => sum + r.gradients.applied, 0));
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('writes no trace.jsonl without --trace, and removes one left by an earlier run', async () => {
    const out = join(dir, 'no-trace');
    await roundtable(['run', scenarioFile, '--out', out, '--trace']);
    expect(existsSync(join(out, 'trace.jsonl'))).toBe(true);
    const { code } = await roundtable(['run', scenarioFile, '--out', out]);
    expect(code).toBe(0);
    expect(existsSync(join(out, 'trace.jsonl'))).toBe(false);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
  });

  it('roundtable report DIR writes the same report again from results.json', async () => {
    const out = join(dir, 'again');
    await roundtable(['run', scenarioFile, '--out', out, '--method', 'asgd']);
    const first = readFileSync(join(out, 'report.html'), 'utf8');
    writeFileSync(join(out, 'report.html'), 'stale');
    const { code, stdout } = await roundtable(['report', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('report.html');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(first);
  });

  it('exits 2 when --out is a file or DIR holds no results, naming the path', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const [outIsFile, empty, notResults] = await Promise.all([
      roundtable(['run', scenarioFile, '--out', file]),
      roundtable(['report', mkdtempSync(join(tmpdir(), 'roundtable-empty-'))]),
      roundtable(['report', dir]),
    ]);
    expect(outIsFile.code).toBe(2);
    expect(outIsFile.stderr).toContain(`--out must be a directory (it is a file); got "${file}"`);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/cannot read .*results\.json: ENOENT/);
    expect(notResults.code).toBe(2);
  });
});

/** Runs the CLI under a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
function onTerminal(args: readonly string[]): Promise<string> {
  const command = [process.execPath, join(REPO, 'bin/roundtable.js'), ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: REPO, timeout: 60_000, env: { ...process.env, COLUMNS: '120' } }, (error, stdout) => (error === null ? resolve(stdout) : reject(error)));
  });
}

describe('progress', () => {
  const long = join(dir, 'long.json');
  writeFileSync(long, JSON.stringify({ ...scenario, faults: [], workers: { count: 200, tau: { law: 'sqrt' } }, methods: [scenario.methods[0]], stop: { time: 2000 } }));

  it('a run on a terminal shows a progress line (method, virtual time, events per second) and clears it', async () => {
    const screen = await onTerminal(['run', long]);
    expect(screen).toMatch(/asgd \(1\/1\)/);
    expect(screen).toMatch(/t=\d/);
    expect(screen).toContain('events/s');
    expect(screen).toContain('\x1b[2K');
    expect(screen).toMatch(/^asgd\s/m);
  });

  it('is off with --quiet on a terminal', async () => {
    const screen = await onTerminal(['run', long, '--quiet']);
    expect(screen).not.toContain('events/s');
  });

  it('a piped run prints no control characters', async () => {
    const { code, stdout, stderr } = await roundtable(['run', long]);
    expect(code).toBe(0);
    // eslint-disable-next-line no-control-regex
    const control = /[\x00-\x08\x0b-\x1f\x7f]/;
    expect(stdout).not.toMatch(control);
    expect(stderr).toBe('');
  });
});
