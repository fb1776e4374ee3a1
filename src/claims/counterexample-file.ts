import type { ScenarioInput } from '../scenario/scenario-types.ts';
import type { ClaimReport } from './check-claim.ts';

/**
 * A broken claim's shrunk counterexample as a scenario file: `roundtable run` replays it exactly
 * (same seed, same workers, same faults), and its description says what it breaks and how to
 * replay the search.
 */
export function counterexampleScenario(report: ClaimReport): ScenarioInput | undefined {
  if (report.counterexample === undefined) return undefined;
  const replay = report.replay === undefined ? '' : ` fast-check seed ${report.replay.seed}, path "${report.replay.path}".`;
  return {
    ...report.counterexample,
    name: `counterexample-${report.claim}-${report.family}`,
    description: `Counterexample to claim ${report.claim} under ${report.family}: ${report.reason ?? 'the claim failed'}. Found by roundtable check after ${report.shrinks} shrinks;${replay}`,
  };
}

/** File name of a counterexample. */
export function counterexampleFileName(report: ClaimReport): string {
  return `${report.claim}.${report.family}.json`;
}
