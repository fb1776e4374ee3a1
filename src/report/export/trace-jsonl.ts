import { TraceKind, type TraceRecord } from '../../engine/trace.ts';

const KIND_NAMES = new Map<number, string>(Object.entries(TraceKind).map(([name, code]) => [code, name]));

/**
 * trace.jsonl lines for one method's records: one JSON object per record, the kind by name,
 * -1 fields (not applicable) left out.
 */
export function traceLines(method: string, records: readonly TraceRecord[]): string {
  let out = '';
  for (const r of records) {
    const line: Record<string, unknown> = { method, kind: KIND_NAMES.get(r.kind) ?? r.kind, time: r.time };
    if (r.worker >= 0) line.worker = r.worker;
    if (r.job >= 0) line.job = r.job;
    if (r.tag >= 0) line.tag = r.tag;
    if (r.iteration >= 0) line.iteration = r.iteration;
    line.value = Number.isFinite(r.value) ? r.value : String(r.value);
    line.count = r.count;
    out += `${JSON.stringify(line)}\n`;
  }
  return out;
}
