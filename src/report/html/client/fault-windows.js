/**
 * @typedef {object} FaultWindow
 * @property {number} worker
 * @property {number} from virtual seconds
 * @property {number} to virtual seconds
 * @property {FaultSpec['kind']} kind
 */

/**
 * When each fault hits each of its workers, clipped to the run [0, end): a crash from `at`
 * until it recovers (or the end, if it never does), a join before `at` (the worker is absent),
 * any other fault over its window [from, to) (`to` may be Infinity).
 * @param {readonly FaultSpec[]} faults
 * @param {number} end the run's virtual time
 * @returns {FaultWindow[]}
 */
function faultWindows(faults, end) {
  /** @type {FaultWindow[]} */
  const windows = [];
  for (const fault of faults) {
    const [start, stop] = faultInterval(fault, end);
    const from = Math.max(0, start);
    const to = Math.min(stop, end);
    if (!(to > from)) continue;
    for (const worker of fault.workers) windows.push({ worker, from, to, kind: fault.kind });
  }
  return windows;
}

/**
 * @param {FaultSpec} fault
 * @param {number} end
 * @returns {[number, number]}
 */
function faultInterval(fault, end) {
  switch (fault.kind) {
    case 'crash':
      // A crash that never recovers has no recoverAfter (absent from the JSON).
      return [fault.at, fault.recoverAfter == null ? end : fault.at + fault.recoverAfter];
    case 'join':
      return [0, fault.at];
    default:
      return [fault.from, fault.to];
  }
}

/**
 * "crash: worker 1 [5, 10) s" lines for a caption, one per fault window.
 * @param {FaultWindow[]} windows
 */
function describeFaultWindows(windows) {
  const shown = windows.slice(0, 12).map((w) => `${w.kind}: worker ${w.worker} [${formatSeconds(w.from)}, ${formatSeconds(w.to)}) s`);
  return windows.length > shown.length ? [...shown, `and ${windows.length - shown.length} more`] : shown;
}
