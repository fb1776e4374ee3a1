import { parseArgs } from 'node:util';
import { METHODS } from '../../actors/method-registry.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import { methodReference } from '../report/method-reference.ts';
import { renderTable } from '../report/text-table.ts';
import { UsageError } from './cli-error.ts';

export const METHODS_USAGE = `usage: roundtable methods [ID] [--markdown]

Lists the methods (id, name, what each is for); with an id, one method in full: its rule, its
parameters with their defaults, its time-complexity bound and its paper. --markdown prints the
whole reference as Markdown (docs/methods.md is written with it).`;

/** `roundtable methods`: returns the process exit code. */
export async function methodsCommand(args: readonly string[], out: (text: string) => void): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { markdown: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${METHODS_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    out(METHODS_USAGE);
    return 0;
  }
  if (values.markdown === true) {
    out(methodReference(METHODS).trimEnd());
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one method id\n${METHODS_USAGE}`);
  if (positionals.length === 0) {
    out(renderTable([{ header: 'id', align: 'left' }, { header: 'method', align: 'left' }, { header: 'what it is for', align: 'left' }], METHODS.map((m) => [m.id, m.title, m.summary])));
    return 0;
  }
  const method = METHODS.find((m) => m.id === positionals[0]);
  if (method === undefined) throw new ScenarioError('method', positionals[0], `one of ${METHODS.map((m) => m.id).join(', ')}`);
  const bound = method.bound === undefined ? 'none shown (no verified bound)' : `${method.bound.formula} ${method.bound.status} (units of LΔ/ε, s = σ²/ε)`;
  out(
    [
      `${method.id} — ${method.title}`,
      '',
      method.rule,
      '',
      renderTable([{ header: 'parameter', align: 'left' }, { header: 'default', align: 'left' }, { header: 'meaning', align: 'left' }], method.parameters.map((p) => [p.name, p.default, p.meaning])),
      '',
      `time complexity: ${bound}`,
      `source: ${method.source}`,
    ].join('\n'),
  );
  return 0;
}
