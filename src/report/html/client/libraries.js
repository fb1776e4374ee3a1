/**
 * The UMD bundles inlined before the client define `d3` and `Plot` as page globals. The client
 * names Plot here once, typed from its declarations, so the type checker (tsconfig.json beside
 * this file) checks every call against Plot's real API.
 */

/** @type {typeof import('@observablehq/plot')} */
const Plot = /** @type {any} */ (window).Plot;
