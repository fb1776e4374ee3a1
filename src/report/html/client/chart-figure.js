/**
 * The frame around every chart: a <figure> with a stable id, a heading, the chart and a
 * caption. After drawing, the chart's facts go into data-* attributes (series drawn, rows,
 * mode...), which tests and anyone inspecting the page can read.
 */

/**
 * @typedef {object} ChartFigure
 * @property {HTMLElement} figure
 * @property {HTMLElement} body where the chart (or the reason there is none) goes
 * @property {HTMLElement} caption
 */

/**
 * @param {Element} parent
 * @param {string} id
 * @param {string} title
 * @param {string} [swatchColor] a method's color, shown before the title
 * @returns {ChartFigure}
 */
function createChartFigure(parent, id, title, swatchColor) {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.id = id;
  const heading = document.createElement('h3');
  if (swatchColor !== undefined) heading.append(colorSwatch(swatchColor));
  heading.append(title);
  const body = document.createElement('div');
  body.className = 'chart-body';
  const caption = document.createElement('figcaption');
  figure.append(heading, body, caption);
  parent.append(figure);
  return { figure, body, caption };
}

/** @param {string} color */
function colorSwatch(color) {
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.background = color;
  return swatch;
}

/**
 * The width a chart should be drawn at: its container's, within sensible bounds.
 * @param {Element} container
 */
function chartWidth(container) {
  return Math.max(320, Math.min(1100, Math.floor(container.clientWidth)));
}

/**
 * @param {HTMLElement} element
 * @param {Record<string, string | number>} facts
 */
function setChartData(element, facts) {
  for (const [key, value] of Object.entries(facts)) element.dataset[key] = String(value);
}

/**
 * Says, in the chart's place, why there is no chart.
 * @param {HTMLElement} body
 * @param {string} text
 */
function showUnavailable(body, text) {
  const note = document.createElement('p');
  note.className = 'unavailable';
  note.textContent = text;
  body.replaceChildren(note);
}

/**
 * @param {HTMLElement} caption
 * @param {string} text
 */
function addCaption(caption, text) {
  const line = document.createElement('span');
  line.textContent = text;
  caption.append(line, ' ');
}
