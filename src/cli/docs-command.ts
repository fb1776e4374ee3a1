import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METHODS } from '../../actors/method-registry.ts';
import { methodReference } from '../report/method-reference.ts';
import { scenarioReference } from '../report/scenario-reference.ts';
import { UsageError } from './cli-error.ts';

export const DOCS_USAGE = `usage: roundtable docs DIR

Writes DIR/methods.md and DIR/scenario.md: the reference of the methods, faults and speed
profiles, from their definitions (the repository's docs/ is written this way: npm run docs).`;

/** `roundtable docs DIR`: returns the process exit code. */
export async function docsCommand(args: readonly string[], out: (text: string) => void): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out(DOCS_USAGE);
    return 0;
  }
  if (args.length !== 1) throw new UsageError(`expected exactly one directory\n${DOCS_USAGE}`);
  const written = [
    [join(args[0], 'methods.md'), methodReference(METHODS)],
    [join(args[0], 'scenario.md'), scenarioReference()],
  ] as const;
  for (const [file, text] of written) writeFileSync(file, text);
  out(`wrote ${written.map(([file]) => file).join(', ')}`);
  return 0;
}
