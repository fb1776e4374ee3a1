import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceRecord } from '../../engine/trace.ts';
import { ScenarioError } from '../../input/scenario-error.ts';
import { renderReport } from '../html/index.ts';
import { parseSavedResults, resultsToJson, type SavedResults } from '../saved-results.ts';
import { curvesCsv } from './curves-csv.ts';
import { traceLines } from './trace-jsonl.ts';

/** The files of an output directory. */
export const OUTPUT_FILES = { results: 'results.json', curves: 'curves.csv', trace: 'trace.jsonl', report: 'report.html' } as const;

/**
 * An output directory (`roundtable run --out DIR`): results.json, curves.csv, trace.jsonl (when
 * tracing is on) and report.html. Created if missing; files of an earlier run are replaced, and
 * a trace.jsonl left by an earlier traced run is removed, so the files always belong together.
 */
export class OutputDir {
  private traceStarted = false;

  constructor(readonly path: string) {
    if (existsSync(path) && !statSync(path).isDirectory()) throw new ScenarioError('outDir', path, 'a directory (it is a file)');
    try {
      mkdirSync(path, { recursive: true });
    } catch (error) {
      throw new ScenarioError('outDir', path, 'a directory that can be created', `outDir: cannot create ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    rmSync(this.file('trace'), { force: true });
  }

  file(name: keyof typeof OUTPUT_FILES): string {
    return join(this.path, OUTPUT_FILES[name]);
  }

  /** Appends one method's trace records (streamed as methods finish, not held to the end). */
  appendTrace(method: string, records: readonly TraceRecord[]): void {
    if (!this.traceStarted) writeFileSync(this.file('trace'), '');
    this.traceStarted = true;
    appendFileSync(this.file('trace'), traceLines(method, records));
  }

  /** Writes results.json, curves.csv and report.html. */
  writeResults(saved: SavedResults): void {
    writeFileSync(this.file('results'), resultsToJson(saved, undefined));
    writeFileSync(this.file('curves'), curvesCsv(saved));
    writeFileSync(this.file('report'), renderReport(saved));
  }
}

/** `roundtable report DIR`: reads DIR/results.json and writes DIR/report.html again. Returns its path. */
export function regenerateReport(dir: string): string {
  const resultsFile = join(dir, OUTPUT_FILES.results);
  let text: string;
  try {
    text = readFileSync(resultsFile, 'utf8');
  } catch (error) {
    throw new ScenarioError(
      'DIR',
      dir,
      'a directory written by `roundtable run --out`',
      `cannot read ${resultsFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (expected a directory written by \`roundtable run --out\`)`,
    );
  }
  const saved = parseSavedResults(text, resultsFile);
  const reportFile = join(dir, OUTPUT_FILES.report);
  writeFileSync(reportFile, renderReport(saved));
  return reportFile;
}
