import { describe, expect, it } from 'vitest';
import { ACTIVITY_STATES, ActivityRecorder } from '../../src/engine/activity.ts';

const code = (state: (typeof ACTIVITY_STATES)[number]) => ACTIVITY_STATES.indexOf(state);

describe('ActivityRecorder', () => {
  it('keeps spans of computing, sending and down, and closes open down periods at the end', () => {
    const recorder = new ActivityRecorder(2, 1, [true, false]);
    recorder.computed(0, 0, 2);
    recorder.sent(0, 2, 2.5);
    recorder.wentDown(0, 3);
    recorder.cameUp(1, 4); // worker 1 joins at 4: down since 0
    const activity = recorder.finish(10);
    const spans = activity.spans.worker.map((w, k) => [w, activity.spans.state[k], activity.spans.from[k], activity.spans.to[k]]);
    expect(spans).toEqual([
      [0, code('computing'), 0, 2],
      [0, code('sending'), 2, 2.5],
      [1, code('down'), 0, 4],
      [0, code('down'), 3, 10],
    ]);
  });

  it('clips pause windows to the run', () => {
    const recorder = new ActivityRecorder(1, 1, [true]);
    recorder.notePauses([{ kind: 'pause', workers: [0], from: 5, to: Infinity }]);
    const activity = recorder.finish(8);
    expect([activity.spans.from[0], activity.spans.to[0], activity.spans.state[0]]).toEqual([5, 8, code('down')]);
  });

  it('doubles its bins as the run outgrows them, keeping at most 200 and every busy second', () => {
    const recorder = new ActivityRecorder(1, 0.5, [true]);
    let busy = 0;
    for (let t = 0; t < 990; t += 3) {
      recorder.computed(0, t, t + 2);
      busy += 2;
    }
    const activity = recorder.finish(1000);
    expect(activity.binWidth).toBe(8);
    expect(activity.utilization[0].length).toBe(125);
    const seconds = activity.utilization[0].reduce((sum, u, b) => sum + u * Math.min(activity.binWidth, 1000 - b * activity.binWidth), 0);
    expect(Math.abs(seconds - busy)).toBeLessThanOrEqual(5e-5 * 1000);
    for (const u of activity.utilization[0]) expect(u).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('stops keeping spans past its cap but still counts busy time', () => {
    const recorder = new ActivityRecorder(1, 1, [true]);
    for (let k = 0; k < 60_000; k++) recorder.computed(0, k, k + 0.5);
    const activity = recorder.finish(60_000);
    expect(activity.truncated).toBe(true);
    expect(activity.spans.worker.length).toBe(20_000);
    const seconds = activity.utilization[0].reduce((sum, u, b) => sum + u * Math.min(activity.binWidth, 60_000 - b * activity.binWidth), 0);
    expect(Math.abs(seconds - 30_000)).toBeLessThanOrEqual(5e-5 * 60_000);
  });
});
