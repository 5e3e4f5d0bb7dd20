/**
 * Slack's Block Kit limits, as its reference states them (docs.slack.dev/reference/block-kit).
 * The data visualisation block's limits come from its reference as third-party typings quote it
 * (title 50 characters, two per message); the series, category and label limits below are the
 * strictest found and are stated in the README as such.
 */
export const SLACK = {
  blocksPerMessage: 50,
  /** A Home tab holds up to 100 blocks. */
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  elementsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  contextElements: 10,
  modalTitle: 24,
  modalBlocks: 100,
  optionText: 75,
  optionsPerSelect: 100,
  privateMetadata: 3000,
  fallbackText: 4000,
  /** One `table` block per message; 100 rows of at most 20 cells. */
  tablesPerMessage: 1,
  tableRows: 100,
  tableColumns: 20,
  /** A `data_table` block: rows per page 1 to 100. */
  dataTablePageSize: 100,
  /** At most two `data_visualization` blocks per message, each titled in 50 characters. */
  chartsPerMessage: 2,
  chartTitle: 50,
  chartSeries: 6,
  chartCategories: 20,
  chartLabel: 20,
} as const;
