import { parseArgs } from 'node:util';
import { regenerateReport } from '../report/export/output-dir.ts';
import { UsageError } from './cli-error.ts';

export const REPORT_USAGE = `usage: roundtable report DIR

Writes DIR/report.html again from DIR/results.json (a directory written by
\`roundtable run FILE --out DIR\`), e.g. after upgrading roundtable.`;

/** `roundtable report`: returns the process exit code. */
export async function reportCommand(args: readonly string[], out: (text: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${REPORT_USAGE}`);
  }
  if (parsed.values.help === true) {
    out(REPORT_USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError(`expected exactly one directory\n${REPORT_USAGE}`);
  out(`wrote ${regenerateReport(parsed.positionals[0])}`);
  return 0;
}
