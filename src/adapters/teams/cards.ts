/**
 * The card model as an Adaptive Card 1.5 for Teams. Buttons are Action.Execute (answered as
 * an `adaptiveCard/action` invoke, so the card updates in place) with Action.Submit as the
 * fallback for older clients; both carry the action's data with the action id as `action`.
 */
import { type Card, type CardAction, type Form, KEEP_CARD, submitRef, unreachable } from '../../../cards/model.ts';
import { TEAMS } from './limits.ts';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

function action(a: CardAction): Record<string, unknown> {
  const data = { action: a.id, ...a.data, ...(a.keep ? { [KEEP_CARD]: true } : {}) };
  const style = a.style === 'primary' ? 'positive' : a.style === 'danger' ? 'destructive' : undefined;
  return {
    type: 'Action.Execute', title: a.label, verb: a.id, data, ...(style ? { style } : {}),
    fallback: { type: 'Action.Submit', title: a.label, data },
  };
}

function actionSets(list: readonly CardAction[]): Record<string, unknown>[] {
  const sets: Record<string, unknown>[] = [];
  for (let i = 0; i < list.length; i += TEAMS.actionsPerSet) sets.push({ type: 'ActionSet', actions: list.slice(i, i + TEAMS.actionsPerSet).map(action) });
  return sets;
}

/**
 * Text from outside reaches Teams' markdown with its link syntax broken (a zero-width space
 * between `]` and `(`), so a note cannot become a link; the model's **bold** stays bold.
 */
export const escapeTeams = (t: string): string => t.replace(/\]\(/g, ']\u200b(');

export function toAdaptiveCard(card: Card): AdaptiveCard {
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: escapeTeams(card.title), size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' }];
  for (const s of card.sections) {
    switch (s.type) {
      // Teams' markdown needs a blank line to break a line
      case 'text': body.push({ type: 'TextBlock', text: escapeTeams(s.text).replace(/\n/g, '\n\n'), wrap: true }); break;
      case 'context': body.push({ type: 'TextBlock', text: escapeTeams(s.text), wrap: true, isSubtle: true, size: 'Small' }); break;
      case 'fields': body.push({ type: 'FactSet', facts: s.fields.map((f) => ({ title: f.label, value: escapeTeams(f.value.replace(/\*\*/g, '')) })) }); break;
      case 'table':
        body.push({
          type: 'Table', firstRowAsHeader: true, showGridLines: false,
          columns: columnWeights(s.columns, s.rows).map((width) => ({ width })),
          rows: [s.columns, ...s.rows].map((cells, r) => ({
            type: 'TableRow',
            cells: cells.map((c) => ({ type: 'TableCell', items: [{ type: 'TextBlock', text: escapeTeams(c) || ' ', wrap: true, ...(r === 0 ? { weight: 'Bolder' } : {}) }] })),
          })),
        });
        break;
      case 'actions': body.push(...actionSets(s.actions)); break;
      case 'divider': body.push({ type: 'TextBlock', text: ' ', separator: true, spacing: 'Medium' }); break;
      default: unreachable(s);
    }
  }
  return fitToBudget({ type: 'AdaptiveCard', $schema: SCHEMA, version: TEAMS.adaptiveCardVersion, body, fallbackText: card.summary });
}

/**
 * Column weights from what each column holds: its longest word and a little (so "Attendance"
 * or "SEVERE" is never broken across lines); a column of longer text gets a little more but
 * wraps between words, so one long note does not squeeze the short columns.
 */
export function columnWeights(columns: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return columns.map((header, i) => {
    const cells = [header, ...rows.map((r) => r[i] ?? '')];
    // a capital letter or a digit is wider than the average letter: "PERSISTENT" needs more room than "persistent"
    const widthOf = (w: string) => [...w].reduce((n, ch) => n + (/[A-Z0-9%£]/.test(ch) ? 1.3 : 1), 0);
    const longestWord = Math.ceil(Math.max(1, ...cells.flatMap((c) => c.split(/\s+/).map(widthOf))));
    const longest = Math.max(...cells.map((c) => c.length));
    return Math.max(longestWord + 2, Math.min(Math.ceil(longest / 2), 16));
  });
}

/** Drops body elements from the end (keeping the buttons) until the card is within Teams' budget. */
function fitToBudget(card: AdaptiveCard): AdaptiveCard {
  const body = card.body as Record<string, unknown>[];
  const budget = TEAMS.messageBytes - 1024; // room for the activity around the card
  let dropped = 0;
  while (Buffer.byteLength(JSON.stringify(card)) > budget) {
    let i = body.length - 1;
    while (i > 0 && body[i]!.type === 'ActionSet') i--;
    if (i <= 0) break;
    body.splice(i, 1);
    dropped++;
  }
  if (dropped > 0) {
    let at = body.length;
    while (at > 1 && body[at - 1]!.type === 'ActionSet') at--;
    body.splice(at, 0, { type: 'TextBlock', text: `…${dropped} more part${dropped > 1 ? 's' : ''} not shown`, isSubtle: true, wrap: true });
  }
  return card;
}

export function formToAdaptiveCard(form: Form): AdaptiveCard {
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: form.title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' }];
  if (form.intro) body.push({ type: 'TextBlock', text: form.intro, wrap: true });
  for (const input of form.inputs) {
    switch (input.type) {
      case 'select':
        body.push({ type: 'Input.ChoiceSet', id: input.id, label: input.label, style: 'compact', wrap: true, isRequired: !input.optional,
          choices: input.options.map((o) => ({ title: o.label, value: o.value })), ...(input.initial ? { value: input.initial } : {}) });
        break;
      case 'text':
        body.push({ type: 'Input.Text', id: input.id, label: input.label, isMultiline: input.multiline ?? false, isRequired: !input.optional, ...(input.initial ? { value: input.initial } : {}) });
        break;
      case 'date': body.push({ type: 'Input.Date', id: input.id, label: input.label, isRequired: !input.optional, ...(input.initial ? { value: input.initial } : {}) }); break;
      case 'time': body.push({ type: 'Input.Time', id: input.id, label: input.label, isRequired: !input.optional, ...(input.initial ? { value: input.initial } : {}) }); break;
      case 'toggle': body.push({ type: 'Input.Toggle', id: input.id, title: input.label, value: input.initial ? 'true' : 'false', valueOn: 'true', valueOff: 'false' }); break;
      default: unreachable(input);
    }
  }
  const submit = { action: submitRef(form.id), ...form.data };
  body.push({ type: 'ActionSet', actions: [
    { type: 'Action.Execute', title: form.submitLabel, verb: submitRef(form.id), data: submit, style: 'positive', fallback: { type: 'Action.Submit', title: form.submitLabel, data: submit } },
    { type: 'Action.Execute', title: 'Cancel', verb: 'cancel', data: { action: 'cancel', ...form.data }, fallback: { type: 'Action.Submit', title: 'Cancel', data: { action: 'cancel', ...form.data } } },
  ] });
  return { type: 'AdaptiveCard', $schema: SCHEMA, version: TEAMS.adaptiveCardVersion, body, fallbackText: form.title };
}
