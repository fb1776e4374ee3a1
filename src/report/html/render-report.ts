import { resultsToJson, type SavedResults } from '../saved-results.ts';
import { chartSections } from './chart-sections.ts';
import { headerSection } from './header-section.ts';
import { pageTemplate } from './page-template.ts';
import { loadReportAssets } from './report-assets.ts';
import { scenarioSection } from './scenario-section.ts';
import { summarySection } from './summary-section.ts';

/**
 * report.html for saved results: one self-contained HTML document (no network access; d3,
 * Observable Plot, the client script and its style sheet are inlined). Text (header, summary
 * table, scenario, metadata) is rendered here; the charts are drawn in the browser by the
 * client from the results embedded as JSON in `<script type="application/json"
 * id="roundtable-data">`, where infinite numbers are the strings "Infinity" and "-Infinity".
 * When every chart is drawn, the client sets `data-ready="1"` on <body>.
 *
 * Reads the library bundles from node_modules and the client from beside this module on each
 * call.
 */
export function renderReport(saved: SavedResults): string {
  const assets = loadReportAssets();
  return pageTemplate({
    title: `${saved.scenario.name} — roundtable report`,
    generator: saved.createdBy,
    css: assets.css,
    body: [headerSection(saved), summarySection(saved), chartSections(), scenarioSection(saved)].join('\n'),
    // Not indented (0): the data is for the client, and the scenario section shows it readably.
    dataJson: resultsToJson(saved, 0),
    scripts: [assets.d3, assets.plot, assets.client],
  });
}
