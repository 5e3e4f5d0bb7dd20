/**
 * The bot's cards, by what they mean: a pupil summary, a list, a choice, a message, and the
 * casework forms. Text uses **bold** only; the renderers translate it.
 */
import { draftIdsText, listDraftsText } from './draft-ids.ts';
import type { CohortView, ContactView, ListPage, ListRow, MyDayItem, MyDayView, PenaltyNoticeView, PupilView, QueryResult } from './views.ts';
import { COHORT_GROUP_NAMES, type CohortFigures, NATIONAL } from '../src/domain/cohort.ts';
import { WEEKDAY_NAMES, schoolDate } from '../src/domain/dates.ts';

import { CALL_OUTCOMES, REASONS } from '../src/domain/reasons.ts';
import { codeInfo, isAttendanceCode } from '../src/domain/codes.ts';
import { MEETING_RESULTS } from '../src/domain/casework.ts';
import { absenceParts, attendancePct, formatPct, LOW_ATTENDANCE_ABSENCE_PCT, PERSISTENT_ABSENCE_PCT, SEVERE_ABSENCE_PCT } from '../src/domain/statistics.ts';
import { PENALTY_THRESHOLD_SESSIONS, PENALTY_WINDOW_WEEKS } from '../src/domain/penalty.ts';
import { CAPS, fit } from './limits.ts';
import { type Card, type CardAction, type CardSection, type ChartMark, type Form, type FormInput, type TableSection, actions, chart, context, divider, fields, text } from './model.ts';

const pct = formatPct;
const STATUS: Record<string, string> = {
  none: 'not persistently absent', low: `low attendance (${LOW_ATTENDANCE_ABSENCE_PCT}%+ missed)`,
  persistent: `**persistent absence** (${PERSISTENT_ABSENCE_PCT}%+ missed)`, severe: `**severe absence** (${SEVERE_ABSENCE_PCT}%+ missed)`,
};

export function messageCard(title: string, body: string): Card {
  return { title, summary: body, sections: [text(body)] };
}

export function pupilCard(v: PupilView, notice?: string): Card {
  const e = v.evaluation;
  const name = v.pupil.name;
  const s = e.stats;
  const sections: CardSection[] = [];
  if (notice) sections.push(context(`✅ ${notice}`));
  sections.push(text(`**${pct(attendancePct(s))} attendance** this year to ${schoolDate(v.asOf)}: ${STATUS[e.status]}.`));
  sections.push(fields([
    { label: 'Sessions', value: `${s.present} present of ${s.possible} possible` },
    { label: 'Absence', value: absenceLine(s) },
    { label: 'Year / form', value: `Year ${v.pupil.yearGroup}, ${v.pupil.regGroup}` },
    { label: 'Penalty window', value: `${e.penalty.sessions} unauthorised session${e.penalty.sessions === 1 ? '' : 's'} in ${PENALTY_WINDOW_WEEKS} school weeks${e.penalty.thresholdMet ? ' (**threshold met**)' : ''}` },
    { label: 'Lateness', value: `${e.lateness.lateBeforeClose} late before close (L), ${e.lateness.lateAfterClose} after (U)` },
    ...(e.band ? [{ label: 'Band', value: e.band.name }] : []),
  ]));
  if (v.contacts.length > 0) {
    sections.push(text(`**Contacts:**\n${v.contacts.slice(0, CAPS.contactsOnCard).map((c) => `• ${contactLine(c)}`).join('\n')}`));
  }
  const terms = v.trend.filter((t): t is { name: string; attendancePct: number } => t.attendancePct !== null);
  if (terms.length > 0) {
    sections.push(chart({
      kind: 'bar', title: 'Attendance by half term', categories: terms.map((t) => t.name), unit: '%', valueLabel: 'Attendance %',
      series: [{ name: 'Attendance', values: terms.map((t) => round1(t.attendancePct)) }], marks: attendanceMarks(v.levels),
    }));
  }
  if (e.weekdays.some((w) => w.absent > 0)) {
    sections.push(chart({
      kind: 'bar', title: 'Absent sessions by weekday', categories: e.weekdays.map((w) => WEEKDAY_NAMES[w.weekday - 1]!.slice(0, 3)), unit: 'count', valueLabel: 'Absent sessions',
      series: [{ name: 'Absent sessions', values: e.weekdays.map((w) => w.absent) }],
    }));
    if (e.patternWeekdays.length > 0) sections.push(context(`A pattern: absence falls mostly on ${e.patternWeekdays.map((d) => WEEKDAY_NAMES[d - 1]).join(' and ')}.`));
  }
  if (e.counters.daysWithoutContact > 0) {
    const n = e.counters.daysWithoutContact;
    sections.push(text(`**${n} school ${n === 1 ? 'day' : 'days'} absent with no reason given.**`));
  }
  if (v.safeguarding) {
    const flags = [
      v.safeguarding.socialWorker !== 'none' ? `social worker (${v.safeguarding.socialWorker.replaceAll('_', ' ')})` : '',
      v.safeguarding.lookedAfter !== 'none' ? v.safeguarding.lookedAfter.replaceAll('_', ' ') : '',
      v.safeguarding.youngCarer ? 'young carer' : '',
    ].filter(Boolean);
    if (flags.length > 0) sections.push(context(`Safeguarding (DSL only): ${flags.join(', ')}`));
    for (const f of v.safeguarding.openFlags) sections.push(context(`⚠️ Open flag (DSL only): ${f}`));
    if (v.safeguarding.acknowledgedFlags.length > 0) sections.push(context(`**Safeguarding history (DSL only):**\n${v.safeguarding.acknowledgedFlags.map((f) => `✅ ${f}`).join('\n')}`));
  }
  sections.push({ type: 'table', columns: ['Recent marks (AM PM)', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri'], rows: v.recentWeeks.map((w) => [`w/c ${w.weekOf}`, ...w.days.map((d) => (d === null ? '' : dayMarks(d.am, d.pm)))]) });
  sections.push(context(`${marksKey(v.recentWeeks.flatMap((w) => w.days.flatMap((d) => (d === null ? [] : [d.am, d.pm]))))}; a blank day: no school, or still to come`));
  sections.push(divider);
  sections.push(...ladderSections(v));
  if (v.actions.length > 0) {
    sections.push(text(`**Case:**\n${v.actions.map((a) => `• ${a.undone ? `Undone: ${a.summary} (by ${a.undone.by}: ${a.undone.reason})` : a.summary} — ${a.actorName}, ${a.when}${a.note ? `\n    “${a.note}”` : ''}`).join('\n')}`));
  }
  const id = v.pupil.id;
  const buttons: CardAction[] = [
    { id: 'open-call', label: 'Log a call', data: { pupilId: id }, style: 'primary' },
    { id: 'open-meeting', label: 'Book a meeting', data: { pupilId: id } },
    { id: 'open-plan', label: 'Start a plan', data: { pupilId: id } },
  ];
  for (const m of v.meetingsToRecord.slice(0, CAPS.meetingsOnCard)) {
    buttons.push({ id: 'open-outcome', label: `Record outcome: meeting ${m.when}`, data: { pupilId: id, meetingId: m.id } });
  }
  const letter = v.due.find((d) => d.step.kind === 'letter');
  if (letter) {
    buttons.push({ id: 'draft-letter', label: fit(`Draft letter: ${letter.step.title}`, CAPS.buttonLabel), data: { pupilId: id, stepKey: letter.step.key } });
    buttons.push({ id: 'letter-sent', label: fit(`Mark sent: ${letter.step.title}`, CAPS.buttonLabel), data: { pupilId: id, stepKey: letter.step.key, title: letter.step.title.slice(0, 200) } });
  }
  if (v.ladder.steps.some((st) => st.status !== 'done' && st.status !== 'not-needed')) buttons.push({ id: 'open-step', label: 'Record a ladder step', data: { pupilId: id } });
  if (v.notices.some((n) => n.next.length > 0)) buttons.push({ id: 'open-penalty-decision', label: 'Penalty notice: record what happened', data: { pupilId: id } });
  for (const r of v.reviews.filter((x) => x.dueNow).slice(0, CAPS.meetingsOnCard)) {
    buttons.push({ id: 'open-review', label: fit(`Review held: ${r.title}`, CAPS.buttonLabel), data: { pupilId: id, actionId: r.actionId } });
  }
  if (v.undoable.length > 0) buttons.push({ id: 'open-undo', label: 'Undo an entry', data: { pupilId: id } });
  sections.push(actions(buttons));
  const why = v.next ? ` Next: ${v.next.step.title}.` : '';
  return { title: `${name} (${v.pupil.upn})`, summary: `${name}: ${pct(attendancePct(s))} attendance, ${e.status === 'none' ? 'not PA' : e.status}.${why}`, sections };
}

/** A percentage to the one decimal staff see. */
const round1 = (p: number): number => Math.round(p * 10) / 10;

/**
 * What a chart of attendance is read against: the national 90% (below it, persistent absence)
 * and the school's own levels (at most CAPS.levelsOnChart).
 */
export function attendanceMarks(levels: PupilView['levels']): ChartMark[] {
  return [
    { label: 'persistent absence', value: 100 - PERSISTENT_ABSENCE_PCT },
    ...levels.slice(0, CAPS.levelsOnChart).map((l) => ({ label: l.label, value: l.percent })),
  ];
}

/**
 * A pupil's button on a list: the name, and where two pupils shown share it, their form and the
 * end of their UPN, so that no two buttons read the same.
 */
export function pupilButtonLabel(row: Pick<ListRow, 'name' | 'regGroup' | 'upn'>, shown: readonly Pick<ListRow, 'name' | 'regGroup' | 'upn'>[]): string {
  const twins = shown.filter((x) => x.name === row.name);
  if (twins.length < 2) return fit(row.name, 30);
  const sameForm = twins.filter((x) => x.regGroup === row.regGroup).length > 1;
  return `${fit(row.name, 24)} (${row.regGroup}${sameForm ? `, …${row.upn.slice(-3)}` : ''})`;
}

/** Absence and its parts, adding up as shown. */
function absenceLine(s: Parameters<typeof absenceParts>[0]): string {
  const parts = absenceParts(s);
  return parts ? `${pct(parts.absence)} (authorised ${pct(parts.authorised)}, unauthorised ${pct(parts.unauthorised)})` : '–';
}

/** A pupil's absence status in a list's narrow column, and its key. */
const STATUS_SHORT: Readonly<Record<ListRow['status'], string>> = { none: '', low: 'Low', persistent: 'PA', severe: 'SA' };
const STATUS_KEY = `Low: ${LOW_ATTENDANCE_ABSENCE_PCT}% or more of sessions missed; PA: persistent absence (${PERSISTENT_ABSENCE_PCT}% or more); SA: severe absence (${SEVERE_ABSENCE_PCT}% or more)`;

/** A mark not yet taken (one symbol, one meaning: it is never a separator). */
export const NO_MARK = '·';

/**
 * A school day's two marks as a card shows them, a mark not taken as NO_MARK: two codes of one
 * character read together ("/\\"); a two-character code (C1, Y2) stands apart ("C1 N").
 */
export function dayMarks(am: string | undefined, pm: string | undefined): string {
  const [a, p] = [am ?? NO_MARK, pm ?? NO_MARK];
  return a.length === 1 && p.length === 1 ? `${a}${p}` : `${a} ${p}`;
}
const SHORT_MEANING: Readonly<Record<string, string>> = {
  '/': 'AM present', '\\': 'PM present', L: 'late before the register closed', U: 'late after it', N: 'no reason yet', I: 'illness', M: 'medical',
  O: 'unauthorised', G: 'holiday not agreed', C: 'leave for exceptional circumstances', [NO_MARK]: 'no mark',
};

/** The key to the marks a card shows: every one of them, in the order they first appear, and no other. */
export function marksKey(shown: readonly string[]): string {
  const codes = [...new Set(shown)];
  return `Marks: ${codes.map((c) => `${c} ${SHORT_MEANING[c] ?? (isAttendanceCode(c) ? codeInfo(c).description.toLowerCase() : c)}`).join(', ')}`;
}

const STEP_MARK = { done: '✓', 'not-needed': '–' } as const;

/** The pupil's rung, the one next step, what comes due later, and what was recorded. */
function ladderSections(v: PupilView): CardSection[] {
  const out: CardSection[] = [];
  out.push(text(v.ladder.rung ? `**On the ladder:** ${v.ladder.rung}` : '**On the ladder:** not on it (no rung reached).'));
  if (v.next) {
    const others = v.due.length - 1;
    out.push(text(`**Next step:** ${v.next.step.title} (${v.next.step.actor.replaceAll('-', ' ')}; ${v.next.rung.title})${others > 0 ? `\n…then ${others} more due (\`steps\` lists them)` : ''}`));
  } else {
    out.push(text('**Next step:** nothing due.'));
  }
  const later = v.ladder.steps.filter((s) => s.status === 'waiting' && s.dueFrom);
  if (later.length > 0) {
    out.push(text(`**Coming up:**\n${later.slice(0, CAPS.stepsOnCard).map((s) => `• ${s.title}: due ${s.dueFrom}`).join('\n')}`));
  }
  const history = v.ladder.steps.filter((s): s is typeof s & { status: 'done' | 'not-needed' } => s.status === 'done' || s.status === 'not-needed');
  if (history.length > 0) {
    const shown = history.slice(0, CAPS.historyStepsOnCard);
    const more = history.length - shown.length;
    out.push(text(`**Steps recorded** (✓ done, – not needed):\n${shown.map((s) => `${STEP_MARK[s.status]} ${s.title}${s.detail ? ` — ${s.detail}` : ''}`).join('\n')}${more > 0 ? `\n…and ${more} more` : ''}`));
  }
  // a step reached whose earlier steps are on a rung not reached (enforcement waiting for support
  // that was never due): it comes due only once they are recorded, done or not needed
  const onLadder = new Set(v.ladder.steps.map((s) => s.title));
  const blocked = v.ladder.steps.filter((s) => s.status === 'after-others' && (s.waitingFor ?? []).some((t) => !onLadder.has(t)));
  if (blocked.length > 0) {
    out.push(context(`Waiting for earlier steps to be recorded (done or not needed): ${blocked.slice(0, CAPS.stepsOnCard).map((s) => `${s.title} (after ${s.waitingFor!.join(', ')})`).join('; ')}`));
  }
  if (v.notices.length > 0) {
    out.push(text(`**Penalty notices:**\n${v.notices.map((n) => `• ${n.parent}: ${n.line}`).join('\n')}`));
  }
  if (v.reviews.length > 0) {
    out.push(text(`**Reviews:**\n${v.reviews.map((r) => `• ${r.title} — ${r.dueNow ? `**due** (${r.on})` : `on ${r.on}`}`).join('\n')}`));
  }
  return out;
}

/** Marks changed from chat that the MIS does not show yet, each with its "corrected" button. */
export function misCard(r: Extract<QueryResult, { kind: 'mis' }>): Card {
  const sections: CardSection[] = [];
  if (r.notice) sections.push(context(`✅ ${r.notice}`));
  if (r.total === 0) {
    sections.push(text('Nothing to correct: the MIS shows every mark changed from chat.'));
    return { title: 'MIS not yet updated', summary: 'Nothing to correct in the MIS.', sections };
  }
  sections.push(text(`${r.total === 1 ? '1 mark' : `${r.total} marks`} changed from chat that the MIS still shows with its earlier code. Imports keep the chat's code until the MIS agrees; correct each in the MIS, then confirm it here.${r.total > r.rows.length ? ` The oldest ${r.rows.length} are shown; confirm them to see the rest.` : ''}`));
  sections.push({ type: 'table', columns: ['Pupil', 'Session', 'MIS', 'Now', 'Changed by', 'Write-back'], rows: r.rows.map((m) => [m.pupil, `${m.date} ${m.session}`, m.misCode, m.chatCode, m.by, m.writeBack ?? '']) });
  sections.push(actions(r.rows.map((m) => ({ id: 'mis-corrected' as const, label: fit(`Corrected: ${m.pupil.split(' (')[0]} ${m.date} ${m.session}`, CAPS.buttonLabel), data: { misUpdateId: m.id } }))));
  return { title: 'MIS not yet updated', summary: `${r.total} marks to correct in the MIS`, sections };
}

export function listCard(r: ListPage): Card {
  const sections: CardSection[] = [text(`${r.total} pupil${r.total === 1 ? '' : 's'}${r.pageCount > 1 ? `, page ${r.page} of ${r.pageCount}` : ''}`), ...pupilTable(r)];
  const nav = pupilButtons(r);
  if (nav.length > 0) sections.push(actions(nav));
  return { title: r.title, summary: `${r.title}: ${r.total} pupils`, sections };
}

/** A page of pupils as a table, with the key to its status column when it is used. */
export function pupilTable(r: ListPage, more: Partial<Pick<TableSection, 'sortable' | 'caption'>> = {}): CardSection[] {
  if (r.rows.length === 0) return [];
  const rows = r.rows.map((x: ListRow) => [x.name, x.regGroup, pct(x.attendancePct), STATUS_SHORT[x.status], x.note ?? '']);
  const table: TableSection = { type: 'table', columns: ['Pupil', 'Form', 'Attendance', 'Status', 'Note'], rows, numeric: [2], ...more };
  return [table, ...(r.rows.some((x) => x.status !== 'none') ? [context(STATUS_KEY)] : [])];
}

/** A button per pupil shown (opening beside the list), and the pages before and after. */
export function pupilButtons(r: ListPage): CardAction[] {
  const shown = r.rows.slice(0, CAPS.pupilButtonsPerPage);
  const nav: CardAction[] = shown.map((x) => ({ id: 'query', label: pupilButtonLabel(x, shown), data: { q: x.upn }, keep: true }));
  if (r.page > 1) nav.push({ id: 'query', label: '◀ Previous', data: { q: `${r.query} page ${r.page - 1}` } });
  if (r.page < r.pageCount) nav.push({ id: 'query', label: 'Next ▶', data: { q: `${r.query} page ${r.page + 1}` } });
  return nav;
}

/** A group's figures in a line: "91.2% attendance; PA 8 of 34 (23.5%)". */
const figuresLine = (f: CohortFigures) => `${pct(f.attendancePct)} attendance; PA ${f.persistent} (${pct(f.persistentPct)}), SA ${f.severe} (${pct(f.severePct)})`;

/**
 * A year or a form: its attendance and PA and SA against the national figures, the year by half
 * term, its pupils in the school's bands, the split by group, then its pupils as a table
 * (lowest attendance first, or by name), paged.
 */
export function cohortCard(v: CohortView, pupils: ListPage): Card {
  const s = v.summary;
  const nationalAttendance = Math.round((100 - NATIONAL.absencePct) * 10) / 10;
  const sections: CardSection[] = [
    text(`**${pct(s.attendancePct)} attendance** this year to ${schoolDate(v.asOf)}, ${s.size} pupil${s.size === 1 ? '' : 's'}. **Persistent absence** ${s.persistent} (${pct(s.persistentPct)}; ${NATIONAL.label.toLowerCase()} ${pct(NATIONAL.persistentPct)}), **severe absence** ${s.severe} (${pct(s.severePct)}; ${pct(NATIONAL.severePct)}).`),
  ];
  const terms = v.periods.flatMap((name, i) => (s.trend[i] === null || s.trend[i] === undefined ? [] : [{ name, value: s.trend[i]! }]));
  if (terms.length > 0) {
    sections.push(chart({
      kind: 'line', title: 'Attendance by half term', categories: terms.map((t) => t.name), unit: '%', valueLabel: 'Attendance %',
      series: [{ name: v.name, values: terms.map((t) => t.value) }], marks: [{ label: NATIONAL.label, value: nationalAttendance }],
    }));
  }
  sections.push(chart({ kind: 'bar', title: 'Pupils by attendance band', categories: s.bands.map((b) => b.name), unit: 'count', valueLabel: 'Pupils', series: [{ name: 'Pupils', values: s.bands.map((b) => b.pupils) }] }));
  if (s.persistentPct !== null && s.severePct !== null) {
    sections.push(chart({
      kind: 'bar', title: 'Persistent and severe absence against national', categories: ['Persistent', 'Severe'], unit: '%', valueLabel: '% of pupils',
      series: [{ name: v.name, values: [s.persistentPct, s.severePct] }, { name: NATIONAL.label, values: [NATIONAL.persistentPct, NATIONAL.severePct] }],
    }));
  }
  if (s.groups.length > 0) {
    sections.push(text('**By group**'));
    sections.push(fields(s.groups.map((g) => ({
      label: `${COHORT_GROUP_NAMES[g.group]} (${g.size} pupil${g.size === 1 ? '' : 's'})`,
      value: g.figures ? figuresLine(g.figures) : 'too few pupils to give a rate',
    }))));
  }
  if (!v.safeguardingGroups) sections.push(context('Social worker and looked-after groups: shown to DSL roles only.'));
  sections.push(divider);
  sections.push(text(`**Pupils**, ${v.order === 'name' ? 'by name' : 'lowest attendance first'}${pupils.pageCount > 1 ? ` (page ${pupils.page} of ${pupils.pageCount})` : ''}`));
  sections.push(...pupilTable(pupils, { sortable: true, caption: `${v.name}: pupils, page ${pupils.page} of ${pupils.pageCount}` }));
  const buttons = pupilButtons(pupils);
  buttons.push(v.order === 'name' ? { id: 'query', label: 'Lowest attendance first', data: { q: v.query } } : { id: 'query', label: 'Sort by name', data: { q: `${v.query} by name` } });
  sections.push(actions(buttons));
  return {
    title: v.name, sections,
    summary: `${v.name}: ${pct(s.attendancePct)} attendance, persistent absence ${pct(s.persistentPct)} (national ${pct(NATIONAL.persistentPct)}), severe absence ${pct(s.severePct)} (national ${pct(NATIONAL.severePct)}), ${s.size} pupils.`,
  };
}

/**
 * A person's day: each list of what is theirs to do, the first few of each with a button to
 * open the pupil, and what an empty list means for their roles.
 */
export function myDayCard(v: MyDayView): Card {
  const lists: [string, readonly MyDayItem[], string][] = [
    ['Calls to make', v.calls, 'the morning list has them all, with their numbers'],
    ['Ladder steps for you', v.steps, '`steps` lists every step due'],
    ['Reviews due', v.reviews, '`steps` lists them with the steps'],
    ['Meetings', v.meetings, "each pupil's card records the outcome"],
    ...(v.flags ? [['Safeguarding flags to acknowledge (DSL only)', v.flags, 'each flag\'s post has its Acknowledge button'] as [string, readonly MyDayItem[], string]] : []),
  ];
  const count = lists.reduce((n, [, xs]) => n + xs.length, 0);
  const sections: CardSection[] = [text(count === 0 ? `Nothing is waiting for you today (as ${v.roles.join(', ')}).` : `${count} thing${count === 1 ? '' : 's'} for you today, as ${v.roles.join(', ')}.`)];
  const pupils = new Map<string, MyDayItem>();
  for (const [title, items, more] of lists) {
    if (items.length === 0) continue;
    const shown = items.slice(0, CAPS.myDayItems);
    for (const x of shown) if (!pupils.has(x.upn)) pupils.set(x.upn, x);
    sections.push(text(`**${title}** (${items.length})\n${shown.map((x) => `• ${x.name} (${x.regGroup}): ${x.what}`).join('\n')}${items.length > shown.length ? `\n…and ${items.length - shown.length} more: ${more}` : ''}`));
  }
  const buttons = [...pupils.values()].slice(0, CAPS.pupilButtonsPerPage);
  if (buttons.length > 0) sections.push(actions(buttons.map((x) => ({ id: 'query' as const, label: pupilButtonLabel(x, buttons), data: { q: x.upn }, keep: true }))));
  const parts = lists.filter(([, xs]) => xs.length > 0).map(([t, xs]) => `${t.split(' (')[0]!.toLowerCase()} ${xs.length}`);
  return { title: `Your day: ${schoolDate(v.date)}`, sections, summary: count === 0 ? `Nothing waiting for you on ${schoolDate(v.date)}.` : `Your day, ${schoolDate(v.date)}: ${parts.join(', ')}.` };
}

export function resultCard(r: QueryResult): Card {
  switch (r.kind) {
    case 'pupil': return pupilCard(r.view);
    case 'list': return listCard(r);
    case 'cohort': return cohortCard(r.view, r.pupils);
    case 'today': return myDayCard(r.view);
    case 'setup': {
      const missing = r.lines.filter((l) => !l.ok).length;
      return {
        title: `${r.school}: setup`, summary: missing === 0 ? `${r.school}: everything is set up.` : `${r.school}: ${missing} thing${missing === 1 ? '' : 's'} to set up.`,
        sections: [text(r.lines.map((l) => `${l.ok ? '✅' : '⚠️'} ${l.what}${l.fix ? `\n    Fix: ${l.fix}` : ''}`).join('\n'))],
      };
    }
    case 'choice': {
      const nav: CardAction[] = [
        ...(r.more?.previous ? [{ id: 'query' as const, label: '◀ Previous', data: { q: r.more.previous } }] : []),
        ...(r.more?.next ? [{ id: 'query' as const, label: 'More ▶', data: { q: r.more.next } }] : []),
      ];
      return { title: 'Which pupil?', summary: r.text, sections: [text(r.text), actions([...r.options.map((o) => ({ id: 'query' as const, label: fit(o.label, CAPS.buttonLabel), data: { q: o.query } })), ...nav])] };
    }
    case 'mis': return misCard(r);
    case 'refusal': return messageCard('Attendance', r.text);
    case 'help': return messageCard('Attendance', r.text);
  }
}

const reasonOptions = Object.entries(REASONS).map(([value, r]) => ({ value, label: `${r.label} (${r.code})` }));

/**
 * The call form. The register box is there only for those who keep the register; changing a
 * mark to an unauthorised code asks for a confirmation that names what it leads to.
 */
/** A contact as the card and the call form show it: "Kim Nine (mother, PR): 07700 900001". */
export const contactLine = (c: ContactView) => `${c.name} (${c.relationship}${c.parentalResponsibility ? ', parental responsibility' : ''})${c.phone ? `: ${c.phone}` : ': no phone number'}`;

export function callForm(pupilId: number, pupilName: string, mayAmend: boolean, contacts: readonly ContactView[] = [], callSteps: readonly { key: string; title: string }[] = []): Form {
  return {
    id: 'call', title: 'Log a call', submitLabel: 'Save', data: { pupilId },
    intro: `Call about ${pupilName}${contacts.length > 0 ? `\n${contacts.slice(0, CAPS.contactsOnCard).map(contactLine).join('\n')}` : ' (no contacts on the roll)'}`,
    inputs: [
      ...(contacts.length > 0 ? [{ type: 'select', id: 'contactId', label: 'Who was called', options: contacts.slice(0, CAPS.selectOptions).map((c) => ({ value: String(c.id), label: fit(`${c.name} (${c.relationship})${c.phone ? ` ${c.phone}` : ''}`, CAPS.optionLabel) })), initial: String(contacts[0]!.id) } as const] : []),
      { type: 'select', id: 'outcome', label: 'Outcome', options: Object.entries(CALL_OUTCOMES).map(([value, label]) => ({ value, label })), initial: 'reached' },
      { type: 'select', id: 'reason', label: 'Reason given', options: reasonOptions, optional: true },
      ...(mayAmend ? [
        { type: 'toggle', id: 'amendToday', label: "Change today's N marks to the reason's code (only when a parent or carer was reached)", initial: false } as const,
        { type: 'toggle', id: 'confirmUnauthorised', label: UNAUTHORISED_CONFIRMATION, initial: false } as const,
      ] : []),
      ...(callSteps.length > 0 ? [{ type: 'select', id: 'stepKey', label: 'Is this call a step of the ladder? (leave empty for a routine call)', options: callSteps.slice(0, CAPS.selectOptions).map((st) => ({ value: st.key, label: fit(st.title, CAPS.optionLabel) })), optional: true } as const] : []),
      { type: 'text', id: 'note', label: 'Note', multiline: true, optional: true },
    ],
  };
}

/** What changing a mark to G, O or U means for the family: said before it is done. */
export const UNAUTHORISED_CONFIRMATION = `For G, O or U: I understand an unauthorised code counts towards a penalty notice (${PENALTY_THRESHOLD_SESSIONS} sessions in ${PENALTY_WINDOW_WEEKS} school weeks)`;

export function meetingForm(pupilId: number, pupilName: string, today: string): Form {
  return {
    id: 'meeting-booked', title: 'Book a meeting', submitLabel: 'Book', data: { pupilId }, intro: `Meeting about ${pupilName}`,
    inputs: [
      { type: 'date', id: 'date', label: 'Date', initial: today },
      { type: 'time', id: 'time', label: 'Time', initial: '15:30' },
      { type: 'text', id: 'attendees', label: 'With', initial: 'Parent/carer, attendance officer' },
    ],
  };
}

export function planForm(pupilId: number, pupilName: string, reviewOn: string): Form {
  return {
    id: 'plan-started', title: 'Start a plan', submitLabel: 'Start', data: { pupilId }, intro: `Plan for ${pupilName}`,
    inputs: [
      { type: 'select', id: 'plan', label: 'Plan', options: [{ value: 'support-plan', label: 'Attendance support plan' }, { value: 'attendance-contract', label: 'Attendance contract' }], initial: 'support-plan' },
      { type: 'date', id: 'reviewOn', label: 'Review on', initial: reviewOn },
      { type: 'text', id: 'note', label: 'Support agreed', multiline: true, optional: true },
    ],
  };
}


/** Record a ladder step: done (on a day, possibly earlier) or not needed (with the reason). */
export function stepForm(pupilId: number, pupilName: string, steps: readonly { key: string; title: string; rungTitle: string }[], today: string): Form {
  return {
    id: 'step-recorded', title: 'Record a ladder step', submitLabel: 'Record', data: { pupilId },
    intro: `For ${pupilName}: a step done (today or on an earlier day this year), or not needed and why.`,
    inputs: [
      { type: 'select', id: 'stepKey', label: 'Step', options: steps.slice(0, CAPS.selectOptions).map((st) => ({ value: st.key, label: fit(`${st.title} (${st.rungTitle})`, CAPS.optionLabel) })), initial: steps[0]?.key ?? '' },
      { type: 'select', id: 'state', label: 'What happened', options: [{ value: 'done', label: 'Done' }, { value: 'not-needed', label: 'Not needed' }], initial: 'done' },
      { type: 'date', id: 'day', label: 'Done on', initial: today },
      { type: 'text', id: 'note', label: 'Why not needed, or a note', multiline: true, optional: true },
    ],
  };
}

/** Mark a letter sent, on purpose: the day it went (today by default); submitting is the confirmation. */
export function letterForm(pupilId: number, pupilName: string, letter: { readonly stepKey: string; readonly title: string; readonly drafts?: string | undefined }, today: string): Form {
  return {
    id: 'letter-sent', title: 'Mark a letter sent', submitLabel: 'Record as sent', data: { pupilId, stepKey: letter.stepKey, title: letter.title, ...(letter.drafts ? { drafts: letter.drafts } : {}) },
    intro: `${letter.title}, to the family of ${pupilName}: record it as sent on the day it went${letter.drafts ? ', with the figures of the drafts you were given' : ''}. It can be undone today if wrong.`,
    inputs: [{ type: 'date', id: 'day', label: 'Sent on', initial: today }],
  };
}

/** Drafts handed to the person who asked: what they are, where they went, and what to do next. */
export interface DraftsView {
  readonly title: string;
  /** Each pupil's drafts: one per parent or carer the school writes to. */
  readonly pupils: readonly { readonly pupilId: number; readonly name: string; readonly regGroup: string; readonly parents: readonly string[]; readonly draftIds: readonly number[] }[];
  /** Pupils with the step due that could not be drafted, and why. */
  readonly skipped: readonly string[];
  readonly stepKey: string;
  /** The day the figures are to. */
  readonly asOf: string;
  /** Where the files are: "in your direct messages with the bot", or the download links below. */
  readonly where: string;
  readonly links?: readonly { readonly label: string; readonly url: string }[];
  /** When the links stop working ("within half an hour"). */
  readonly linksExpire?: string;
}

/** The drafts' card; its buttons carry the drafts' ids as `draft-ids.ts` writes them. */
export function draftsCard(v: DraftsView): Card {
  const letters = v.pupils.reduce((n, p) => n + p.draftIds.length, 0);
  const one = v.pupils.length === 1 ? v.pupils[0] : undefined;
  const sections: CardSection[] = [
    text(one
      ? `**${v.title}** for ${one.name} (${one.regGroup}): ${letters === 1 ? 'one letter' : `${letters} letters`}, to ${one.parents.join(' and ')}, with the figures to ${schoolDate(v.asOf)}. Each is a Word document to edit and a PDF to print, ${v.where}.`
      : `**${v.title}**: ${letters} letters for ${v.pupils.length} pupils, with the figures to ${schoolDate(v.asOf)}: one archive of the Word documents and one PDF to print, ${v.where}.`),
  ];
  if (!one && v.pupils.length > 0) sections.push({ type: 'table', columns: ['Pupil', 'Form', 'To'], rows: v.pupils.map((p) => [p.name, p.regGroup, p.parents.join(', ')]) });
  if (v.skipped.length > 0) sections.push(context(`Not drafted: ${v.skipped.join('; ')}`));
  if (v.links && v.links.length > 0) sections.push({ type: 'links', links: v.links }, context(`Each link works once, for you, and expires ${v.linksExpire ?? 'soon'}.`));
  sections.push(context('Check each draft before it goes. Once sent, record it: the case keeps to whom it went and these figures.'));
  if (one) sections.push(actions([{ id: 'letter-sent', label: fit(`Mark sent: ${v.title}`, CAPS.buttonLabel), style: 'primary', data: { pupilId: one.pupilId, stepKey: v.stepKey, title: v.title.slice(0, 200), drafts: draftIdsText(one.draftIds) } }]));
  else if (v.pupils.length > 0) sections.push(actions([{ id: 'open-letters-sent', label: 'Mark all sent', style: 'primary', data: { stepKey: v.stepKey, title: v.title.slice(0, 200), drafts: listDraftsText(v.pupils.map((p) => ({ pupilId: p.pupilId, drafts: draftIdsText(p.draftIds) }))) } }]));
  return { title: `Letters drafted: ${v.title}`, summary: `${letters} ${letters === 1 ? 'letter' : 'letters'} drafted: ${v.title}`, sections };
}

/** Mark a list's letters sent: one toggle per pupil, ticked; untick any that did not go. */
export function lettersSentForm(title: string, stepKey: string, pupils: readonly { readonly pupilId: number; readonly name: string; readonly regGroup: string; readonly drafts: string }[], today: string): Form {
  return {
    id: 'letters-sent', title: 'Mark letters sent', submitLabel: 'Record as sent', data: { stepKey, title, drafts: listDraftsText(pupils) },
    intro: `${title}: untick any that did not go. Each is recorded on the pupil's case with the drafts' figures; one can be undone today if wrong.`,
    inputs: [
      ...pupils.slice(0, CAPS.lettersPerBatch).map((p): FormInput => ({ type: 'toggle', id: `p${p.pupilId}`, label: fit(`${p.name} (${p.regGroup})`, CAPS.optionLabel), initial: true })),
      { type: 'date', id: 'day', label: 'Sent on', initial: today },
    ],
  };
}

/** Undo an entry recorded by mistake today: which one, and why (the entry stays, marked undone). */
export function undoForm(pupilId: number, pupilName: string, entries: readonly { readonly id: number; readonly label: string }[]): Form {
  return {
    id: 'entry-undone', title: 'Undo an entry', submitLabel: 'Undo', data: { pupilId },
    intro: `An entry recorded today on ${pupilName}'s case, by you (or anyone's, for a senior leader). It stays in the history, marked undone, and what it recorded is taken back.`,
    inputs: [
      { type: 'select', id: 'actionId', label: 'Entry', options: entries.slice(0, CAPS.selectOptions).map((e) => ({ value: String(e.id), label: fit(e.label, CAPS.optionLabel) })), initial: String(entries[0]?.id ?? '') },
      { type: 'text', id: 'reason', label: 'Why', multiline: false },
    ],
  };
}

/** Request a penalty notice: to which parent with parental responsibility, each with what theirs would be. */
export function penaltyForm(pupilId: number, pupilName: string, parents: readonly { id: number; label: string }[], barred: readonly string[]): Form {
  return {
    id: 'penalty-requested', title: 'Request a penalty notice', submitLabel: 'Request', data: { pupilId },
    intro: `For ${pupilName}. A notice goes to one parent with parental responsibility; each parent's notices for this child are counted on their own.${barred.length > 0 ? ` Not possible now: ${barred.join('; ')}.` : ''}`.slice(0, 900),
    inputs: [{ type: 'select', id: 'contactId', label: 'To', options: parents.slice(0, CAPS.selectOptions).map((p) => ({ value: String(p.id), label: fit(p.label, CAPS.optionLabel) })), initial: String(parents[0]?.id ?? '') }],
  };
}

/** Record a review held (a plan's, a contract's, a notice to improve's). */
export function reviewForm(pupilId: number, pupilName: string, actionId: number, title: string): Form {
  return {
    id: 'review-held', title: 'Review held', submitLabel: 'Record', data: { pupilId, actionId },
    intro: `${pupilName}: ${title}`.slice(0, 300),
    inputs: [{ type: 'text', id: 'note', label: 'What the review found and agreed', multiline: true, optional: true }],
  };
}

/** What became of a penalty notice: the LA's decision, a payment, a withdrawal, a prosecution. */
export function penaltyDecisionForm(pupilId: number, pupilName: string, notices: readonly PenaltyNoticeView[], today: string): Form {
  const statuses = [...new Map(notices.flatMap((n) => n.next).map((x) => [x.status, x.label])).entries()];
  return {
    id: 'penalty-decision', title: 'Penalty notice', submitLabel: 'Record', data: { pupilId },
    intro: `For ${pupilName}: what the local authority decided, or what became of the notice. An issued notice counts towards the three-year rule from the day the LA issued it; a refused or withdrawn one does not, and its marks may count again.`,
    inputs: [
      { type: 'select', id: 'noticeId', label: 'Notice', options: notices.slice(0, CAPS.selectOptions).map((n) => ({ value: String(n.id), label: fit(`${n.parent}: ${n.line}`, CAPS.optionLabel) })), initial: String(notices[0]!.id) },
      { type: 'select', id: 'status', label: 'What happened', options: statuses.map(([value, label]) => ({ value, label: fit(label, CAPS.optionLabel) })), initial: statuses[0]![0] },
      { type: 'date', id: 'day', label: 'On (the LA\'s date of issue for an issued notice)', initial: today },
      { type: 'text', id: 'note', label: 'Note', optional: true },
    ],
  };
}

/** A notice to improve's period: 3 to 6 weeks of school days (National Framework). */
export const NTI_SCHOOL_DAYS = [15, 20, 25, 30] as const;

export function noticeToImproveForm(pupilId: number, pupilName: string, schoolDays: number = NTI_SCHOOL_DAYS[0]): Form {
  return {
    id: 'notice-to-improve', title: 'Notice to improve', submitLabel: 'Issue', data: { pupilId },
    intro: `Notice to improve for ${pupilName}: it states the attendance record, the support offered, the improvement needed and the grounds for a penalty notice. The period counts school days (holidays do not count).`,
    inputs: [
      { type: 'select', id: 'schoolDays', label: 'Improvement period', options: NTI_SCHOOL_DAYS.map((d) => ({ value: String(d), label: `${d} school days (${d / 5} weeks)` })), initial: String(schoolDays) },
      { type: 'text', id: 'support', label: 'Support offered', multiline: true },
      { type: 'text', id: 'improvement', label: 'Improvement needed', multiline: true, initial: 'No unauthorised absence during the improvement period' },
    ],
  };
}

export function declinePenaltyForm(pupilId: number, pupilName: string): Form {
  return {
    id: 'penalty-declined', title: 'Not appropriate', submitLabel: 'Save', data: { pupilId },
    intro: `Why a penalty notice is not appropriate for ${pupilName} (support first, Equality Act duties, …)`,
    inputs: [{ type: 'text', id: 'reason', label: 'Reason', multiline: true }],
  };
}

/** What became of one meeting, named on the form: held, missed, cancelled, or moved to a new time. */
export function meetingOutcomeForm(pupilId: number, meeting: { readonly id: number; readonly when: string; readonly attendees: string }, pupilName: string): Form {
  return {
    id: 'meeting-outcome', title: 'Meeting outcome', submitLabel: 'Save', data: { pupilId, meetingId: meeting.id },
    intro: `The meeting about ${pupilName} on ${meeting.when} with ${meeting.attendees}`,
    inputs: [
      { type: 'select', id: 'result', label: 'What happened', options: Object.entries(MEETING_RESULTS).map(([value, label]) => ({ value, label })), initial: 'attended' },
      { type: 'text', id: 'note', label: 'What was agreed, or why', multiline: true, optional: true },
      { type: 'date', id: 'date', label: 'Rescheduled: new date', optional: true },
      { type: 'time', id: 'time', label: 'Rescheduled: new time', optional: true },
    ],
  };
}
