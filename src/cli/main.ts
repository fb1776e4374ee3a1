import { RunFailure } from '../engine/run-failure.ts';
import { ScenarioError } from '../input/scenario-error.ts';
import { UsageError } from './cli-error.ts';
import { VERSION } from './version.ts';

const USAGE = `usage: roundtable <command> [options]

commands:
  run FILE      run a scenario (.ts, .json or .yaml) and compare its methods
  report DIR    write DIR/report.html again from the results saved by run --out DIR
  theory        the methods' time complexities for a worker population
  check         run the papers' claims as properties; shrink what breaks them
  methods [ID]  the methods: their rules, parameters, defaults and bounds
  docs DIR      write the reference of methods, faults and speed profiles into DIR

Run 'roundtable <command> --help' for a command's options; 'roundtable --version' for the version.`;

/** Library options the commands set from flags: an error in one names the flag. */
const FLAGS: readonly (readonly [string, string])[] = [
  ['options.methods', '--method'],
  ['options.scale', '--scale'],
  ['options.engine', '--engine'],
  ['options.threads', '--threads'],
  ['outDir', '--out'],
];

function asFlag(error: ScenarioError): ScenarioError {
  for (const [option, flag] of FLAGS) if (error.path.startsWith(option)) return error.renamed(option, flag);
  return error;
}

/**
 * The `roundtable` command. Returns the exit code: 0 success, 1 a failure of the run itself
 * (an actor threw: a bug; or a pool thread failed), 2 bad input (a malformed scenario, an unknown flag).
 */
export async function main(args: readonly string[], out = (t: string) => console.log(t), err = (t: string) => console.error(t)): Promise<number> {
  // --debug, anywhere: failures come with their stack (for reports of bugs in roundtable).
  const debug = args.includes('--debug');
  const argv = args.filter((a) => a !== '--debug');
  const [command, ...rest] = argv;
  try {
    switch (command) {
      // Each command is loaded when it is asked for: `--help` loads none of the engine.
      case 'run':
        // Progress only for a person watching: never in a pipe or a log.
        return await (await import('./run-command.ts')).runCommand(
          rest,
          out,
          process.stderr.isTTY === true ? { write: (text) => process.stderr.write(text), columns: process.stderr.columns } : undefined,
        );
      case 'report':
        return await (await import('./report-command.ts')).reportCommand(rest, out);
      case 'theory':
        return await (await import('./theory-command.ts')).theoryCommand(rest, out);
      case 'docs':
        return await (await import('./docs-command.ts')).docsCommand(rest, out);
      case 'methods':
        return await (await import('./methods-command.ts')).methodsCommand(rest, out);
      case '--version':
      case '-V':
        out(`roundtable ${VERSION}`);
        return 0;
      case 'check':
        return await (await import('./check-command.ts')).checkCommand(rest, out, (line) => {
          // Progress only for a person watching: never in a pipe or a log.
          if (process.stderr.isTTY === true) err(line);
        });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof ScenarioError || error instanceof UsageError) {
      err(`roundtable: ${(error instanceof ScenarioError ? asFlag(error) : error).message}`);
      return 2;
    }
    if (error instanceof RunFailure) {
      err(`roundtable: ${error.message}`);
      if (debug) err(String(error.stack));
      return 1;
    }
    err(`roundtable: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
