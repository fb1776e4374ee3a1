/**
 * Tableau 10, reordered so the first methods get the most distinct hues and the pale yellow
 * (hard to read as a thin line on white) comes late. Beyond ten methods the colors repeat.
 */
const METHOD_PALETTE = ['#4e79a7', '#e15759', '#59a14f', '#f28e2c', '#af7aa1', '#76b7b2', '#9c755f', '#ff9da7', '#edc949', '#bab0ab'];

/**
 * @typedef {object} MethodColors
 * @property {string[]} labels method labels, in the scenario's order
 * @property {(label: string) => string} color
 * @property {import('@observablehq/plot').ScaleOptions} scale the color scale every chart uses, so a method keeps its color everywhere
 */

/**
 * One color per method, by its position in the scenario.
 * @param {string[]} labels
 * @returns {MethodColors}
 */
function methodColors(labels) {
  const range = labels.map((_, i) => METHOD_PALETTE[i % METHOD_PALETTE.length]);
  const byLabel = new Map(labels.map((label, i) => [label, range[i]]));
  return { labels, color: (label) => byLabel.get(label) ?? '#888888', scale: { type: 'ordinal', domain: labels, range } };
}

/**
 * Paints the swatches the server rendered (summary table) in the methods' chart colors.
 * @param {ParentNode} root
 * @param {MethodColors} colors
 */
function paintSwatches(root, colors) {
  for (const swatch of root.querySelectorAll('.swatch[data-method-index]')) {
    if (!(swatch instanceof HTMLElement)) continue;
    const label = colors.labels[Number(swatch.dataset.methodIndex)];
    if (label !== undefined) swatch.style.background = colors.color(label);
  }
}
