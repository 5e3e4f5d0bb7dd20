/**
 * The card model as an Adaptive Card 1.5 for Teams, typed with Microsoft's Adaptive Card types
 * (@microsoft/teams.cards, types only). Buttons are Action.Execute (answered as an
 * `adaptiveCard/action` invoke, so the card updates in place) with Action.Submit as the
 * fallback for older clients; both carry the action's data with the action id as `action`.
 * Charts are Teams' chart elements (Chart.VerticalBar, Chart.VerticalBar.Grouped, Chart.Line),
 * outside the 1.5 schema: each carries a 1.5 TextBlock with its figures as its `fallback`.
 */
import type {
  CardElement, ChartColor, IActionSet, IAdaptiveCard, IExecuteAction, IGroupedVerticalBarChart, ILineChart, ISubmitAction, ITable, ITextBlock, IVerticalBarChart,
} from '@microsoft/teams.cards';
import { type Card, type CardAction, type ChartSection, type Form, KEEP_CARD, submitRef, type TableSection, unreachable } from '../../../cards/model.ts';
import { TEAMS } from './limits.ts';

export type AdaptiveCard = IAdaptiveCard & { readonly version: '1.5' };

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

function execute(title: string, verb: string, data: Record<string, unknown>, style?: IExecuteAction['style']): IExecuteAction {
  const fallback: ISubmitAction = { type: 'Action.Submit', title, data };
  return { type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}), fallback };
}

function action(a: CardAction): IExecuteAction {
  const data = { action: a.id, ...a.data, ...(a.keep ? { [KEEP_CARD]: true } : {}) };
  return execute(a.label, a.id, data, a.style === 'primary' ? 'positive' : a.style === 'danger' ? 'destructive' : undefined);
}

function actionSets(list: readonly CardAction[]): IActionSet[] {
  const sets: IActionSet[] = [];
  for (let i = 0; i < list.length; i += TEAMS.actionsPerSet) sets.push({ type: 'ActionSet', actions: list.slice(i, i + TEAMS.actionsPerSet).map(action) });
  return sets;
}

/**
 * Text from outside reaches Teams' markdown with its link syntax broken (a zero-width space
 * between `]` and `(`), so a note cannot become a link; the model's **bold** stays bold.
 */
export const escapeTeams = (t: string): string => t.replace(/\]\(/g, ']\u200b(');

const textBlock = (text: string, more: Omit<ITextBlock, 'type' | 'text'> = {}): ITextBlock => ({ type: 'TextBlock', text, wrap: true, ...more });

function table(s: TableSection): CardElement[] {
  const numeric = new Set(s.numeric ?? []);
  const t: ITable = {
    type: 'Table', showGridLines: false,
    columns: columnWeights(s.columns, s.rows).map((width, i) => ({ width, ...(numeric.has(i) ? { horizontalCellContentAlignment: 'Right' as const } : {}) })),
    rows: [s.columns, ...s.rows].map((cells, r) => ({
      type: 'TableRow',
      cells: cells.map((c) => ({ type: 'TableCell', items: [textBlock(escapeTeams(c) || ' ', r === 0 ? { weight: 'Bolder' } : {})] })),
    })),
  };
  return [...(s.caption ? [textBlock(escapeTeams(s.caption), { isSubtle: true, size: 'Small' })] : []), t];
}

/** A bar's colour against the chart's marks: below the lowest, attention; below another, warning. */
function colourFor(value: number, marks: readonly { value: number }[]): ChartColor {
  if (marks.length === 0) return 'categoricalBlue';
  const levels = marks.map((m) => m.value).sort((a, b) => a - b);
  return value < levels[0]! ? 'attention' : value < levels[levels.length - 1]! ? 'warning' : 'good';
}

/**
 * A chart as Teams draws it, with its figures as the 1.5 fallback. Teams' charts draw no
 * reference line: on a marked bar chart each bar is coloured by the marks it falls below, and a
 * line under the chart names them.
 */
function chartElements(c: ChartSection): CardElement[] {
  const fallback = textBlock(escapeTeams(c.fallback));
  // bars start at 0 (a bar's length is its figure); a line of percentages is read for its
  // change, so its axis starts a little below its lowest point (or mark), to the 5 below
  const lowest = Math.min(...c.series.flatMap((x) => x.values), ...c.marks.map((m) => m.value));
  const range = c.unit !== '%' ? {} : c.kind === 'line' ? { yMin: Math.max(0, Math.floor((lowest - 5) / 5) * 5), yMax: 100 } : { yMin: 0, yMax: 100 };
  const common = { title: escapeTeams(c.title), showTitle: true, yAxisTitle: escapeTeams(c.valueLabel), fallback } as const;
  let element: IVerticalBarChart | IGroupedVerticalBarChart | ILineChart;
  if (c.kind === 'line') {
    const marks = c.marks.map((m) => ({ name: m.label, values: c.categories.map(() => m.value) }));
    element = { type: 'Chart.Line', ...common, ...range, data: [...c.series, ...marks].map((s) => ({ legend: escapeTeams(s.name), values: c.categories.map((x, i) => ({ x, y: s.values[i]! })) })) };
  } else if (c.series.length === 1) {
    element = { type: 'Chart.VerticalBar', ...common, ...range, showBarValues: true, data: c.categories.map((x, i) => ({ x, y: c.series[0]!.values[i]!, color: colourFor(c.series[0]!.values[i]!, c.marks) })) };
  } else {
    element = { type: 'Chart.VerticalBar.Grouped', ...common, ...range, showBarValues: true, data: c.series.map((s) => ({ legend: escapeTeams(s.name), values: c.categories.map((x, i) => ({ x, y: s.values[i]! })) })) };
  }
  return [element, ...(c.kind === 'bar' && c.series.length === 1 && c.marks.length > 0 ? [textBlock(barKey(c.marks), { isSubtle: true, size: 'Small' })] : [])];
}

/** What a bar's colour says: "red below 90% (persistent absence), amber below 96%, green at or above. Levels: 92% (…), …". */
function barKey(marks: ChartSection['marks']): string {
  const levels = [...marks].sort((a, b) => a.value - b.value);
  const [low, high] = [levels[0]!, levels[levels.length - 1]!];
  const named = (m: ChartSection['marks'][number]) => `${m.value}% (${escapeTeams(m.label)})`;
  if (levels.length === 1) return `Bars: red below ${named(low)}, green at or above.`;
  return `Bars: red below ${named(low)}, amber below ${high.value}%, green at or above. Levels: ${levels.slice(1).map(named).join('; ')}.`;
}

export function toAdaptiveCard(card: Card): AdaptiveCard {
  const body: CardElement[] = [textBlock(escapeTeams(card.title), { size: 'Large', weight: 'Bolder', style: 'heading' })];
  for (const s of card.sections) {
    switch (s.type) {
      // Teams' markdown needs a blank line to break a line
      case 'text': body.push(textBlock(escapeTeams(s.text).replace(/\n/g, '\n\n'))); break;
      case 'context': body.push(textBlock(escapeTeams(s.text), { isSubtle: true, size: 'Small' })); break;
      case 'fields': body.push({ type: 'FactSet', facts: s.fields.map((f) => ({ title: f.label, value: escapeTeams(f.value.replace(/\*\*/g, '')) })) }); break;
      case 'table': body.push(...table(s)); break;
      case 'chart': body.push(...chartElements(s)); break;
      case 'actions': body.push(...actionSets(s.actions)); break;
      case 'links':
        for (let i = 0; i < s.links.length; i += TEAMS.actionsPerSet) {
          body.push({ type: 'ActionSet', actions: s.links.slice(i, i + TEAMS.actionsPerSet).map((l) => ({ type: 'Action.OpenUrl', title: l.label, url: l.url })) });
        }
        break;
      case 'divider': body.push(textBlock(' ', { separator: true, spacing: 'Medium' })); break;
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
  const body = card.body;
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
    body.splice(at, 0, textBlock(`…${dropped} more part${dropped > 1 ? 's' : ''} not shown`, { isSubtle: true }));
  }
  return card;
}

export function formToAdaptiveCard(form: Form): AdaptiveCard {
  const body: CardElement[] = [textBlock(form.title, { size: 'Large', weight: 'Bolder', style: 'heading' })];
  if (form.intro) body.push(textBlock(form.intro));
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
  body.push({ type: 'ActionSet', actions: [
    execute(form.submitLabel, submitRef(form.id), { action: submitRef(form.id), ...form.data }, 'positive'),
    execute('Cancel', 'cancel', { action: 'cancel', ...form.data }),
  ] });
  return { type: 'AdaptiveCard', $schema: SCHEMA, version: TEAMS.adaptiveCardVersion, body, fallbackText: form.title };
}
