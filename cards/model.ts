/**
 * One card model for both platforms: a card says what it means (a pupil summary, a list, a
 * form), never how Slack or Teams draw it. Each platform's adapter renders it with the
 * platform's own types and within its limits: src/adapters/slack/blocks.ts to Block Kit,
 * src/adapters/teams/cards.ts to an Adaptive Card.
 */

import type { CaseEventKind } from '../src/domain/casework.ts';

/** What a button asks for: the chat adapters hand it, with its data, to the use case of that name. */
export const ACTION_IDS = [
  'open-call', 'open-meeting', 'open-plan', 'open-outcome', 'open-nti', 'open-decline',
  'letter-sent', 'penalty-request', 'query', 'ack-flag', 'cancel', 'open-step', 'open-review', 'mis-corrected', 'open-penalty-decision', 'open-undo',
  'draft-letter', 'draft-letters', 'open-letters-sent',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];
export const isActionId = (s: string): s is ActionId => (ACTION_IDS as readonly string[]).includes(s);

/** What submitting a form records. */
export const FORM_IDS = ['call', 'meeting-booked', 'meeting-outcome', 'plan-started', 'notice-to-improve', 'penalty-declined', 'flag-acknowledged', 'step-recorded', 'review-held', 'penalty-requested', 'penalty-decision', 'letter-sent', 'entry-undone', 'letters-sent'] as const;
export type FormId = (typeof FORM_IDS)[number];
/**
 * The forms that record casework: each records the case event of its own name
 * (src/domain/casework.ts); a form id that is not one drops out here, and the table of what
 * each form records no longer compiles.
 */
export type CaseworkFormId = Exclude<FormId, 'flag-acknowledged'> & CaseEventKind;
export const isFormId = (s: string): s is FormId => (FORM_IDS as readonly string[]).includes(s);

/** A button's or a form's action as the platforms carry it: `open-call`, or `submit:call` for a form. */
export type ActionRef = { readonly kind: 'button'; readonly id: ActionId } | { readonly kind: 'submit'; readonly form: FormId };

export const SUBMIT_PREFIX = 'submit:';
export const submitRef = (form: FormId): string => `${SUBMIT_PREFIX}${form}`;

/** Reads an action reference back; a Slack action id may carry `:…` after the action for uniqueness. */
export function parseActionRef(raw: string): ActionRef | undefined {
  if (raw.startsWith(SUBMIT_PREFIX)) {
    const form = raw.slice(SUBMIT_PREFIX.length);
    return isFormId(form) ? { kind: 'submit', form } : undefined;
  }
  const id = raw.split(':')[0]!;
  return isActionId(id) ? { kind: 'button', id } : undefined;
}

/** A button: `id` names the action, `data` travels with it and comes back. */
export interface CardAction {
  readonly id: ActionId;
  readonly label: string;
  readonly data: Readonly<Record<string, string | number | boolean>>;
  readonly style?: 'primary' | 'danger';
  /**
   * The card stays put: the answer comes as a new message, never in its place (a list's pupil
   * and call buttons: the list is delivery's to update, and the reader keeps their page).
   */
  readonly keep?: boolean;
}

/** What a kept card's button carries, so that the platform answers beside the card. */
export const KEEP_CARD = 'keep';

/** One line of figures on a chart: a value for each of the chart's categories. */
export interface ChartSeries { readonly name: string; readonly values: readonly number[] }
/** A level a chart is read against (the 90% line of persistent absence, a school's letter threshold). */
export interface ChartMark { readonly label: string; readonly value: number }

/**
 * A chart: bars or lines over named categories. `fallback` carries the same figures in words
 * (notifications, screen readers, a client that cannot draw it): `chart()` writes it, so it
 * cannot say other than the chart.
 */
export interface ChartSection {
  readonly type: 'chart';
  readonly kind: 'bar' | 'line';
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Percentages (drawn 0 to 100) or counts. */
  readonly unit: '%' | 'count';
  /** What the values are, for the value axis ("Attendance %", "Absent sessions"). */
  readonly valueLabel: string;
  /** Levels to read it against; a value below a mark is worse (attendance). */
  readonly marks: readonly ChartMark[];
  readonly fallback: string;
}

/**
 * A table: a header row and rows of cells. `sortable` lets a platform that can page and sort a
 * table itself do so (Slack's data table); elsewhere it is a plain table and the card pages.
 */
export interface TableSection {
  readonly type: 'table';
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** A column of figures: aligned to the right, and sorted as numbers where the platform sorts. */
  readonly numeric?: readonly number[];
  readonly caption?: string;
  readonly sortable?: boolean;
}

export type CardSection =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'fields'; readonly fields: readonly { readonly label: string; readonly value: string }[] }
  | TableSection
  | ChartSection
  | { readonly type: 'actions'; readonly actions: readonly CardAction[] }
  /** Links the reader opens (a one-time download of their drafts): only ever on a card sent to one person. */
  | { readonly type: 'links'; readonly links: readonly { readonly label: string; readonly url: string }[] }
  | { readonly type: 'context'; readonly text: string }
  | { readonly type: 'divider' };

export interface Card {
  readonly title: string;
  readonly sections: readonly CardSection[];
  /** A one-line plain summary: notifications, screen readers, the fallback text. */
  readonly summary: string;
}

export type FormInput =
  | { readonly type: 'select'; readonly id: string; readonly label: string; readonly options: readonly { value: string; label: string }[]; readonly initial?: string; readonly optional?: boolean }
  | { readonly type: 'text'; readonly id: string; readonly label: string; readonly multiline?: boolean; readonly optional?: boolean; readonly initial?: string }
  | { readonly type: 'date'; readonly id: string; readonly label: string; readonly initial?: string; readonly optional?: boolean }
  | { readonly type: 'time'; readonly id: string; readonly label: string; readonly initial?: string; readonly optional?: boolean }
  | { readonly type: 'toggle'; readonly id: string; readonly label: string; readonly initial?: boolean };

/** A form: a Slack modal, or an Adaptive Card with inputs in Teams. */
export interface Form {
  /** What submitting records, e.g. `call`. */
  readonly id: FormId;
  readonly title: string;
  readonly intro?: string;
  readonly submitLabel: string;
  readonly inputs: readonly FormInput[];
  /** Carried through unchanged (e.g. the pupil id). */
  readonly data: Readonly<Record<string, string | number | boolean>>;
}

export const text = (t: string): CardSection => ({ type: 'text', text: t });
export const fields = (f: readonly { label: string; value: string }[]): CardSection => ({ type: 'fields', fields: f });
export const context = (t: string): CardSection => ({ type: 'context', text: t });
export const actions = (a: readonly CardAction[]): CardSection => ({ type: 'actions', actions: a });
export const divider: CardSection = { type: 'divider' };

/** A figure as a chart's words give it: "94.7%", or "4". */
export const chartFigure = (unit: ChartSection['unit'], v: number): string => (unit === '%' ? `${v.toFixed(1)}%` : String(v));

/** A chart, with its figures in words as the fallback. */
export function chart(c: Omit<ChartSection, 'type' | 'fallback' | 'marks'> & { readonly marks?: readonly ChartMark[] }): ChartSection {
  const marks = c.marks ?? [];
  const at = (i: number) => (c.series.length === 1
    ? `${c.categories[i]} ${chartFigure(c.unit, c.series[0]!.values[i]!)}`
    : `${c.categories[i]}: ${c.series.map((s) => `${s.name} ${chartFigure(c.unit, s.values[i]!)}`).join(', ')}`);
  const figures = c.categories.map((_, i) => at(i)).join('; ');
  const against = marks.length > 0 ? ` (read against ${marks.map((m) => `${m.label} at ${chartFigure(c.unit, m.value)}`).join(', ')})` : '';
  for (const s of c.series) if (s.values.length !== c.categories.length) throw new Error(`chart "${c.title}": series ${s.name} has ${s.values.length} values for ${c.categories.length} categories`);
  return { type: 'chart', ...c, marks, fallback: `${c.title}: ${figures}${against}.` };
}

/** The end of an exhaustive switch: a section or input kind a renderer does not draw does not compile. */
export function unreachable(x: never): never {
  throw new Error(`not drawn: ${JSON.stringify(x)}`);
}
