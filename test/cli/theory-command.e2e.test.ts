import { describe, expect, it } from 'vitest';
import { roundtable } from '../helpers/cli.ts';

describe.concurrent('roundtable theory', () => {
  it('prints the §7.2 test vectors for τ_i = √i, n = 1000, s = 100', async () => {
    const { code, stdout } = await roundtable(['theory', '--workers', '1000', '--tau', 'sqrt', '--s', '100']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^hero\s.*\s101$/m);
    expect(stdout).toMatch(/^minibatch\s.*\s34\.79$/m);
    expect(stdout).toMatch(/^asgd\s.*\s17\.8$/m);
    expect(stdout).toMatch(/^rennala\s.*\s10\.73$/m);
    expect(stdout).toMatch(/^malenia\s.*\s33\.73$/m);
    expect(stdout).toContain('s=100: 115');
  });

  it('adds the communication bounds and prints JSON', async () => {
    const { code, stdout } = await roundtable(['theory', '--taus', '1,1,1', '--comm', '0.01', '--d', '1000', '--s', '3', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    const names = result.rows.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['shadowheart', 'qsgd-minibatch', 'Rennala/ASGD lower bound (with communication)']));
    // Equal workers h = 1, d·c = 10: Minibatch with communication waits 10·(1 + 3/3).
    expect(result.rows.find((r: { name: string }) => r.name === 'minibatch').values[0]).toBe(20);
  });

  it('reads the population, d and σ²/ε from a scenario file', async () => {
    const { code, stdout } = await roundtable(['theory', 'scenarios/quickstart.ts']);
    expect(code).toBe(0);
    expect(stdout).toContain('quickstart: 8 workers');
    expect(stdout).toContain('s=90');
  });

  it('adds the graph bounds for a scenario with a topology, or with --route', async () => {
    const fromFile = await roundtable(['theory', 'scenarios/torus-fragile-amelie.ts', '--json']);
    expect(fromFile.code).toBe(0);
    const rows = JSON.parse(fromFile.stdout).rows as { name: string; values: number[] }[];
    // h_i = √i up to 10, s = σ²/ε = 9·10⁴ over n = 100: Amelie's (s/n)·mean h term dominates.
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['amelie', 'minibatch-graph']));
    const byRoute = await roundtable(['theory', '--taus', '1,1,1,1', '--route', '5', '--s', '4']);
    expect(byRoute.stdout).toMatch(/amelie .* 5\n/);
    // max{(1 + 4/4)·5, 1} = 10
    expect(byRoute.stdout).toMatch(/minibatch-graph .* 10\n/);
    const without = await roundtable(['theory', '--taus', '1,1']);
    expect(without.stdout).not.toContain('amelie');
  });

  it('exits 2 on a bad flag value, naming it', async () => {
    const { code, stderr } = await roundtable(['theory', '--workers', '10', '--tau', 'cube']);
    expect(code).toBe(2);
    expect(stderr).toContain('--tau must be one of sqrt, linear, square, constant:V, uniform:A:B; got "cube"');
  });
});
