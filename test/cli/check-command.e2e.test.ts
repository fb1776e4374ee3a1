import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roundtable } from '../helpers/cli.ts';

describe('roundtable check', () => {
  it('prints the robustness matrix, saves the shrunk counterexample, and roundtable run replays it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'roundtable-check-'));
    const check = await roundtable(['check', 'minibatch-never-stalls', 'fresh-gradients', '--under', 'fixed,crashes', '--runs', '6', '--out', out]);
    // A strawman breaking, or a paper claim breaking under faults, is not a failure of the check.
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^minibatch-never-stalls\s+holds \(6\)\s+BROKEN$/m);
    expect(check.stdout).toMatch(/^fresh-gradients\s+holds \(6\)\s+holds \(6\)$/m);
    const file = join(out, 'minibatch-never-stalls.crashes.json');
    expect(existsSync(file)).toBe(true);
    expect(check.stdout).toContain(`saved as ${file}`);
    const replay = await roundtable(['run', file, '--json']);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout).runs[0].stopReason).toBe('stalled');
  });

  it('prints JSON reports, and names an unknown claim or family', async () => {
    const [json, claim, family] = await Promise.all([
      roundtable(['check', 'delay-bounds', '--under', 'fixed', '--runs', '2', '--json']),
      roundtable(['check', 'no-such-claim']),
      roundtable(['check', '--under', 'meteors']),
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).reports[0]).toMatchObject({ claim: 'delay-bounds', family: 'fixed', status: 'holds', cases: 2 });
    expect(claim.code).toBe(2);
    expect(claim.stderr).toContain('CLAIM must be a claim id');
    expect(family.code).toBe(2);
    expect(family.stderr).toContain('--under must be a family');
  });
});
