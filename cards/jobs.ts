/** The cards the scheduled jobs post: the unexplained-absence list, flags, changes, alerts. */
import { pupilButtonLabel } from './attendance.ts';
import { CAPS, fit } from './limits.ts';
import { type Card, type CardAction, type CardSection, type Form, actions, chart, context, text } from './model.ts';

export interface UnexplainedRow {
  readonly pupilId: number;
  readonly upn: string;
  readonly name: string;
  readonly yearGroup: number;
  readonly regGroup: string;
  /** School days absent with no reason, including today. */
  readonly days: number;
  readonly unmarked: boolean;
  /** Who called today, when, and the outcome only (never the reason or the note): "08:52 Asha Patel, no answer". */
  readonly calledToday?: string;
  /** Who to call first, with the number: "Kim Nine (mother) 07700 900123". */
  readonly firstContact?: string;
  /** The previous school day's marks: "Tue 25 Feb /\\". */
  readonly previousDay?: string;
}

/** A pupil on the list earlier today whose mark has since been given a reason: by whom, with which code. */
export interface ResolvedRow {
  readonly name: string;
  readonly regGroup: string;
  readonly code: string;
  /** "09:40 Asha Patel", or "09:40 an import". */
  readonly by: string;
}

/** A pupil with N marks older than 5 school days, as the morning list's footer names them. */
export interface UnresolvedRow {
  readonly name: string;
  readonly regGroup: string;
  readonly sessions: number;
  /** The oldest such session: "Mon 3 Feb AM". */
  readonly oldest: string;
  readonly daysWithoutContact: number;
}

/** The footer: how many pupils have an N unresolved after 5 school days, the first few by name. */
export function unresolvedFooter(rows: readonly UnresolvedRow[]): CardSection | undefined {
  if (rows.length === 0) return undefined;
  const shown = rows.slice(0, CAPS.unresolvedInFooter).map((r) => `${r.name} (${r.regGroup}): ${r.sessions} since ${r.oldest}${r.daysWithoutContact > 0 ? `, ${r.daysWithoutContact} day${r.daysWithoutContact === 1 ? '' : 's'} without contact` : ''}`);
  const more = rows.length - shown.length;
  return context(`**N unresolved after 5 school days** (the reason must be established): ${rows.length} pupil${rows.length === 1 ? '' : 's'}. ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}. \`/attendance unresolved\` lists them.`);
}

const dayLabel = (d: number) => (d <= 1 ? 'first day' : d === 2 ? 'day 2' : `day ${d} (3+)`);
const MAX_BUTTONS = CAPS.buttonsPerList;

export function unexplainedListCard(dateLabel: string, session: string, rows: readonly UnexplainedRow[], unresolved: readonly UnresolvedRow[] = [], resolved: readonly ResolvedRow[] = []): Card {
  const title = `Unexplained absences: ${dateLabel} ${session}`;
  const footer = unresolvedFooter(unresolved);
  const resolvedTable: CardSection[] = resolved.length > 0
    ? [{ type: 'table', columns: ['Resolved', 'Form', 'Now', 'By'], rows: [...resolved].sort((a, b) => a.name.localeCompare(b.name)).map((r) => [r.name, r.regGroup, r.code, r.by]) }] : [];
  if (rows.length === 0) return { title, summary: `${title}: none`, sections: [text('Every pupil is present or has a reason. ✅'), ...resolvedTable, ...(footer ? [footer] : [])] };
  const sections: CardSection[] = [text(`**${rows.length} pupil${rows.length === 1 ? '' : 's'}** still \`N\` or unmarked after the register closed. Call first-day absences now.`)];
  const years = [...new Set(rows.map((r) => r.yearGroup))].sort((a, b) => a - b);
  for (const y of years) {
    const inYear = rows.filter((r) => r.yearGroup === y).sort((a, b) => a.regGroup.localeCompare(b.regGroup) || a.name.localeCompare(b.name));
    sections.push({ type: 'table', columns: [`Year ${y}`, 'Form', 'No contact', 'Last day', 'Call first', 'Called today'], rows: inYear.map((r) => [r.name, r.regGroup, `${dayLabel(r.days)}${r.unmarked ? ', unmarked' : ''}`, r.previousDay ?? '', r.firstContact ?? '', r.calledToday ?? '']) });
  }
  const buttons: CardAction[] = [...rows].sort((a, b) => b.days - a.days).slice(0, MAX_BUTTONS)
    // two pupils of the same name are told apart as on every list
    .map((r, _i, shown) => ({ id: 'open-call', label: `Call: ${pupilButtonLabel(r, shown)}`, data: { pupilId: r.pupilId }, keep: true }));
  sections.push(actions(buttons));
  if (rows.length > MAX_BUTTONS) sections.push(context(`Buttons for the ${MAX_BUTTONS} longest absences; ask \`/attendance <name>\` for the others.`));
  sections.push(...resolvedTable);
  if (footer) sections.push(footer);
  return { title, summary: `${title}: ${rows.length} pupils`, sections };
}

export interface FlagView {
  readonly id: number;
  readonly pupilName: string;
  /** For the button from the flag to the pupil. */
  readonly upn?: string;
  readonly regGroup: string;
  readonly summary: string;
  readonly level: number;
  /** When it was raised, in the school's time: "Wed 26 Feb 09:06" (a flag that reaches the DSL late says how old it is). */
  readonly raised?: string;
  readonly acknowledged?: { by: string; at: string; action?: string; note?: string };
  /** What has happened since it was raised (a reason recorded, a parent reached), if anything. */
  readonly since?: string;
}

const LEVEL = ['DSL', 'escalated to the deputy DSL', 'escalated to a senior leader'];

export function flagCard(f: FlagView): Card {
  const title = `Safeguarding: ${f.pupilName} (${f.regGroup})`;
  const sections: CardSection[] = [text(f.summary)];
  if (f.raised) sections.push(context(`Raised ${f.raised}`));
  if (f.since) sections.push(context(`ℹ️ ${f.since}`));
  // the flag's post is delivery's to keep up to date: what its buttons open comes beside it
  const open: CardAction[] = f.upn ? [{ id: 'query', label: fit(`Open ${f.pupilName}`, CAPS.buttonLabel), data: { q: f.upn }, keep: true }] : [];
  if (f.acknowledged) {
    const what = f.acknowledged.action ? `: ${f.acknowledged.action.toLowerCase()}${f.acknowledged.note ? ` (${f.acknowledged.note})` : ''}` : '';
    sections.push(context(`✅ Acknowledged by ${f.acknowledged.by} at ${f.acknowledged.at}${what}`));
    if (open.length) sections.push(actions(open));
  } else {
    if (f.level > 0) sections.push(context(`⚠️ Not acknowledged: ${LEVEL[f.level]}${f.since ? '. Acknowledge it to close it, with what was done' : ''}`));
    sections.push(actions([{ id: 'ack-flag', label: 'Acknowledge', data: { flagId: f.id }, style: 'primary', keep: true }, ...open]));
  }
  return { title, summary: `${title}: ${f.acknowledged ? 'acknowledged' : 'needs acknowledging'}`, sections };
}

/**
 * To the attendance team and senior leaders when a safeguarding flag cannot reach a DSL: that
 * flags wait, how many, and what to fix, with no pupil or detail.
 */
export function flagsAwaitDslCard(waiting: number, delivered: boolean): Card {
  const title = 'Safeguarding flags await a DSL';
  if (delivered) return messageLike(title, '✅ Every safeguarding flag has now reached a DSL.');
  return messageLike(title, `${waiting === 1 ? 'A safeguarding flag awaits' : `${waiting} safeguarding flags await`} a designated safeguarding lead, and no DSL can be reached in chat yet: no safeguarding channel is bound and no DSL or deputy has opened the Attendance bot. Ask the DSL to open the bot in Teams (or to bind a channel: \`subscribe dsl\` / \`/attendance subscribe dsl\`); the flag reaches them then, with the time it was raised. No details are shown here.`);
}

const messageLike = (title: string, body: string): Card => ({ title, summary: body, sections: [text(body)] });

export function simpleListCard(title: string, intro: string, columns: readonly string[], rows: readonly (readonly string[])[], buttons: readonly CardAction[] = []): Card {
  const sections: CardSection[] = [text(intro)];
  if (rows.length > 0) sections.push({ type: 'table', columns, rows });
  if (buttons.length > 0) sections.push(actions(buttons.slice(0, MAX_BUTTONS)));
  return { title, summary: `${title}: ${rows.length}`, sections };
}

/** What the DSL did: asked when acknowledging a flag. */
export function acknowledgeFlagForm(flagId: number, pupilName: string, choices: Readonly<Record<string, string>>): Form {
  return {
    id: 'flag-acknowledged', title: 'Acknowledge the flag', submitLabel: 'Save', data: { flagId },
    intro: `What was done about ${pupilName}?`,
    inputs: [
      // not `action`: Teams carries the action's name in the same object as the inputs
      { type: 'select', id: 'done', label: 'Done', options: Object.entries(choices).map(([value, label]) => ({ value, label })), initial: Object.keys(choices)[0]! },
      { type: 'text', id: 'note', label: 'Note', multiline: true, optional: true },
    ],
  };
}

/** The week a weekly summary reports, against the week before it and the national figures. */
export interface WeeklySummaryView {
  /** The week's last school day, as a school writes it ("Thu 27 Feb"). */
  readonly weekEnding: string;
  /** The week before's last school day, if the year had one. */
  readonly previousWeekEnding?: string;
  /** Posted after its day: the service was down on it. */
  readonly late: boolean;
  /** Attendance in the week's own sessions, the whole school and each year; the week before beside it. */
  readonly attendance: { readonly week: number | null; readonly previous: number | null };
  readonly byYear: readonly { readonly year: number; readonly week: number | null; readonly previous: number | null }[];
  /** PA and SA (share of pupils, year to date) at the week's end and the week before's. */
  readonly persistent: { readonly week: number | null; readonly previous: number | null };
  readonly severe: { readonly week: number | null; readonly previous: number | null };
  readonly national: { readonly label: string; readonly persistentPct: number; readonly severePct: number };
  /** Pupils who entered PA or SA during the week. */
  readonly entered: readonly { readonly name: string; readonly regGroup: string; readonly entered: 'PA' | 'SA'; readonly attendance: string }[];
}

/**
 * The weekly summary for senior leaders: the week's attendance by year against the week before,
 * PA and SA against the week before and the national figures, as charts, and who entered PA or SA.
 */
export function weeklySummaryCard(v: WeeklySummaryView): Card {
  const p = (x: number | null) => (x === null ? '–' : `${x.toFixed(1)}%`);
  const before = v.previousWeekEnding ? ` (week before, to ${v.previousWeekEnding}: ${p(v.attendance.previous)})` : '';
  const sections: CardSection[] = [
    ...(v.late ? [context(`Posted late: the summary was due on ${v.weekEnding} and is sent now.`)] : []),
    text(`**${p(v.attendance.week)} attendance** this week${before}. **Persistent absence** ${p(v.persistent.week)} of pupils (${p(v.persistent.previous)} a week before; ${v.national.label.toLowerCase()} ${p(v.national.persistentPct)}), **severe absence** ${p(v.severe.week)} (${p(v.severe.previous)}; ${p(v.national.severePct)}).`),
  ];
  const years = v.byYear.filter((y) => y.week !== null);
  if (years.length > 0) {
    const series = [{ name: 'This week', values: years.map((y) => y.week!) }, ...(years.every((y) => y.previous !== null) ? [{ name: 'Week before', values: years.map((y) => y.previous!) }] : [])];
    sections.push(chart({ kind: 'bar', title: 'Attendance this week by year', categories: years.map((y) => `Year ${y.year}`), unit: '%', valueLabel: 'Attendance %', series }));
  }
  if (v.persistent.week !== null && v.severe.week !== null) {
    sections.push(chart({
      kind: 'bar', title: 'Persistent and severe absence', categories: ['Persistent', 'Severe'], unit: '%', valueLabel: '% of pupils',
      series: [
        { name: 'This week', values: [v.persistent.week, v.severe.week] },
        ...(v.persistent.previous !== null && v.severe.previous !== null ? [{ name: 'Week before', values: [v.persistent.previous, v.severe.previous] }] : []),
        { name: v.national.label, values: [v.national.persistentPct, v.national.severePct] },
      ],
    }));
  }
  sections.push(v.entered.length > 0
    ? { type: 'table', caption: `Entered persistent or severe absence this week: ${v.entered.length}`, columns: ['Pupil', 'Form', 'Entered', 'Attendance'], rows: v.entered.slice(0, CAPS.stepsPerPost).map((e) => [e.name, e.regGroup, e.entered, e.attendance]), numeric: [3] }
    : text('Nobody entered persistent or severe absence this week.'));
  if (v.entered.length > CAPS.stepsPerPost) sections.push(context(`…and ${v.entered.length - CAPS.stepsPerPost} more (\`pa\` and \`sa\` list them all).`));
  return {
    title: `Week ending ${v.weekEnding}: attendance`, sections,
    summary: `Week ending ${v.weekEnding}: ${p(v.attendance.week)} attendance, PA ${p(v.persistent.week)}, SA ${p(v.severe.week)}; ${v.entered.length} entered PA or SA.`,
  };
}
