import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeJsonForScript, escapeScriptForInlining } from '../../src/report/html/html-escape.ts';

/** Evaluates an expression, as the browser would the inlined script. */
function evaluate(expression: string): unknown {
  return new Function(`return ${expression}`)();
}

describe('escapeScriptForInlining', () => {
  const code = [
    '"http://www.w3.org/2000/svg"',
    "'a</script>b<!--c'",
    '`https://x</SCRIPT>${1 + 1}<!--`',
    String.raw`/^https?:\/\/x<\/script/u.test('https://x</script')`,
    String.raw`/<!--/u.test('<!--')`,
    '/* https://d3js.org */ 42',
  ];

  it('removes URLs, closing script tags and comment openers', () => {
    for (const expression of code) expect(escapeScriptForInlining(expression)).not.toMatch(/:\/\/|<\/script|<!--/i);
  });

  it('keeps what string, template and regular-expression literals mean', () => {
    for (const expression of code) expect(evaluate(escapeScriptForInlining(expression))).toEqual(evaluate(expression));
  });
});

describe('escapeJsonForScript', () => {
  it('parses back to the same value', () => {
    const value = { name: '</script><script>alert(1)</script>', note: '<!--<script>', plain: 'a < b / c' };
    const escaped = escapeJsonForScript(JSON.stringify(value));
    expect(escaped).not.toMatch(/<\/|<!--/);
    expect(JSON.parse(escaped)).toEqual(value);
  });
});

describe('escapeHtml', () => {
  it('escapes the characters markup gives meaning to', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });
});
