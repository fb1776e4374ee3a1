import fc from 'fast-check';
import { expect } from 'vitest';
import { FaultCode } from '../../../src/engine/faults/worker-faults.ts';
import { TraceKind, type TraceRecord } from '../../../src/engine/trace.ts';
import type { Scenario } from '../../../src/scenario/scenario-types.ts';
import { ofKind, stepsOf, type Law } from '../laws.ts';
import type { MethodKit } from '../method-kit.ts';
import type { TracedRun } from '../simulate.ts';

/**
 * Kits of the truly asynchronous methods of ALGORITHMS §5.1–5.3: Ringmaster ASGD, Ringleader
 * ASGD and IA²SGD. Every law reads only the trace and holds under the generic fault mix unless
 * its name says otherwise.
 */

const keyOf = (r: TraceRecord): string => `${r.worker}/${r.job}`;
const delayOf = (r: TraceRecord): number => r.iteration - r.tag;

function numberParam(run: TracedRun, name: string): number {
  const value = run.scenario.methods[0].params[name];
  if (typeof value !== 'number') throw new Error(`parameter ${name} is not a number: ${String(value)}`);
  return value;
}

function stringParam(run: TracedRun, name: string): string {
  const value = run.scenario.methods[0].params[name];
  if (typeof value !== 'string') throw new Error(`parameter ${name} is not a string: ${String(value)}`);
  return value;
}

/** Virtual time of each model update, by the iteration count it produced. */
function stepTimes(records: readonly TraceRecord[]): Map<number, number> {
  return new Map(ofKind(records, TraceKind.modelStep).map((r) => [r.iteration, r.time]));
}

/** `worker@time` of every crash: a job cancelled then was lost to it, not cancelled by the method. */
function crashMoments(records: readonly TraceRecord[]): Set<string> {
  return new Set(ofKind(records, TraceKind.fault).filter((r) => r.tag === FaultCode.crash).map((r) => `${r.worker}@${r.time}`));
}

function cancelledByMethod(records: readonly TraceRecord[]): TraceRecord[] {
  const crashes = crashMoments(records);
  return ofKind(records, TraceKind.jobCancelled).filter((r) => !crashes.has(`${r.worker}@${r.time}`));
}

/** Can a fault delay, drop or hold what the server sends `worker`? */
function downlinkFaulted(scenario: Scenario, worker: number): boolean {
  return scenario.faults.some(
    (f) => f.workers.includes(worker) && (f.kind === 'partition' || ((f.kind === 'delay' || f.kind === 'loss') && f.direction !== 'up')),
  );
}

/** No link costs anything and no fault touches a link. */
function freeLinks(scenario: Scenario): boolean {
  const free = scenario.workers.every((w) => w.uplink.latency === 0 && w.uplink.perFloat === 0 && w.downlink.latency === 0 && w.downlink.perFloat === 0);
  return free && !scenario.faults.some((f) => f.kind === 'delay' || f.kind === 'loss' || f.kind === 'partition');
}

/**
 * Per update (0-based, the iteration before it), the arrival that triggered it: the last
 * gradient to arrive before the update was recorded.
 */
function triggers(records: readonly TraceRecord[]): TraceRecord[] {
  const out: TraceRecord[] = [];
  let last: TraceRecord | undefined;
  for (const r of records) {
    if (r.kind === TraceKind.gradArrive) last = r;
    if (r.kind === TraceKind.modelStep) {
      if (last === undefined) throw new Error(`update ${r.iteration} at t=${r.time} came before any arrival`);
      out[r.iteration - 1] = last;
    }
  }
  return out;
}

// ----- Ringmaster ASGD (§5.1) -------------------------------------------------------------------

export const ringmasterKit: MethodKit = {
  id: 'ringmaster',
  params: (workers) =>
    fc
      .record({
        stepSize: fc.constantFrom(0.01, 0.02),
        threshold: fc.integer({ min: 1, max: 2 * workers + 1 }),
        variant: fc.constantFrom('ignore', 'stop'),
      })
      .map((p) => ({ method: 'ringmaster', ...p })),
  laws: [
    {
      name: 'applies an arrival iff its delay is < R, one update per applied gradient (never a delay ≥ R)',
      check: (run) => {
        const { result, records } = run;
        const threshold = numberParam(run, 'threshold');
        for (const [, applied] of stepsOf(records)) expect(applied.length).toBe(1);
        expect(result.gradients.applied).toBe(result.iterations);
        for (const r of ofKind(records, TraceKind.gradApplied)) expect(delayOf(r), `worker ${r.worker} job ${r.job}`).toBeLessThan(threshold);
        const applied = new Set(ofKind(records, TraceKind.gradApplied).map(keyOf));
        for (const r of ofKind(records, TraceKind.gradArrive)) {
          expect(applied.has(keyOf(r)), `worker ${r.worker} job ${r.job}, delay ${delayOf(r)}`).toBe(delayOf(r) < threshold);
        }
      },
    },
    {
      name: 'ignore variant without recoveries or joins: never cancels a job (only crashes abandon work)',
      check: (run) => {
        if (stringParam(run, 'variant') !== 'ignore') return;
        // A hello (after a recovery or a join) makes the runtime void any job that crossed it.
        if (run.scenario.faults.some((f) => f.kind === 'join' || (f.kind === 'crash' && f.recoverAfter !== undefined))) return;
        expect(cancelledByMethod(run.records).map(keyOf)).toEqual([]);
      },
    },
    {
      name: 'ignore variant without faults: the sender of a discarded gradient restarts at the current iterate',
      check: (run) => {
        if (stringParam(run, 'variant') !== 'ignore' || run.scenario.faults.length > 0) return;
        const { records } = run;
        records.forEach((r, i) => {
          if (r.kind !== TraceKind.gradDiscarded) return;
          const next = records.slice(i + 1).find((s) => s.kind === TraceKind.jobStart && s.worker === r.worker);
          if (next !== undefined) expect(next.tag, `worker ${r.worker} after discarding job ${r.job}`).toBe(r.iteration);
        });
      },
    },
    {
      name: 'stop variant: cancels a job only once R updates have been made since it was assigned',
      check: (run) => {
        if (stringParam(run, 'variant') !== 'stop') return;
        const threshold = numberParam(run, 'threshold');
        const times = stepTimes(run.records);
        // A hello (after a recovery or a join) makes the runtime void the job that crossed it on
        // the wire; the trace does not record the hello's arrival, so such a void is allowed at
        // most once per recovery or join of that worker, and only after it.
        const hellos = ofKind(run.records, TraceKind.fault).filter((r) => r.tag === FaultCode.recover || r.tag === FaultCode.join);
        const voidsUsed = new Map<number, number>();
        for (const r of cancelledByMethod(run.records)) {
          const due = times.get(r.tag + threshold);
          if (due !== undefined && due <= r.time) continue;
          const said = hellos.filter((h) => h.worker === r.worker && h.time <= r.time).length;
          const used = (voidsUsed.get(r.worker) ?? 0) + 1;
          voidsUsed.set(r.worker, used);
          expect(used, `worker ${r.worker} job ${r.job} (tag ${r.tag}) cancelled at t=${r.time} before R updates, with ${said} hello(s) to explain it`).toBeLessThanOrEqual(said);
        }
      },
    },
    {
      name: 'stop variant: a gradient arrives with delay ≥ R only if it was computed before the cancel reached its worker (free downlink, no fault on it)',
      check: (run) => {
        if (stringParam(run, 'variant') !== 'stop') return;
        const { scenario, records } = run;
        const threshold = numberParam(run, 'threshold');
        const times = stepTimes(records);
        const computedAt = new Map(ofKind(records, TraceKind.gradComputed).map((r) => [keyOf(r), r.time]));
        for (const r of ofKind(records, TraceKind.gradArrive)) {
          if (delayOf(r) < threshold) continue;
          const downlink = scenario.workers[r.worker].downlink;
          // On a costly downlink the cancel may queue behind a job sent just before it (the link
          // is FIFO, one message at a time), and the trace does not say when it arrived.
          if (downlink.perFloat !== 0 || downlink.latency !== 0 || downlinkFaulted(scenario, r.worker)) continue;
          const cancelSent = times.get(r.tag + threshold)!;
          expect(computedAt.get(keyOf(r))!, `worker ${r.worker} job ${r.job} (tag ${r.tag})`).toBeLessThanOrEqual(cancelSent);
        }
      },
    },
    {
      name: 'stop variant with free links and no link faults: no gradient arrives with delay ≥ R',
      check: (run) => {
        if (stringParam(run, 'variant') !== 'stop' || !freeLinks(run.scenario)) return;
        const threshold = numberParam(run, 'threshold');
        for (const r of ofKind(run.records, TraceKind.gradArrive)) expect(delayOf(r), `worker ${r.worker} job ${r.job}`).toBeLessThan(threshold);
      },
    },
  ],
};

// ----- Ringleader ASGD (§5.2) -------------------------------------------------------------------

/** Updates k with k mod n = 0 open a round (made on the whole main table). */
const opensRound = (k: number, n: number): boolean => k % n === 0;

export const ringleaderKit: MethodKit = {
  id: 'ringleader',
  params: () => fc.constantFrom(0.02, 0.05, 0.1).map((stepSize) => ({ method: 'ringleader', stepSize })),
  laws: [
    {
      name: 'discards nothing',
      check: ({ result, records }) => {
        expect(ofKind(records, TraceKind.gradDiscarded).map(keyOf)).toEqual([]);
        expect(result.gradients.discarded).toBe(0);
      },
    },
    {
      name: 'updates exactly when the round protocol says, replayed on the arrivals: Phase 1 ends at the arrival that gives every worker an entry, and in Phase 2 a worker’s arrival makes an update iff it has not owned one this round',
      check: ({ scenario, records }) => {
        const n = scenario.workers.length;
        let collecting = true;
        let entries = new Set<number>();
        let temp = new Set<number>();
        const owned = new Set<number>();
        let due: TraceRecord | undefined;
        let last: TraceRecord | undefined;
        for (const r of records) {
          if (r.kind === TraceKind.gradArrive) {
            if (due !== undefined) throw new Error(`worker ${due.worker}'s job ${due.job} at t=${due.time} should have made an update`);
            last = r;
            if (collecting) {
              entries.add(r.worker);
              if (entries.size === n) due = r;
            } else if (owned.has(r.worker)) {
              temp.add(r.worker);
            } else {
              due = r;
            }
          }
          if (r.kind !== TraceKind.modelStep) continue;
          if (due === undefined) throw new Error(`update ${r.iteration} at t=${r.time} was not due (last arrival: worker ${last?.worker})`);
          owned.add(due.worker);
          due = undefined;
          collecting = false;
          if (owned.size === n) {
            collecting = true;
            entries = temp;
            temp = new Set();
            owned.clear();
          }
        }
      },
    },
    {
      name: 'applies no gradient more than 2n − 2 updates stale',
      check: ({ scenario, records }) => {
        const bound = 2 * scenario.workers.length - 2;
        for (const r of ofKind(records, TraceKind.gradApplied)) expect(delayOf(r), `worker ${r.worker} job ${r.job}`).toBeLessThanOrEqual(bound);
      },
    },
    {
      name: 'makes exactly n updates per round, one owned by each worker; a round opens on every worker’s entry (weight 1/n each), so no update happens in Phase 1',
      check: ({ scenario, result, records }) => {
        const n = scenario.workers.length;
        const steps = stepsOf(records);
        const trigger = triggers(records);
        let owners = new Set<number>();
        for (let k = 0; k < result.iterations; k++) {
          const applied = steps.get(k) ?? [];
          if (opensRound(k, n)) {
            owners = new Set();
            const perWorker = new Map<number, number>();
            for (const r of applied) perWorker.set(r.worker, (perWorker.get(r.worker) ?? 0) + r.value);
            expect(perWorker.size, `update ${k} opens a round`).toBe(n);
            for (const weight of perWorker.values()) expect(weight).toBeCloseTo(1 / n, 12);
          } else {
            expect(applied.length, `update ${k}`).toBe(1);
            expect(keyOf(applied[0])).toBe(keyOf(trigger[k]));
            expect(applied[0].value).toBeGreaterThan(0);
            expect(applied[0].value).toBeLessThanOrEqual(1 / n);
          }
          expect(owners.has(trigger[k].worker), `update ${k}: worker ${trigger[k].worker} owns two updates of a round`).toBe(false);
          owners.add(trigger[k].worker);
        }
      },
    },
    {
      name: 'applies each gradient in the update it triggers or at the opening of the next round, never later',
      check: ({ scenario, result, records }) => {
        const n = scenario.workers.length;
        const arrivedAt = new Map<string, number>();
        const stepAt: number[] = [];
        records.forEach((r, i) => {
          if (r.kind === TraceKind.gradArrive) arrivedAt.set(keyOf(r), i);
          if (r.kind === TraceKind.modelStep) stepAt[r.iteration - 1] = i;
        });
        const trigger = triggers(records);
        const applied = new Set<string>();
        for (const r of ofKind(records, TraceKind.gradApplied)) {
          const k = r.iteration;
          applied.add(keyOf(r));
          if (!opensRound(k, n)) expect(keyOf(r)).toBe(keyOf(trigger[k]));
          else if (k >= n) expect(arrivedAt.get(keyOf(r))!, `worker ${r.worker} job ${r.job} waited past a round opening`).toBeGreaterThan(stepAt[k - n]);
        }
        // What is still in the tables arrived after the last opening.
        const lastOpening = result.iterations === 0 ? -1 : stepAt[result.iterations - 1 - ((result.iterations - 1) % n)];
        for (const r of ofKind(records, TraceKind.gradArrive)) {
          if (!applied.has(keyOf(r))) expect(arrivedAt.get(keyOf(r))!, `worker ${r.worker} job ${r.job} never applied`).toBeGreaterThan(lastOpening);
        }
      },
    },
  ],
};

// ----- IA²SGD (§5.3) ----------------------------------------------------------------------------

export const ia2sgdKit: MethodKit = {
  id: 'ia2sgd',
  params: () => fc.constantFrom(0.01, 0.02, 0.05).map((stepSize) => ({ method: 'ia2sgd', stepSize })),
  laws: [
    {
      name: 'makes no update until every worker has delivered, then exactly one per arrival',
      check: ({ scenario, records }) => {
        const n = scenario.workers.length;
        const seen = new Set<number>();
        let full = false;
        /** Updates expected before the next arrival: 0 in warm-up (and after the arrival that fills the table), else 1. */
        let expected = 0;
        let made = 0;
        let where = 'the start';
        for (const r of records) {
          if (r.kind === TraceKind.modelStep) made++;
          if (r.kind !== TraceKind.gradArrive) continue;
          expect(made, `updates after ${where}`).toBe(expected);
          expected = full ? 1 : 0;
          seen.add(r.worker);
          full = seen.size === n;
          made = 0;
          where = `worker ${r.worker}'s job ${r.job} at t=${r.time}`;
        }
        expect(made, `updates after ${where}`).toBe(expected);
      },
    },
    {
      name: 'the first update applies one entry per worker, each later one only the arriving gradient, all with weight 1/n',
      check: ({ scenario, records }) => {
        const n = scenario.workers.length;
        const trigger = triggers(records);
        for (const [k, applied] of stepsOf(records)) {
          for (const r of applied) expect(r.value).toBeCloseTo(1 / n, 12);
          if (k === 0) {
            expect(new Set(applied.map((r) => r.worker)).size).toBe(n);
            expect(applied.length).toBe(n);
          } else {
            expect(applied.map(keyOf)).toEqual([keyOf(trigger[k])]);
          }
        }
      },
    },
    {
      name: 'once it has updated, every gradient that arrived has been applied or discarded (the table holds no unrecorded entry)',
      check: ({ result, records }) => {
        if (result.iterations === 0) return;
        const used = new Set([...ofKind(records, TraceKind.gradApplied), ...ofKind(records, TraceKind.gradDiscarded)].map(keyOf));
        for (const r of ofKind(records, TraceKind.gradArrive)) expect(used.has(keyOf(r)), `worker ${r.worker} job ${r.job}`).toBe(true);
      },
    },
    {
      name: 'discards only entries replaced, by a newer gradient of the same worker, before the first update',
      check: ({ records }) => {
        let last: TraceRecord | undefined;
        for (const r of records) {
          if (r.kind === TraceKind.gradArrive) last = r;
          if (r.kind !== TraceKind.gradDiscarded) continue;
          expect(r.iteration, `worker ${r.worker} job ${r.job}`).toBe(0);
          expect(last?.worker).toBe(r.worker);
          expect(last!.job).toBeGreaterThan(r.job);
        }
      },
    },
  ],
};

/** The kits of this family. */
export const RINGMASTER_FAMILY_KITS: readonly MethodKit[] = [ringmasterKit, ringleaderKit, ia2sgdKit];
