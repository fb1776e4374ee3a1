import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/html/index.ts';
import { parseSavedResults, type SavedResults } from '../../src/report/saved-results.ts';
import { faultyScenario, savedResults } from './report-fixtures.ts';

const ISLAND_OPEN = '<script type="application/json" id="roundtable-data">';

/** The data island's text as the browser's HTML parser ends it, parsed back (Infinity restored). */
function islandResults(html: string): SavedResults {
  const start = html.indexOf(ISLAND_OPEN);
  expect(start).toBeGreaterThan(-1);
  const text = html.slice(start + ISLAND_OPEN.length, html.indexOf('</script>', start));
  return parseSavedResults(text.replaceAll('<\\/', '</'), 'report.html data island');
}

function count(html: string, pattern: RegExp): number {
  return html.match(pattern)?.length ?? 0;
}

describe('renderReport', () => {
  const saved = savedResults(faultyScenario);
  const html = renderReport(saved);

  it('returns a complete HTML document', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<title>faulty-six — roundtable report</title>');
  });

  it('is self-contained: no URL, no external resource, a policy that forbids loading any', () => {
    expect(html).not.toContain('http://');
    expect(html).not.toContain('https://');
    expect(html).not.toContain('src="//');
    expect(html).not.toMatch(/<(script|img|iframe)\b[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toContain(`content="default-src 'none';`);
  });

  it('inlines d3, Plot, the client and its style sheet', () => {
    expect(html).toContain('d3js.org v7');
    expect(html).toContain('@observablehq/plot v0.6');
    expect(html).toContain('function drawReport()');
    expect(html).toContain('.small-multiples {');
    expect(count(html, /<script\b/gi)).toBe(4);
  });

  it('embeds the results in a JSON island that parses back to them, infinite budgets included', () => {
    const parsed = islandResults(html);
    expect(parsed.scenario.stop.iterations).toBe(Infinity);
    expect(parsed).toEqual(saved);
  });

  it('renders the header, the summary table and the scenario as text', () => {
    expect(html).toContain('<h1>faulty-six</h1>');
    expect(html).toContain('<code id="reproduce-command">roundtable run faulty-six.json --seed 3</code>');
    for (const run of saved.runs) {
      expect(html).toContain(`<span class="swatch" data-method-index="${saved.runs.indexOf(run)}"></span>${run.label}</th>`);
      expect(html).toContain(run.traceHash);
    }
    expect(html).toMatch(/<pre id="scenario-json">\{\n {2}&quot;name&quot;: &quot;faulty-six&quot;/);
  });

  it('keeps a scenario name containing </script> or <!-- inside the island and out of the markup', () => {
    const name = 'evil </script><script>alert(1)</script> <!--<script> & "quotes"';
    const evil = renderReport({ ...saved, scenario: { ...saved.scenario, name } });
    expect(islandResults(evil).scenario.name).toBe(name);
    // Every </script> closes a script the page opened: d3, Plot, the client, the island. (A
    // "<script" inside the island is inert: only "</script" and "<!--" change the parser's state.)
    expect(count(evil, /<\/script/gi)).toBe(4);
    const start = evil.indexOf(ISLAND_OPEN) + ISLAND_OPEN.length;
    const outside = evil.slice(0, start) + evil.slice(evil.indexOf('</script>', start));
    expect(count(outside, /<script\b/gi)).toBe(4);
    expect(evil).not.toContain('<!--');
    expect(evil).toContain('<h1>evil &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!--&lt;script&gt; &amp; &quot;quotes&quot;</h1>');
  });
});
