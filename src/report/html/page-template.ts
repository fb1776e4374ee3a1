import { escapeHtml, escapeJsonForScript, escapeScriptForInlining } from './html-escape.ts';

export interface PageParts {
  /** The document title (plain text). */
  readonly title: string;
  /** The generator, for the <meta name="generator"> tag (plain text). */
  readonly generator: string;
  readonly css: string;
  /** The page's content, already HTML. */
  readonly body: string;
  /** The data island's JSON (Infinity already spelt "Infinity"). */
  readonly dataJson: string;
  /** Scripts run in order after the data island. */
  readonly scripts: readonly string[];
}

/**
 * A complete HTML document. Its Content-Security-Policy lets it load nothing: the page works
 * from a file:// URL or an e-mail attachment, and any attempt to fetch something would show as
 * an error in the console rather than silently depend on the network.
 */
export function pageTemplate(parts: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="${escapeHtml(parts.generator)}">
<title>${escapeHtml(parts.title)}</title>
<style>
${parts.css.replace(/<\/(style)/gi, '<\\/$1')}
</style>
</head>
<body>
<main>
${parts.body}
</main>
<script type="application/json" id="roundtable-data">${escapeJsonForScript(parts.dataJson)}</script>
${parts.scripts.map((code) => `<script>\n${escapeScriptForInlining(code)}\n</script>`).join('\n')}
</body>
</html>
`;
}
