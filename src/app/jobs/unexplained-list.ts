/**
 * morning-list / afternoon-list: pupils still N or unmarked after the register closed, with
 * how many school days they have been absent without contact.
 */
import { dayMarks } from '../../../cards/attendance.ts';
import { type ResolvedRow, unexplainedListCard, type UnexplainedRow, type UnresolvedRow } from '../../../cards/jobs.ts';
import { type DayNumber, dayOf, dayOfSlot, isoOf, schoolDate, type Session, sessionOfSlot } from '../../domain/dates.ts';
import { revealsSafeguarding } from '../../domain/access.ts';
import { displayName } from '../../domain/names.ts';
import { CALL_OUTCOMES, type CallOutcome } from '../../domain/reasons.ts';
import { timeOfDay } from '../../config/clock.ts';
import { deliver } from '../delivery.ts';
import type { AppDeps } from '../deps.ts';
import type { SchoolContext } from '../ports.ts';
import { evaluatePupils, rollUnresolvedN } from '../roll.ts';
import { type Job, type JobDeps, dateLabel } from './job.ts';

export async function unexplainedAbsences(deps: AppDeps, school: SchoolContext, date: string, session: Session): Promise<UnexplainedRow[]> {
  return (await unexplainedList_(deps, school, date, session)).rows;
}

/**
 * The session's list: the pupils still `N` or unmarked (each with who to call first, the
 * previous school day's marks, and any call today), and those resolved since (by whom, with
 * which code). What everyone in the attendance channel may see: never a reason's words.
 */
async function unexplainedList_(deps: AppDeps, school: SchoolContext, date: string, session: Session): Promise<{ rows: UnexplainedRow[]; resolved: ResolvedRow[] }> {
  const [pupils, marks, resolvedMarks] = await Promise.all([deps.roll.onRoll(school.id, date), deps.registers.session(school.id, date, session), deps.registers.resolved(school.id, date, session)]);
  const missing = pupils.filter((p) => { const c = marks.get(p.id); return c === undefined || c === 'N'; });
  const [evaluated, calls, first] = await Promise.all([
    evaluatePupils(deps, school, date, missing, { keptOnly: true }),
    deps.cases.callsOn(school.id, date, missing.map((p) => p.id)),
    deps.roll.firstToCall(school.id, missing.map((p) => p.id)),
  ]);
  const day = dayOf(date);
  const previous = school.calendar.schoolDaysBackFrom(day - 1)[Symbol.iterator]().next().value as DayNumber | undefined;
  const resolved: ResolvedRow[] = pupils.flatMap((p) => {
    const r = resolvedMarks.get(p.id);
    const now = marks.get(p.id);
    return r && now !== undefined && now !== 'N' ? [{ name: displayName(p), regGroup: p.regGroup, code: now, by: `${timeOfDay(r.at, school.timezone)} ${r.by}` }] : [];
  });
  const rows = evaluated.map(({ pupil: p, register, evaluation }) => {
    const call = calls.get(p.id);
    const contact = first.get(p.id);
    const unmarked = !marks.has(p.id);
    // an unmarked day is a day without contact too; a day already counted (N) is not counted twice
    const todayUnmarked = unmarked && register.codeOn(day, 'AM') === undefined && register.codeOn(day, 'PM') === undefined;
    const days = Math.max(1, evaluation.counters.daysWithoutContact + (todayUnmarked ? 1 : 0));
    return {
      pupilId: p.id, upn: p.upn, name: displayName(p), yearGroup: p.yearGroup, regGroup: p.regGroup, days, unmarked,
      ...(contact ? { firstContact: `${contact.name} (${contact.relationship}) ${contact.phone}` } : {}),
      ...(previous !== undefined ? { previousDay: `${schoolDate(isoOf(previous)).slice(0, 3)} ${dayMarks(register.codeOn(previous, 'AM'), register.codeOn(previous, 'PM'))}` } : {}),
      // a shared list: a call that reveals a safeguarding fact says only that the DSL made contact
      ...(call ? { calledToday: revealsSafeguarding({ kind: 'call', outcome: call.outcome }) ? `${timeOfDay(call.at, school.timezone)} contacted (DSL)`
        : `${timeOfDay(call.at, school.timezone)} ${call.actorName}, ${(CALL_OUTCOMES[call.outcome as CallOutcome] ?? call.outcome).toLowerCase()}` } : {}),
    };
  });
  return { rows, resolved };
}

/** Pupils with an N older than 5 school days, for the list's footer. */
export async function unresolvedRows(deps: AppDeps, school: SchoolContext, date: string): Promise<UnresolvedRow[]> {
  return (await rollUnresolvedN(deps, school, date)).map((u) => ({
    name: displayName(u.pupil), regGroup: u.pupil.regGroup, sessions: u.slots.length,
    oldest: `${schoolDate(isoOf(dayOfSlot(u.slots[0]!)))} ${sessionOfSlot(u.slots[0]!)}`, daysWithoutContact: u.daysWithoutContact,
  }));
}

/**
 * Brings the day's unexplained-absence lists already posted up to date (a call logged, a reason
 * in): each shared post is updated in place with what everyone in its channel may see. A list
 * not yet posted (before its register closes) is left for its job.
 */
export async function refreshUnexplainedLists(deps: JobDeps, schoolId: string, date: string): Promise<void> {
  const school = await deps.schools.load(schoolId);
  for (const [session, job] of [['AM', morningList], ['PM', afternoonList]] as const) {
    if (await deps.posts.wasSent(schoolId, 'unexplained-list', date, session)) await job.run(deps, school, date);
  }
}

function unexplainedList(session: Session): Job {
  return {
    async run(deps, school, date) {
      if (!school.calendar.isOpen(dayOf(date), session)) return { skipped: `${date} ${session} is closed`, items: 0, delivery: [] };
      const [{ rows, resolved }, unresolved] = await Promise.all([unexplainedList_(deps, school, date, session), unresolvedRows(deps, school, date)]);
      const card = unexplainedListCard(dateLabel(date), session, rows, unresolved, resolved);
      const delivery = await deliver(deps, { schoolId: school.id, kind: 'unexplained-list', dateKey: date, session, purpose: 'attendance', card });
      return { items: rows.length, delivery: [delivery] };
    },
  };
}

export const morningList = unexplainedList('AM');
export const afternoonList = unexplainedList('PM');
