/**
 * The card model as Slack Block Kit, typed with Slack's own types (@slack/types), within Block
 * Kit's limits (./limits.ts): long text splits across sections, a table is Slack's `table`
 * block (a sortable one its `data_table`; a second table in one message is monospaced text), a
 * chart is a `data_visualization` block (the third in a message is its words), more than 50
 * blocks are cut with a note (lists page before that), button values carry the action's data
 * as JSON.
 */
import type {
  ActionsBlock, Button, Checkboxes, ContextBlock, DataTableBlock, Datepicker, HeaderBlock, HomeView, InputBlock, KnownBlock,
  ModalView, PlainTextElement, PlainTextInput, RawNumberElement, RawTextElement, SectionBlock, StaticSelect, TableBlock, Timepicker,
} from '@slack/types';
import { type Card, type CardAction, type ChartSection, type Form, KEEP_CARD, type TableSection, unreachable } from '../../../cards/model.ts';
import { fit } from '../../../cards/limits.ts';
import { SLACK } from './limits.ts';

/**
 * A typed extension, for a block @slack/types 3.2 does not have yet: the data visualisation
 * block (docs.slack.dev/reference/block-kit/blocks/data-visualization-block). Bar and line
 * charts only, as the bot draws them; remove this once @slack/types has the block.
 */
export interface DataVisualizationBlock {
  readonly type: 'data_visualization';
  readonly block_id?: string;
  readonly title: string;
  readonly chart: {
    readonly type: 'bar' | 'line';
    readonly series: readonly { readonly name: string; readonly data: readonly { readonly label: string; readonly value: number }[] }[];
    readonly axis_config: { readonly categories: readonly string[]; readonly x_label?: string; readonly y_label?: string };
  };
}

/** A block the bot sends: one of Slack's known blocks, or the data visualisation above. */
export type SlackBlock = KnownBlock | DataVisualizationBlock;

/**
 * Text from outside (names, notes, attendees, titles) reaches Slack only escaped: `&`, `<` and
 * `>` become entities, so no `<!channel>`, mention or `<url|link>` can be smuggled in.
 * Then the model's **bold** becomes Slack's *bold*.
 */
export const escapeSlack = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const mrkdwn = (t: string): string => escapeSlack(t).replace(/\*\*(.+?)\*\*/g, '*$1*');
const clip = (t: string, max: number): string => (t.length <= max ? t : `${t.slice(0, max - 1)}…`);
/** Words people read are cut at a word boundary (ids and table cells are clipped exactly). */
const plain = (t: string, max: number): PlainTextElement => ({ type: 'plain_text', text: fit(t, max), emoji: true });

/** Splits text at line breaks into pieces of at most `max` characters. */
export function splitText(t: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const line of t.split('\n')) {
    const pieces = line.length > max ? line.match(new RegExp(`.{1,${max}}`, 'gs'))! : [line];
    for (const p of pieces) {
      if (cur.length + p.length + 1 > max) { out.push(cur); cur = p; } else cur = cur ? `${cur}\n${p}` : p;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export function actionValue(a: Pick<CardAction, 'data' | 'keep'>): string {
  const v = JSON.stringify(a.keep ? { ...a.data, [KEEP_CARD]: true } : a.data);
  if (v.length > SLACK.buttonValue) throw new Error(`button data over Slack's ${SLACK.buttonValue} characters`);
  return v;
}

function button(a: CardAction): Button {
  return {
    type: 'button', action_id: clip(`${a.id}:${Object.values(a.data).join(':')}`, SLACK.actionId),
    text: plain(a.label, SLACK.buttonText), value: actionValue(a), ...(a.style ? { style: a.style } : {}),
  };
}

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const contextBlock = (text: string): ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, SLACK.sectionText) }] });

/** A table as monospaced text: the second table of a message, which Slack would refuse as a block. */
function monospaced(s: TableSection): SectionBlock[] {
  // columns are padded to a common width (at most 40); the last one runs on unclipped
  const last = s.columns.length - 1;
  const widths = s.columns.map((c, i) => Math.min(40, Math.max(c.length, ...s.rows.map((r) => (r[i] ?? '').length))));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => (i === last ? c : fit(c, widths[i]!).padEnd(widths[i]!))).join('  ').trimEnd();
  const lines = [...(s.caption ? [s.caption] : []), fmt(s.columns), ...s.rows.map(fmt)];
  return splitText(escapeSlack(lines.join('\n')), SLACK.sectionText - 6).map((part) => section(`\`\`\`${part}\`\`\``));
}

/**
 * A table as Slack's table block (or, sortable, its data table): plain cells (raw text needs a
 * character, so an empty cell is "–"), figures as numbers; rows past Slack's 100 are cut, said
 * in a note.
 */
function tableBlocks(s: TableSection): SlackBlock[] {
  const numeric = new Set(s.numeric ?? []);
  const columns = s.columns.slice(0, SLACK.tableColumns);
  const cell = (c: string, i: number): RawTextElement | RawNumberElement => {
    const text = clip(c, 200) || '–';
    const n = Number.parseFloat(c);
    return numeric.has(i) && Number.isFinite(n) ? { type: 'raw_number', value: n, text } : { type: 'raw_text', text };
  };
  const shown = s.rows.slice(0, SLACK.tableRows - 1);
  const rows = [columns.map((c) => ({ type: 'raw_text' as const, text: clip(c, 200) || '–' })), ...shown.map((r) => columns.map((_, i) => cell(r[i] ?? '', i)))];
  const out: SlackBlock[] = [];
  if (s.sortable) {
    const table: DataTableBlock = { type: 'data_table', caption: clip(s.caption ?? columns.join(', '), 200), rows, page_size: Math.min(SLACK.dataTablePageSize, 15) };
    out.push(table);
  } else {
    if (s.caption) out.push(contextBlock(mrkdwn(s.caption)));
    const table: TableBlock = { type: 'table', rows, column_settings: columns.map((_, i) => ({ align: numeric.has(i) ? 'right' : 'left', is_wrapped: true })) };
    out.push(table);
  }
  if (s.rows.length > shown.length) out.push(contextBlock(`…${s.rows.length - shown.length} more rows not shown`));
  return out;
}

/**
 * A chart as a data visualisation block. The block draws no reference line, so a chart's marks
 * (90%, a school's thresholds) are drawn as flat lines beside the figures, and a marked bar
 * chart as lines; the figures and marks are also in the block's words below it.
 */
function chartBlocks(c: ChartSection): SlackBlock[] {
  const label = (t: string) => fit(t, SLACK.chartLabel);
  const categories = c.categories.slice(0, SLACK.chartCategories).map(label);
  const series = [
    ...c.series.map((s) => ({ name: label(s.name), values: s.values })),
    // a mark is named by its level first, so that two clipped to Slack's 20 characters still differ
    ...c.marks.map((m) => ({ name: label(`${m.value}${c.unit === '%' ? '%' : ''} ${m.label}`), values: c.categories.map(() => m.value) })),
  ].slice(0, SLACK.chartSeries);
  const block: DataVisualizationBlock = {
    type: 'data_visualization', title: fit(c.title, SLACK.chartTitle),
    chart: {
      type: c.marks.length > 0 ? 'line' : c.kind,
      series: series.map((s) => ({ name: s.name, data: categories.map((label, i) => ({ label, value: s.values[i]! })) })),
      axis_config: { categories, y_label: fit(c.valueLabel, SLACK.chartTitle) },
    },
  };
  return [block, contextBlock(mrkdwn(c.fallback))];
}

export function toBlocks(card: Card, maxBlocks: number = SLACK.blocksPerMessage): SlackBlock[] {
  const header: HeaderBlock = { type: 'header', text: plain(card.title, SLACK.headerText) };
  const blocks: SlackBlock[] = [header];
  let tables = 0;
  let charts = 0;
  for (const s of card.sections) {
    switch (s.type) {
      case 'text':
        for (const part of splitText(mrkdwn(s.text), SLACK.sectionText)) blocks.push(section(part));
        break;
      case 'fields':
        for (let i = 0; i < s.fields.length; i += SLACK.fieldsPerSection) {
          blocks.push({ type: 'section', fields: s.fields.slice(i, i + SLACK.fieldsPerSection).map((f) => ({ type: 'mrkdwn', text: clip(mrkdwn(`**${f.label}**\n${f.value}`), SLACK.fieldText) })) });
        }
        break;
      case 'table':
        blocks.push(...(tables++ < SLACK.tablesPerMessage ? tableBlocks(s) : monospaced(s)));
        break;
      case 'chart':
        blocks.push(...(charts++ < SLACK.chartsPerMessage ? chartBlocks(s) : [section(mrkdwn(s.fallback))]));
        break;
      case 'actions':
        for (let i = 0; i < s.actions.length; i += SLACK.elementsPerActions) {
          const set: ActionsBlock = { type: 'actions', elements: s.actions.slice(i, i + SLACK.elementsPerActions).map(button) };
          blocks.push(set);
        }
        break;
      case 'links':
        for (let i = 0; i < s.links.length; i += SLACK.elementsPerActions) {
          blocks.push({ type: 'actions', elements: s.links.slice(i, i + SLACK.elementsPerActions).map((l, j): Button => ({ type: 'button', action_id: `link:${i + j}`, text: plain(l.label, SLACK.buttonText), url: l.url })) });
        }
        break;
      case 'context':
        blocks.push(contextBlock(mrkdwn(s.text)));
        break;
      case 'divider':
        blocks.push({ type: 'divider' });
        break;
      default: unreachable(s);
    }
  }
  if (blocks.length > maxBlocks) {
    const kept = blocks.slice(0, maxBlocks - 1);
    kept.push(contextBlock(`…${blocks.length - kept.length} more blocks not shown`));
    return kept;
  }
  return blocks;
}

/** The message payload: blocks plus the fallback text Slack shows in notifications. */
export const toSlackMessage = (card: Card) => ({ text: clip(escapeSlack(card.summary), SLACK.fallbackText), blocks: toBlocks(card) });

/** A card as the App Home tab: up to 100 blocks. */
export const toHomeView = (card: Card): HomeView => ({ type: 'home', blocks: toBlocks(card, SLACK.blocksPerView) });

/** A form as a modal view; `metadata` comes back with the submission. */
export function toModal(form: Form, metadata: Record<string, unknown>): ModalView {
  const privateMetadata = JSON.stringify({ ...metadata, form: form.id, data: form.data });
  if (privateMetadata.length > SLACK.privateMetadata) throw new Error('modal metadata over Slack\'s limit');
  const blocks: (SectionBlock | InputBlock)[] = [];
  if (form.intro) blocks.push(section(mrkdwn(form.intro)));
  for (const input of form.inputs) {
    let element: StaticSelect | PlainTextInput | Datepicker | Timepicker | Checkboxes;
    switch (input.type) {
      case 'select': {
        const options = input.options.slice(0, SLACK.optionsPerSelect).map((o) => ({ text: plain(o.label, SLACK.optionText), value: o.value }));
        const initial = options.find((o) => o.value === input.initial);
        element = { type: 'static_select', action_id: input.id, options, ...(initial ? { initial_option: initial } : {}) };
        break;
      }
      case 'text':
        element = { type: 'plain_text_input', action_id: input.id, multiline: input.multiline ?? false, ...(input.initial ? { initial_value: input.initial } : {}) };
        break;
      case 'date':
        element = { type: 'datepicker', action_id: input.id, ...(input.initial ? { initial_date: input.initial } : {}) };
        break;
      case 'time':
        element = { type: 'timepicker', action_id: input.id, ...(input.initial ? { initial_time: input.initial } : {}) };
        break;
      case 'toggle': {
        const option = { text: plain(input.label, SLACK.optionText), value: 'true' };
        element = { type: 'checkboxes', action_id: input.id, options: [option], ...(input.initial ? { initial_options: [option] } : {}) };
        break;
      }
      default: unreachable(input);
    }
    blocks.push({ type: 'input', block_id: input.id, label: plain(input.label, 2000), element, optional: 'optional' in input ? input.optional ?? false : input.type === 'toggle' });
  }
  return {
    type: 'modal', callback_id: `form:${form.id}`, private_metadata: privateMetadata,
    title: plain(form.title, SLACK.modalTitle), submit: plain(form.submitLabel, SLACK.modalTitle), close: plain('Cancel', SLACK.modalTitle), blocks,
  };
}

/** Reads a modal submission's values back into a flat record keyed by input id. */
export function readModalValues(values: Readonly<Record<string, Readonly<Record<string, object>>>>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [blockId, byAction] of Object.entries(values)) {
    const v = byAction[blockId] as Record<string, unknown> | undefined;
    if (!v) continue;
    if (v.type === 'static_select') { const o = v.selected_option as { value: string } | null; if (o) out[blockId] = o.value; }
    else if (v.type === 'plain_text_input') { if (typeof v.value === 'string' && v.value !== '') out[blockId] = v.value; }
    else if (v.type === 'datepicker') { if (typeof v.selected_date === 'string') out[blockId] = v.selected_date; }
    else if (v.type === 'timepicker') { if (typeof v.selected_time === 'string') out[blockId] = v.selected_time; }
    else if (v.type === 'checkboxes') out[blockId] = ((v.selected_options as unknown[]) ?? []).length > 0;
  }
  return out;
}
