import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../../src/claims/check-claim.ts';
import { counterexampleFileName, counterexampleScenario } from '../../src/claims/counterexample-file.ts';
import { CLAIMS } from '../../src/claims/registry.ts';
import { brokenOnOwnFamily } from '../../src/claims/robustness-matrix.ts';
import { toJson } from '../../src/cli/json-output.ts';
import { run } from '../../src/engine/run-scenario.ts';
import { loadScenarioFile } from '../../src/scenario/load-scenario.ts';

/** Scenarios per claim in the regular suite; raise with ROUNDTABLE_CLAIM_RUNS for a deeper check. */
const runs = Number(process.env.ROUNDTABLE_CLAIM_RUNS ?? 4);

describe('the shipped claims', () => {
  const papers = CLAIMS.filter((c) => c.strawman !== true);

  it('include the claims the issue lists', () => {
    expect(CLAIMS.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'fresh-gradients',
        'equal-weights',
        'delay-bounds',
        'slow-worker-robustness',
        'heterogeneity-fixed-points',
        'rennala-optimal-shape',
        'shadowheart-regimes',
        'liveness-after-crash',
        'graph-aggregation',
      ]),
    );
    for (const claim of CLAIMS) {
      expect(claim.statement.length).toBeGreaterThan(20);
      expect(claim.source.length).toBeGreaterThan(4);
    }
  });

  it.each(papers.map((c) => [c.id, c] as const))('%s holds on its own family (the fixed computation model)', (_id, claim) => {
    // The Shadowheart regimes run d = 1000 for four methods: one case is enough here.
    const report = checkClaim(claim, { family: 'fixed', runs: claim.id === 'shadowheart-regimes' ? 1 : runs, seed: 42 });
    expect(report.reason, `${claim.id}: ${report.reason}`).toBeUndefined();
    expect(report.status).toBe('holds');
  });
});

describe('the falsifier', () => {
  const strawman = CLAIMS.find((c) => c.id === 'minibatch-never-stalls')!;
  const report = checkClaim(strawman, { family: 'crashes', runs: 30, seed: 7 });

  it('breaks a wrong claim under crashes and shrinks it to one crash and at most three workers', () => {
    expect(report.status).toBe('broken');
    const scenario = report.counterexample!;
    const workers = Array.isArray(scenario.workers) ? scenario.workers.length : scenario.workers.count;
    expect(workers).toBeLessThanOrEqual(3);
    expect(scenario.faults?.filter((f) => f.kind === 'crash')).toHaveLength(1);
    expect(scenario.faults).toHaveLength(1);
    expect(report.reason).toContain('crashed at t=');
    expect(report.replay?.path).toMatch(/^\d+(:\d+)*$/);
  });

  it('holds it on its own family, where nothing breaks it', () => {
    expect(checkClaim(strawman, { family: 'fixed', runs: 10 }).status).toBe('holds');
  });

  it('writes a counterexample file that replays to the same result', async () => {
    const scenario = counterexampleScenario(report)!;
    expect(scenario.description).toContain('minibatch-never-stalls');
    const file = join(mkdtempSync(join(tmpdir(), 'roundtable-cx-')), counterexampleFileName(report));
    writeFileSync(file, toJson(scenario));
    const loaded = await loadScenarioFile(file);
    expect(strawman.check(loaded as never).holds).toBe(false);
    const first = run(loaded);
    const second = run(loaded);
    expect(first.runs[0].stopReason).toBe('stalled');
    expect(second.runs[0].traceHash).toBe(first.runs[0].traceHash);
  });

  it('is deterministic: the same seed finds the same counterexample', () => {
    const again = checkClaim(strawman, { family: 'crashes', runs: 30, seed: 7 });
    expect(again.counterexample).toEqual(report.counterexample);
  });

  it('only a paper claim broken on its own family counts as a failure of the check', () => {
    const broken = { claim: 'fresh-gradients', family: 'fixed' as const, status: 'broken' as const, cases: 1, counterexample: undefined, reason: 'x', replay: undefined, shrinks: 0 };
    expect(brokenOnOwnFamily(CLAIMS, [broken])).toHaveLength(1);
    expect(brokenOnOwnFamily(CLAIMS, [{ ...broken, family: 'crashes' }])).toHaveLength(0);
    expect(brokenOnOwnFamily(CLAIMS, [{ ...broken, claim: 'minibatch-never-stalls' }])).toHaveLength(0);
  });
});
