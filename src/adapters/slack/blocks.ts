/**
 * The card model as Slack Block Kit, within Block Kit's limits (cards/limits.ts): long
 * text splits across sections, tables become monospaced sections, more than 50 blocks are
 * cut with a note (lists page before that), button values carry the action's data as JSON.
 */
import { type Card, type CardAction, type Form, KEEP_CARD, unreachable } from '../../../cards/model.ts';
import { fit } from '../../../cards/limits.ts';
import { SLACK } from './limits.ts';

export type Block = Record<string, unknown>;

/**
 * Text from outside (names, notes, attendees, titles) reaches Slack only escaped: `&`, `<` and
 * `>` become entities, so no `<!channel>`, mention or `<url|link>` can be smuggled in.
 * Then the model's **bold** becomes Slack's *bold*.
 */
export const escapeSlack = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const mrkdwn = (t: string): string => escapeSlack(t).replace(/\*\*(.+?)\*\*/g, '*$1*');
const clip = (t: string, max: number): string => (t.length <= max ? t : `${t.slice(0, max - 1)}…`);
/** Words people read are cut at a word boundary (ids and table cells are clipped exactly). */
const plain = (t: string, max: number) => ({ type: 'plain_text', text: fit(t, max), emoji: true });

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

function button(a: CardAction): Block {
  return {
    type: 'button', action_id: clip(`${a.id}:${Object.values(a.data).join(':')}`, SLACK.actionId),
    text: plain(a.label, SLACK.buttonText), value: actionValue(a), ...(a.style ? { style: a.style } : {}),
  };
}

export function toBlocks(card: Card): Block[] {
  const blocks: Block[] = [{ type: 'header', text: plain(card.title, SLACK.headerText) }];
  for (const s of card.sections) {
    switch (s.type) {
      case 'text':
        for (const part of splitText(mrkdwn(s.text), SLACK.sectionText)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: part } });
        break;
      case 'fields':
        for (let i = 0; i < s.fields.length; i += SLACK.fieldsPerSection) {
          blocks.push({ type: 'section', fields: s.fields.slice(i, i + SLACK.fieldsPerSection).map((f) => ({ type: 'mrkdwn', text: clip(mrkdwn(`**${f.label}**\n${f.value}`), SLACK.fieldText) })) });
        }
        break;
      case 'table': {
        // columns are padded to a common width (at most 40); the last one runs on unclipped
        const last = s.columns.length - 1;
        const widths = s.columns.map((c, i) => Math.min(40, Math.max(c.length, ...s.rows.map((r) => (r[i] ?? '').length))));
        const fmt = (cells: readonly string[]) => cells.map((c, i) => (i === last ? c : fit(c, widths[i]!).padEnd(widths[i]!))).join('  ').trimEnd();
        const lines = [fmt(s.columns), ...s.rows.map(fmt)];
        for (const part of splitText(escapeSlack(lines.join('\n')), SLACK.sectionText - 6)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${part}\`\`\`` } });
        break;
      }
      case 'actions':
        for (let i = 0; i < s.actions.length; i += SLACK.elementsPerActions) {
          blocks.push({ type: 'actions', elements: s.actions.slice(i, i + SLACK.elementsPerActions).map(button) });
        }
        break;
      case 'context':
        blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn(s.text), SLACK.sectionText) }] });
        break;
      case 'divider':
        blocks.push({ type: 'divider' });
        break;
      default: unreachable(s);
    }
  }
  if (blocks.length > SLACK.blocksPerMessage) {
    const kept = blocks.slice(0, SLACK.blocksPerMessage - 1);
    kept.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…${blocks.length - kept.length} more blocks not shown` }] });
    return kept;
  }
  return blocks;
}

/** The message payload: blocks plus the fallback text Slack shows in notifications. */
export const toSlackMessage = (card: Card) => ({ text: clip(escapeSlack(card.summary), SLACK.fallbackText), blocks: toBlocks(card) });

/** A form as a modal view; `metadata` comes back with the submission. */
export function toModal(form: Form, metadata: Record<string, unknown>): Block {
  const privateMetadata = JSON.stringify({ ...metadata, form: form.id, data: form.data });
  if (privateMetadata.length > SLACK.privateMetadata) throw new Error('modal metadata over Slack\'s limit');
  const blocks: Block[] = [];
  if (form.intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn(form.intro) } });
  for (const input of form.inputs) {
    let element: Block;
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
