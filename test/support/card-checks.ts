/** Checks a rendered card against its platform's limits and element types (used by unit and e2e tests). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { SHARED } from './cli.ts';
import { SLACK } from '../../src/adapters/slack/limits.ts';
import { TEAMS } from '../../src/adapters/teams/limits.ts';

const BLOCK_TYPES = new Set(['header', 'section', 'actions', 'context', 'divider', 'input', 'table', 'data_table', 'data_visualization']);
const ELEMENT_TYPES = new Set(['button', 'static_select', 'plain_text_input', 'datepicker', 'timepicker', 'checkboxes']);

export function checkBlockKit(blocks: Record<string, any>[], maxBlocks: number = SLACK.blocksPerMessage): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks`);
  const tables = blocks.filter((b) => b.type === 'table' || b.type === 'data_table').length;
  if (tables > SLACK.tablesPerMessage) problems.push(`${tables} tables in one message`);
  const charts = blocks.filter((b) => b.type === 'data_visualization').length;
  if (charts > SLACK.chartsPerMessage) problems.push(`${charts} data visualisations in one message`);
  blocks.forEach((b, i) => {
    if (b.type === 'table' || b.type === 'data_table') {
      if (b.rows.length > SLACK.tableRows) problems.push(`block ${i}: ${b.rows.length} rows`);
      for (const r of b.rows) {
        if (r.length > SLACK.tableColumns || r.length !== b.rows[0].length) problems.push(`block ${i}: row of ${r.length} cells`);
        for (const c of r) if (!['raw_text', 'raw_number', 'rich_text'].includes(c.type) || (c.type !== 'rich_text' && !(c.text?.length >= 1))) problems.push(`block ${i}: cell ${JSON.stringify(c)}`);
      }
      if (b.type === 'data_table' && (typeof b.caption !== 'string' || !(b.page_size >= 1 && b.page_size <= SLACK.dataTablePageSize))) problems.push(`block ${i}: data table caption or page size`);
    }
    if (b.type === 'data_visualization') {
      const c = b.chart;
      if (typeof b.title !== 'string' || b.title.length > SLACK.chartTitle) problems.push(`block ${i}: chart title`);
      if (!['bar', 'line', 'area', 'pie'].includes(c.type)) problems.push(`block ${i}: chart type ${c.type}`);
      if (!(c.series.length >= 1 && c.series.length <= SLACK.chartSeries)) problems.push(`block ${i}: ${c.series.length} series`);
      if (new Set(c.series.map((x: any) => x.name)).size !== c.series.length) problems.push(`block ${i}: series names repeat`);
      const cats: string[] = c.axis_config.categories;
      if (!(cats.length >= 1 && cats.length <= SLACK.chartCategories)) problems.push(`block ${i}: ${cats.length} categories`);
      for (const l of [...cats, ...c.series.map((x: any) => x.name)]) if (l.length > SLACK.chartLabel) problems.push(`block ${i}: label "${l}"`);
      for (const x of c.series) {
        if (JSON.stringify(x.data.map((d: any) => d.label)) !== JSON.stringify(cats)) problems.push(`block ${i}: series ${x.name} labels differ from the categories`);
        if (x.data.some((d: any) => !Number.isFinite(d.value))) problems.push(`block ${i}: series ${x.name} value not a number`);
      }
    }
    if (!BLOCK_TYPES.has(b.type)) problems.push(`block ${i}: type ${b.type}`);
    if (b.type === 'section' && b.text && b.text.text.length > SLACK.sectionText) problems.push(`block ${i}: section text ${b.text.text.length}`);
    if (b.type === 'section' && b.fields && b.fields.length > SLACK.fieldsPerSection) problems.push(`block ${i}: ${b.fields.length} fields`);
    if (b.type === 'header' && b.text.text.length > SLACK.headerText) problems.push(`block ${i}: header`);
    if (b.type === 'actions') {
      if (b.elements.length > SLACK.elementsPerActions) problems.push(`block ${i}: ${b.elements.length} elements`);
      for (const e of b.elements) {
        if (!ELEMENT_TYPES.has(e.type)) problems.push(`block ${i}: element ${e.type}`);
        if (e.value && e.value.length > SLACK.buttonValue) problems.push(`block ${i}: button value ${e.value.length}`);
        if (e.text.text.length > SLACK.buttonText) problems.push(`block ${i}: button text`);
        if (e.action_id.length > SLACK.actionId) problems.push(`block ${i}: action_id`);
        if (e.url !== undefined && !(typeof e.url === 'string' && /^https?:\/\//.test(e.url) && e.url.length <= 3000)) problems.push(`block ${i}: url`);
      }
    }
  });
  return problems;
}

const AC_ELEMENTS = new Set(['TextBlock', 'FactSet', 'Table', 'ActionSet', 'Container', 'ColumnSet', 'Input.Text', 'Input.ChoiceSet', 'Input.Date', 'Input.Time', 'Input.Toggle']);
const AC_ACTIONS = new Set(['Action.Execute', 'Action.Submit', 'Action.OpenUrl']);

/**
 * Microsoft's Adaptive Card 1.5 JSON schema (draft-06), read from ../shared/reference/, not
 * copied into the project.
 */
const schemaFile = join(SHARED, 'reference', 'adaptive-card-1.5.schema.json');
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
// the two formats the schema uses (RFC 3986): an absolute URI, or a reference without spaces
ajv.addFormat('uri', (v: string) => { try { return Boolean(new URL(v).protocol); } catch { return false; } });
ajv.addFormat('uri-reference', (v: string) => !/\s/.test(v));
// the file names itself with draft-04's "id"; ajv 8 reads draft-06's "$id"
const { id: schemaId, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as { id: string } & Record<string, unknown>;
const validateSchema = ajv.compile({ ...schema, $id: schemaId });

/** Problems of a card against the Adaptive Card 1.5 schema, each with its path. */
export function schemaProblems(card: unknown): string[] {
  if (validateSchema(card)) return [];
  return (validateSchema.errors ?? []).map((e) => `schema ${e.instancePath || '/'}: ${e.message}`);
}

/** Teams' chart elements, outside the 1.5 schema: each must carry a 1.5 fallback. */
const CHARTS = new Set(['Chart.VerticalBar', 'Chart.VerticalBar.Grouped', 'Chart.Line']);

/** The card as a 1.5 client draws it: every element outside 1.5 replaced by its fallback. */
export function asFallback(card: Record<string, any>): Record<string, any> {
  return { ...card, body: card.body.map((el: Record<string, any>) => (CHARTS.has(el.type) ? el.fallback : el)) };
}

export function checkAdaptiveCard(card: Record<string, any>): string[] {
  const problems: string[] = [...schemaProblems(asFallback(card))];
  for (const [i, el] of (card.body as Record<string, any>[]).entries()) {
    if (!CHARTS.has(el.type)) continue;
    if (el.fallback?.type !== 'TextBlock' || typeof el.fallback.text !== 'string') problems.push(`body[${i}]: ${el.type} without a TextBlock fallback`);
    const values = el.type === 'Chart.VerticalBar' ? el.data : el.data.flatMap((d: any) => d.values);
    if (!(values.length > 0) || values.some((v: any) => typeof v.x !== 'string' || !Number.isFinite(v.y))) problems.push(`body[${i}]: ${el.type} data`);
  }
  if (card.type !== 'AdaptiveCard') problems.push('type');
  if (card.version !== '1.5') problems.push(`version ${card.version}`);
  const size = Buffer.byteLength(JSON.stringify(card));
  if (size > TEAMS.messageBytes) problems.push(`${size} bytes`);
  const ids = new Set<string>();
  const walk = (el: Record<string, any>, path: string) => {
    if (CHARTS.has(el.type)) return;
    if (!AC_ELEMENTS.has(el.type)) problems.push(`${path}: element ${el.type}`);
    if (el.type === 'TextBlock' && typeof el.text !== 'string') problems.push(`${path}: TextBlock without text`);
    if (el.type === 'FactSet') for (const f of el.facts) if (typeof f.title !== 'string' || typeof f.value !== 'string') problems.push(`${path}: fact`);
    if (el.type?.startsWith('Input.')) {
      if (!el.id) problems.push(`${path}: input without id`);
      if (el.id === 'action') problems.push(`${path}: an input named "action" would overwrite the action Teams sends back`);
      if (ids.has(el.id)) problems.push(`${path}: duplicate id ${el.id}`);
      ids.add(el.id);
      if (el.type === 'Input.ChoiceSet' && !(el.choices?.length > 0)) problems.push(`${path}: no choices`);
    }
    if (el.type === 'Table') {
      for (const row of el.rows) {
        if (row.type !== 'TableRow') problems.push(`${path}: row type`);
        if (row.cells.length !== el.columns.length) problems.push(`${path}: row width`);
        for (const c of row.cells) { if (c.type !== 'TableCell') problems.push(`${path}: cell`); c.items.forEach((x: any, k: number) => walk(x, `${path}.cell${k}`)); }
      }
    }
    if (el.type === 'ActionSet') {
      if (el.actions.length > TEAMS.actionsPerSet) problems.push(`${path}: ${el.actions.length} actions`);
      for (const a of el.actions) {
        if (!AC_ACTIONS.has(a.type)) problems.push(`${path}: action ${a.type}`);
        if (a.type === 'Action.Execute' && (a.fallback?.type !== 'Action.Submit' || typeof a.verb !== 'string')) problems.push(`${path}: Action.Execute without verb and Action.Submit fallback`);
        if (!a.title) problems.push(`${path}: action without title`);
      }
    }
  };
  (card.body as Record<string, any>[]).forEach((el, i) => walk(el, `body[${i}]`));
  return problems;
}

