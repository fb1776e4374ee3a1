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

  it('exits 2 on a bad flag value, naming it', async () => {
    const { code, stderr } = await roundtable(['theory', '--workers', '10', '--tau', 'cube']);
    expect(code).toBe(2);
    expect(stderr).toContain('--tau must be one of sqrt, linear, square, constant:V, uniform:A:B; got "cube"');
  });
});
