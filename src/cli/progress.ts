import type { MethodSpec, Scenario } from '../scenario/scenario-types.ts';

/** Least wall time between two redraws. */
const REDRAW_MS = 100;
const BAR_WIDTH = 24;

/** Where the progress line goes (stderr on a terminal). */
export interface ProgressSink {
  write(text: string): void;
  readonly columns?: number;
}

/**
 * The progress line of a long run, on a terminal only: the method, a bar of virtual time
 * against the budget (when the budget is a time), the virtual time reached and events per
 * wall second. Wall time is read here, for display only; it never reaches the simulation.
 */
export class ProgressLine {
  private label = '';
  private position = '';
  private budget = Infinity;
  private lastDraw = 0;
  private lastEvents = 0;
  private rate = 0;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    scenario: Scenario,
  ) {
    this.budget = scenario.stop.time;
  }

  methodStarted(spec: MethodSpec, index: number, total: number): void {
    this.label = spec.label;
    this.position = `${index + 1}/${total}`;
    this.lastDraw = performance.now();
    this.lastEvents = 0;
    this.rate = 0;
    this.draw(0);
  }

  update(virtualTime: number, events: number): void {
    const now = performance.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.rate = ((events - this.lastEvents) * 1000) / (now - this.lastDraw);
    this.lastDraw = now;
    this.lastEvents = events;
    this.draw(virtualTime);
  }

  /** Clears the line (before the results are printed). */
  done(): void {
    if (this.drawn) this.sink.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(virtualTime: number): void {
    const parts = [`${this.label} (${this.position})`];
    if (Number.isFinite(this.budget) && this.budget > 0) {
      const filled = Math.round(BAR_WIDTH * Math.min(1, virtualTime / this.budget));
      parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`, `t=${formatNumber(virtualTime)}/${formatNumber(this.budget)} s`);
    } else {
      parts.push(`t=${formatNumber(virtualTime)} s`);
    }
    parts.push(this.rate > 0 ? `${formatRate(this.rate)} events/s` : 'events/s …');
    const line = parts.join('  ');
    const width = this.sink.columns ?? 100;
    this.sink.write(`\r\x1b[2K${line.length > width - 1 ? line.slice(0, width - 1) : line}`);
    this.drawn = true;
  }
}

function formatNumber(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

function formatRate(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(1)}M` : rate >= 1e3 ? `${(rate / 1e3).toFixed(0)}k` : rate.toFixed(0);
}
