import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClaimReport } from '../claims/check-claim.ts';
import { counterexampleFileName, counterexampleScenario } from '../claims/counterexample-file.ts';
import { FAMILY_IDS, type FamilyId } from '../claims/families.ts';
import { CLAIMS, getClaim } from '../claims/registry.ts';
import { brokenOnOwnFamily, robustnessMatrix } from '../claims/robustness-matrix.ts';
import { renderTable, type Column } from '../report/text-table.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import { UsageError } from './cli-error.ts';
import { toJson } from './json-output.ts';

export const CHECK_USAGE = `usage: roundtable check [CLAIM...] [--under FAMILIES] [--runs N] [--seed S] [--out DIR] [--json]

Runs the papers' claims as properties, first on their own family (the fixed computation model),
then under each family that breaks it, and prints the robustness matrix. A broken cell's
counterexample is shrunk to the smallest scenario found.
  CLAIM            claim ids (default: all; --list shows them)
  --under LIST     families, comma-separated: ${FAMILY_IDS.join(', ')} (default: all)
  --runs N         scenarios tried per cell (default 10)
  --seed S         fast-check seed (default 1)
  --out DIR        write each counterexample as DIR/<claim>.<family>.json (replay: roundtable run FILE)
  --json           print the reports as JSON
  --list           list the claims
Exit code 1 when a claim breaks on its own family (strawmen excepted).`;

/** `roundtable check`: returns the exit code. */
export async function checkCommand(args: readonly string[], out: (text: string) => void, progress: (text: string) => void): Promise<number> {
  const { values, positionals } = parseFlags(args);
  if (values.help === true) {
    out(CHECK_USAGE);
    return 0;
  }
  if (values.list === true) {
    for (const claim of CLAIMS) out(`${claim.id}${claim.strawman === true ? ' (strawman)' : ''}: ${claim.statement}\n  source: ${claim.source}`);
    return 0;
  }
  const claims = positionals.length === 0 ? CLAIMS : positionals.map((id) => getClaim(id) ?? unknownClaim(id));
  const families = values.under === undefined || values.under === 'all' ? FAMILY_IDS : values.under.split(',').map(readFamily);
  const ordered: FamilyId[] = families.includes('fixed') ? ['fixed', ...families.filter((f) => f !== 'fixed')] : [...families];
  const runs = values.runs === undefined ? 10 : readPositiveInteger(values.runs, '--runs');
  const seed = values.seed === undefined ? 1 : readPositiveInteger(values.seed, '--seed', 0);
  const reports = robustnessMatrix(claims, ordered, {
    runs,
    seed,
    onCell: (report, done, total) => progress(`[${done}/${total}] ${report.claim} under ${report.family}: ${report.status}`),
  });
  const files = values.out === undefined ? new Map<ClaimReport, string>() : writeCounterexamples(values.out, reports);
  if (values.json === true) {
    out(toJson({ runs, seed, reports: reports.map((r) => ({ ...r, file: files.get(r) ?? null })) }));
  } else {
    out(formatMatrix(claims.map((c) => c.id), ordered, reports, files));
  }
  return brokenOnOwnFamily(claims, reports).length > 0 ? 1 : 0;
}

function formatMatrix(claimIds: readonly string[], families: readonly FamilyId[], reports: readonly ClaimReport[], files: ReadonlyMap<ClaimReport, string>): string {
  const cell = (claim: string, family: FamilyId) => {
    const report = reports.find((r) => r.claim === claim && r.family === family)!;
    return report.status === 'holds' ? `holds (${report.cases})` : 'BROKEN';
  };
  const columns: Column[] = [{ header: 'claim', align: 'left' }, ...families.map((f): Column => ({ header: f, align: 'left' }))];
  const table = renderTable(columns, claimIds.map((id) => [id, ...families.map((f) => cell(id, f))]));
  const details = reports
    .filter((r) => r.status === 'broken')
    .map((r) => {
      const scenario = r.counterexample;
      const count = scenario === undefined ? 0 : Array.isArray(scenario.workers) ? scenario.workers.length : scenario.workers.count;
      const faultCount = scenario?.faults?.length ?? 0;
      const workers = `${count} worker${count === 1 ? '' : 's'}`;
      const faults = faultCount === 0 ? 'no faults' : `${faultCount} fault${faultCount === 1 ? '' : 's'}`;
      const file = files.get(r);
      return `${r.claim} under ${r.family}: ${r.reason}\n  smallest scenario found: ${workers}, ${faults}${file === undefined ? '' : `; saved as ${file}`}`;
    });
  return [table, ...(details.length > 0 ? ['', ...details] : [])].join('\n');
}

function writeCounterexamples(directory: string, reports: readonly ClaimReport[]): Map<ClaimReport, string> {
  mkdirSync(directory, { recursive: true });
  const files = new Map<ClaimReport, string>();
  for (const report of reports) {
    const scenario = counterexampleScenario(report);
    if (scenario === undefined) continue;
    const file = join(directory, counterexampleFileName(report));
    writeFileSync(file, `${toJson(scenario)}\n`);
    files.set(report, file);
  }
  return files;
}

function unknownClaim(id: string): never {
  throw new ScenarioError('CLAIM', id, `a claim id (${CLAIMS.map((c) => c.id).join(', ')})`);
}

function readFamily(text: string): FamilyId {
  if (!(FAMILY_IDS as readonly string[]).includes(text)) throw new ScenarioError('--under', text, `a family (${FAMILY_IDS.join(', ')}) or all`);
  return text as FamilyId;
}

function readPositiveInteger(text: string, flag: string, min = 1): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) throw new ScenarioError(flag, text, min === 0 ? 'a non-negative integer' : 'a positive integer');
  return value;
}

function parseFlags(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        under: { type: 'string' },
        runs: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${CHECK_USAGE}`);
  }
}
