/**
 * Escaping for the three kinds of text report.html embeds: HTML text and attributes, a JSON data
 * island, and inlined JavaScript. The HTML parser ends a <script> element at the first `</script`
 * whatever the code or JSON around it, and `<!--` followed by `<script` makes it skip the next
 * closing tag; so neither may reach the page raw.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON made safe for a `<script type="application/json">` island. In JSON, `<` can occur only
 * inside strings, where `<\/` and `\u003c` stand for the same characters, so `JSON.parse` of
 * the island's text gives back the original value.
 */
export function escapeJsonForScript(json: string): string {
  return json.replace(/<\//g, '<\\/').replace(/<!--/g, '\\u003c!--');
}

/**
 * JavaScript made safe to inline in a <script> element, and free of text that looks like a URL
 * (d3 spells its XML namespaces `http://www.w3.org/...`, and its banner names its website).
 * The sequences can occur only in string, template and regular-expression literals and in
 * comments, where `\/` and `\x3C` stand for `/` and `<` (in a regular expression too, even with
 * the `u` flag), so the code does the same. A `String.raw` template would see the backslash;
 * the bundles inlined here use none.
 */
export function escapeScriptForInlining(code: string): string {
  return code
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '\\x3C!--');
}
