/**
 * Tick choices Plot's defaults get wrong for this report's data: whole-number axes (worker ids,
 * staleness) that must not show fractional ticks, and log axes spanning anywhere from a fraction
 * of a decade to twenty decades, whose labels should read as numbers (0.2, 10⁻⁶), not 2e-1.
 */

/**
 * Whole-number ticks from 0 to `max`: about ten at most, on steps of 1, 2 or 5 × 10ᵏ. Pair with
 * `tickFormat: 'd'`: Plot formats explicit ticks at the domain's precision (1.0 on [−0.5, 5.5]).
 * @param {number} max
 * @returns {number[]}
 */
function integerTicks(max) {
  const rough = Math.max(1, max / 10);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return ticks;
}

/**
 * Ticks for a log axis over [min, max] (both positive): 1-2-5 steps over a couple of decades,
 * powers of ten (thinned past eight decades) over more, every digit over less than one.
 * @param {number} min
 * @param {number} max
 * @returns {number[] | undefined} undefined when fewer than two would fit (Plot then chooses)
 */
function logTicks(min, max) {
  const decades = Math.log10(max / min);
  const multiples = decades < 0.7 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : decades <= 2.5 ? [1, 2, 5] : [1];
  const stride = decades > 8 ? Math.ceil(decades / 8) : 1;
  const ticks = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    if (k % stride !== 0) continue;
    for (const m of multiples) {
      // Round away the float error of m × 10ᵏ, so 3 × 10⁻¹ prints as 0.3.
      const value = Number((m * 10 ** k).toPrecision(12));
      if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) ticks.push(value);
    }
  }
  return ticks.length >= 2 ? ticks : undefined;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A log-axis label: plain decimals from 0.001 to 9999, m·10ᵏ beyond.
 * @param {number} value
 */
function formatLogTick(value) {
  if (value >= 1e-3 && value < 1e4) return String(Number(value.toPrecision(6)));
  const k = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Number((value / 10 ** k).toPrecision(3));
  const exponent = String(k).replace('-', '⁻').replace(/\d/g, (d) => SUPERSCRIPT_DIGITS[Number(d)]);
  return mantissa === 1 ? `10${exponent}` : `${mantissa}·10${exponent}`;
}
