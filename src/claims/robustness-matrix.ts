import type { Claim } from './claim.ts';
import { checkClaim, type ClaimReport } from './check-claim.ts';
import type { FamilyId } from './families.ts';

export interface MatrixOptions {
  readonly runs?: number;
  readonly seed?: number;
  /** Told when each cell is done (progress). */
  readonly onCell?: (report: ClaimReport, done: number, total: number) => void;
}

/** Every claim × family cell, in claim order then family order. */
export function robustnessMatrix(claims: readonly Claim[], families: readonly FamilyId[], options: MatrixOptions = {}): ClaimReport[] {
  const reports: ClaimReport[] = [];
  const total = claims.length * families.length;
  for (const claim of claims) {
    for (const family of families) {
      const report = checkClaim(claim, { family, runs: options.runs, seed: options.seed });
      reports.push(report);
      options.onCell?.(report, reports.length, total);
    }
  }
  return reports;
}

/** A paper's claim that breaks where the paper says it holds (its own, fixed-model family). */
export function brokenOnOwnFamily(claims: readonly Claim[], reports: readonly ClaimReport[]): ClaimReport[] {
  return reports.filter((r) => r.family === 'fixed' && r.status === 'broken' && claims.find((c) => c.id === r.claim)?.strawman !== true);
}
