import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/result.ts';
import { renderReport } from '../../src/report/html/index.ts';
import type { SavedResults } from '../../src/report/saved-results.ts';
import { crowdScenario, faultyScenario, mnistScenario, manyWorkersScenario, savedResults, torusScenario, withoutOptimum } from './report-fixtures.ts';

/**
 * Opens report.html in headless Chromium (Debian's, driven by playwright-core) and checks that
 * every chart was really drawn: no console errors, no page errors, no network requests, the
 * data-* facts each chart exposes, and the SVG marks Plot emitted. Screenshots go to
 * test/report/.artifacts/ for a human to look at.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FOUND = existsSync(CHROMIUM);
const REQUIRED = process.env.ROUNDTABLE_REQUIRE_BROWSER === '1';
const MISSING = `no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary`;
const ARTIFACTS = fileURLToPath(new URL('./.artifacts/', import.meta.url));

if (!FOUND && !REQUIRED) console.warn(`report.browser.test skipped: ${MISSING} (set ROUNDTABLE_REQUIRE_BROWSER=1 to make this a failure)`);

interface OpenReport {
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Requests for anything but the report file itself. */
  readonly requests: string[];
}

describe.skipIf(!FOUND && !REQUIRED)('report.html in headless Chromium', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'roundtable-report-'));

  beforeAll(async () => {
    if (!FOUND) throw new Error(`ROUNDTABLE_REQUIRE_BROWSER=1 but ${MISSING}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function openReport(saved: SavedResults, name: string): Promise<OpenReport> {
    if (browser === undefined) throw new Error('the browser did not start');
    const file = join(dir, `${name}.html`);
    writeFileSync(file, renderReport(saved));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (request.url() !== pathToFileURL(file).href) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
    return { page, errors, requests };
  }

  async function screenshot(page: Page, file: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
  }

  describe('six workers with a crash and a pause', () => {
    let saved: SavedResults;
    let report: OpenReport;
    beforeAll(async () => {
      saved = savedResults(faultyScenario);
      report = await openReport(saved, 'faulty');
    }, 30_000);

    it('draws everything without errors or network requests', async () => {
      expect(saved.scenario.faults.map((f) => ('to' in f ? f.to : undefined))).toContain(Infinity);
      expect(report.errors).toEqual([]);
      expect(report.requests).toEqual([]);
      expect(await report.page.getAttribute('body', 'data-ready')).toBe('1');
    });

    it('draws four convergence charts with a line per method', async () => {
      await expectConvergenceCharts(report.page, saved);
      expect(await report.page.locator('#method-legend').textContent()).toContain(saved.runs[0].label);
    });

    it('draws each method’s timeline span by span, with down spans and the faults shaded', async () => {
      const { page } = report;
      for (const index of saved.runs.keys()) {
        const timeline = `#timeline-${index}`;
        expect(await data(page, timeline, 'mode')).toBe('spans');
        expect(await data(page, timeline, 'workers')).toBe('6');
        expect(Number(await data(page, timeline, 'down-spans'))).toBeGreaterThanOrEqual(2);
        // The crash, the pause, and the straggler's window cut at the end of the run.
        expect(await data(page, timeline, 'fault-windows')).toBe('3');
        // Idle backgrounds (one per worker), fault windows and spans: all bar marks.
        const bars = await page.locator(`${timeline} svg [aria-label="bar"] rect`).count();
        expect(bars).toBe(6 + 3 + Number(await data(page, timeline, 'spans')));
      }
    });

    it('draws staleness histograms and the work accounting', async () => {
      await expectStalenessAndAccounting(report.page, saved);
    });

    it('shows the expanded scenario and the command that reproduces it', async () => {
      const { page } = report;
      expect(await page.textContent('#scenario-json')).toContain('"name": "faulty-six"');
      expect(await page.textContent('#reproduce-command')).toBe('roundtable run faulty-six.json --seed 3');
      expect(await page.locator('table.summary tbody tr').count()).toBe(saved.runs.length);
      await screenshot(page, 'report.png');
    });
  });

  describe('sixty workers, theory predictions in range', () => {
    let saved: SavedResults;
    let report: OpenReport;
    beforeAll(async () => {
      saved = savedResults(manyWorkersScenario);
      report = await openReport(saved, 'sixty-workers');
    }, 30_000);

    it('draws without errors', () => {
      expect(report.errors).toEqual([]);
      expect(report.requests).toEqual([]);
    });

    it('draws the convergence charts, with a dashed rule for each prediction inside the time axis', async () => {
      const { page } = report;
      await expectConvergenceCharts(page, saved);
      const end = Math.max(...saved.runs.flatMap((run) => run.curve.map((p) => p.t)));
      const predicted = saved.runs.map((run) => run.theory?.seconds).filter((s): s is number => s != null);
      const inRange = predicted.filter((s) => s <= end).length;
      expect(inRange).toBeGreaterThan(0);
      expect(await data(page, '#chart-grad-time', 'theory-rules')).toBe(String(inRange));
      expect(await data(page, '#chart-grad-time', 'theory-off-scale')).toBe(String(predicted.length - inRange));
      // Rules: the target's and the predictions'.
      expect(await page.locator('#chart-grad-time svg [aria-label="rule"] line').count()).toBe(1 + inRange);
      expect(await page.locator('#chart-grad-time figcaption').textContent()).toContain('beyond the plotted range');
    });

    it('draws each timeline as a heatmap, one row per worker', async () => {
      const { page } = report;
      for (const index of saved.runs.keys()) {
        const timeline = `#timeline-${index}`;
        expect(await data(page, timeline, 'mode')).toBe('heatmap');
        expect(await data(page, timeline, 'workers')).toBe('60');
        expect(await data(page, timeline, 'rows')).toBe('60');
        // Few enough cells for one rect each.
        expect(await data(page, timeline, 'heatmap-marks')).toBe('rect');
        expect(await page.locator(`${timeline} svg [aria-label="rect"] rect`).count()).toBe(Number(await data(page, timeline, 'cells')));
      }
      await expectStalenessAndAccounting(page, saved);
      await screenshot(page, 'report-sixty-workers.png');
    });
  });

  describe('a thousand workers, f* unknown', () => {
    let saved: SavedResults;
    let report: OpenReport;
    beforeAll(async () => {
      saved = withoutOptimum(savedResults(crowdScenario));
      report = await openReport(saved, 'thousand-workers');
    }, 30_000);

    it('draws without errors', () => {
      expect(report.errors).toEqual([]);
      expect(report.requests).toEqual([]);
    });

    it('says f − f* is unavailable in place of its charts', async () => {
      const { page } = report;
      await expectConvergenceCharts(page, saved);
      for (const id of ['#chart-gap-time', '#chart-gap-gradients']) {
        expect(await data(page, id, 'unavailable')).toBe('1');
        expect(await page.locator(`${id} .unavailable`).textContent()).toContain('f* of this problem is not known');
      }
    });

    it('groups the heatmap rows and draws a utilization bar per worker', async () => {
      const { page } = report;
      for (const index of saved.runs.keys()) {
        expect(await data(page, `#timeline-${index}`, 'mode')).toBe('heatmap');
        expect(await data(page, `#timeline-${index}`, 'workers')).toBe('1000');
        expect(await data(page, `#timeline-${index}`, 'rows')).toBe('200');
        // 200 rows × 200 bins: one image rather than 40 000 rects.
        expect(await data(page, `#timeline-${index}`, 'heatmap-marks')).toBe('raster');
        expect(await page.locator(`#timeline-${index} svg [aria-label="raster"] image`).count()).toBe(1);
      }
      expect(await page.locator('#timeline-0 figcaption').textContent()).toContain('group of 5 consecutive workers');
      await expectStalenessAndAccounting(page, saved);
      expect(await page.locator('#chart-utilization svg [aria-label="rect"] rect').count()).toBe(1000 * saved.runs.length);
      expect(await page.locator('#staleness .unavailable').textContent()).toContain('Applied no gradients, so no staleness: minibatch');
      await screenshot(page, 'report-thousand-workers.png');
    });
  });

  describe('a model on MNIST', () => {
    let saved: SavedResults;
    let report: OpenReport;
    beforeAll(async () => {
      saved = savedResults(mnistScenario);
      report = await openReport(saved, 'mnist');
    }, 30_000);

    it('draws without errors, test accuracy in the summary', async () => {
      expect(report.errors).toEqual([]);
      expect(report.requests).toEqual([]);
      expect(await report.page.locator('table.summary thead').textContent()).toContain('test acc');
    });

    it('draws the label heatmap of the split: one cell per worker and label', async () => {
      const { page } = report;
      expect(await page.locator('#data').isVisible()).toBe(true);
      expect(await data(page, '#chart-labels', 'workers')).toBe('8');
      expect(await data(page, '#chart-labels', 'classes')).toBe('10');
      expect(await page.locator('#chart-labels svg [aria-label="cell"] rect').count()).toBe(80);
      expect(await page.locator('#chart-labels figcaption').textContent()).toContain('a fixed sample of 400');
      await screenshot(page, 'report-mnist.png');
    });
  });

  it('draws the graph of a decentralized run: every node, every edge (torus wrap-arounds as two stubs), the pivot', async () => {
    const saved = savedResults(torusScenario);
    const report = await openReport(saved, 'torus');
    const { page } = report;
    expect(report.errors).toEqual([]);
    expect(await page.locator('#graph').isVisible()).toBe(true);
    // Only fragile has a graph: rennala is centralized.
    expect(await page.locator('[id^="chart-graph-"]').count()).toBe(1);
    expect(await data(page, '#chart-graph-0', 'nodes')).toBe('16');
    expect(await data(page, '#chart-graph-0', 'edges')).toBe('32');
    // 24 edges inside the grid drawn whole, 8 wrap-arounds as 2 stubs each.
    expect(await data(page, '#chart-graph-0', 'segments')).toBe('40');
    expect(await data(page, '#chart-graph-0', 'pivot')).toBe(String(saved.runs[0].graph?.pivot));
    expect(await page.locator('#chart-graph-0 svg [aria-label="dot"] circle').count()).toBe(16);
    await screenshot(page, 'report-torus.png');
  });

  it('hides the data and graph sections for centralized problems without data', async () => {
    const report = await openReport(savedResults(faultyScenario), 'no-data');
    expect(await report.page.locator('#data').isVisible()).toBe(false);
    expect(await report.page.locator('#graph').isVisible()).toBe(false);
    expect(await report.page.locator('table.summary thead').textContent()).not.toContain('test acc');
  });
});

function data(page: Page, selector: string, name: string): Promise<string | null> {
  return page.getAttribute(selector, `data-${name}`);
}

/** f*, as the report finds it: from the first run that knows its final gap. */
function optimum(runs: readonly RunResult[]): number | null {
  const known = runs.find((run) => run.final.lossGap !== null && Number.isFinite(run.final.loss));
  return known === undefined || known.final.lossGap === null ? null : known.final.loss - known.final.lossGap;
}

/** Methods with at least one value a log scale can draw. */
function drawable(runs: readonly RunResult[], value: (point: RunResult['curve'][number]) => number): number {
  return runs.filter((run) => run.curve.some((point) => Number.isFinite(value(point)) && value(point) > 0)).length;
}

async function expectConvergenceCharts(page: Page, saved: SavedResults): Promise<void> {
  const fStar = optimum(saved.runs);
  const expected = {
    '#chart-grad-time': drawable(saved.runs, (p) => p.gradNormSq),
    '#chart-grad-gradients': drawable(saved.runs, (p) => p.gradNormSq),
    '#chart-gap-time': fStar === null ? 0 : drawable(saved.runs, (p) => p.loss - fStar),
    '#chart-gap-gradients': fStar === null ? 0 : drawable(saved.runs, (p) => p.loss - fStar),
  };
  for (const [id, series] of Object.entries(expected)) {
    expect(await data(page, id, 'series'), id).toBe(String(series));
    // Plot draws one path per series (z = method) in its line mark.
    expect(await page.locator(`${id} svg [aria-label="line"] path`).count(), id).toBe(series);
  }
}

async function expectStalenessAndAccounting(page: Page, saved: SavedResults): Promise<void> {
  const applied = saved.runs.filter((run) => run.gradients.applied > 0).length;
  expect(await data(page, '#chart-staleness', 'series')).toBe(String(applied));
  expect(await page.locator('#chart-staleness figure').count()).toBe(applied);
  if (applied > 0) expect(await page.locator('#chart-staleness svg [aria-label="rect"] rect').count()).toBeGreaterThanOrEqual(applied);
  expect(await data(page, '#chart-accounting', 'series')).toBe(String(saved.runs.length));
  const segments = Number(await data(page, '#chart-accounting', 'segments'));
  expect(segments).toBeGreaterThanOrEqual(applied);
  expect(await page.locator('#chart-accounting svg [aria-label="bar"] rect').count()).toBeGreaterThanOrEqual(segments);
  expect(await data(page, '#chart-utilization', 'series')).toBe(String(saved.runs.length));
  expect(await data(page, '#chart-utilization', 'workers')).toBe(String(saved.scenario.workers.length));
}
