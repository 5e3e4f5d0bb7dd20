/**
 * The scheduled jobs, each runnable once by hand (`jobs run`) or by the BullMQ workers:
 * - morning-list / afternoon-list: pupils still N or unmarked after the register closed;
 * - safeguarding-flags: flags for the DSL (vulnerable pupils' unexplained absence, 3 and 10
 *   days with no contact, 20 days missing education);
 * - flag-escalation: unacknowledged flags re-notify and escalate, in school time;
 * - pa-sa-changes: pupils who entered or left PA or SA since the previous school day;
 * - penalty-threshold: pupils who reached the National Framework threshold today;
 * - ladder-steps: the steps of the school's ladder now due;
 * - la-returns: what the school must tell the local authority (10 continuous school days of
 *   unauthorised absence, 15 school days of illness, new pupils within 5 days of entry).
 */
import type { CardAction } from '../../cards/model.ts';
import { flagCard, simpleListCard, unexplainedListCard, type UnexplainedRow } from '../../cards/jobs.ts';
import type { Db } from '../adapters/db/client.ts';
import { loadRegisters, loadSchool, type SchoolContext } from '../adapters/db/school-store.ts';
import { audit } from '../adapters/db/audit.ts';
import { instantOf, timeOfDay, civilDate, type Clock } from '../config/clock.ts';
import { CONTINUOUS_UNAUTHORISED_LA_RETURN_DAYS, dayCounters, ILLNESS_LA_NOTIFICATION_DAYS } from '../domain/counters.ts';
import { type DayNumber, type Session, WEEKDAY_NAMES, academicYearOf, academicYearStart, dayOf, isoOf, isoWeekday } from '../domain/dates.ts';
import { evaluatePupil } from '../domain/evaluation.ts';
import { DEFAULT_ESCALATION, type EscalationPolicy, ESCALATION, escalatesNow, flagsFor } from '../domain/flags.ts';
import { type Actor, describeTrigger, stepsDue, triggerHolds } from '../domain/ladder.ts';
import { countPenaltySessions, penaltyWindow } from '../domain/penalty.ts';
import { PupilRegister } from '../domain/register.ts';
import { attendancePct, statisticsBetween } from '../domain/statistics.ts';
import { type ChatSender, deliver, type DeliveryResult, type Purpose } from './delivery.ts';
import { displayName, PUPIL_COLUMNS, type PupilRow } from './pupil-view.ts';

export const JOB_KINDS = ['morning-list', 'afternoon-list', 'safeguarding-flags', 'flag-escalation', 'pa-sa-changes', 'pa-early-warning', 'penalty-threshold', 'ladder-steps', 'la-returns'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const isJobKind = (k: string): k is JobKind => (JOB_KINDS as readonly string[]).includes(k);

/** The early-warning list: pupils this many absent sessions (five days) or fewer from PA by the end of the half term. */
export const CUSP_SESSIONS = 10;

export interface JobDeps {
  readonly db: Db;
  readonly sender: ChatSender;
  readonly clock: Clock;
  readonly escalation?: EscalationPolicy;
}

export interface JobReport {
  readonly kind: JobKind;
  readonly schoolId: string;
  readonly date: string;
  readonly skipped?: string;
  readonly items: number;
  readonly delivery: DeliveryResult[];
}

const dateLabel = (date: string) => `${WEEKDAY_NAMES[isoWeekday(dayOf(date)) - 1]!.slice(0, 3)} ${date}`;

async function pupilsOnRoll(db: Db, schoolId: string, date: string): Promise<PupilRow[]> {
  return (await db.pool.query(`SELECT ${PUPIL_COLUMNS} FROM "Pupil" WHERE "schoolId" = $1 AND "admissionDate" <= $2 AND ("leavingDate" IS NULL OR "leavingDate" >= $2) ORDER BY "yearGroup", "regGroup", "familyName"`, [schoolId, date])).rows;
}

export async function runJob(deps: JobDeps, kind: JobKind, schoolId: string, date: string): Promise<JobReport> {
  const school = await loadSchool(deps.db, schoolId);
  const day = dayOf(date);
  if (kind !== 'flag-escalation' && !school.calendar.isSchoolDay(day)) {
    return { kind, schoolId, date, skipped: `${date} is not a school day for ${schoolId}`, items: 0, delivery: [] };
  }
  switch (kind) {
    case 'morning-list': return unexplainedList(deps, school, date, 'AM', kind);
    case 'afternoon-list': return unexplainedList(deps, school, date, 'PM', kind);
    case 'safeguarding-flags': return safeguardingFlags(deps, school, date);
    case 'flag-escalation': return flagEscalation(deps, school, date);
    case 'pa-sa-changes': return paSaChanges(deps, school, date);
    case 'pa-early-warning': return paEarlyWarning(deps, school, date);
    case 'penalty-threshold': return penaltyThreshold(deps, school, date);
    case 'ladder-steps': return ladderSteps(deps, school, date);
    case 'la-returns': return laReturns(deps, school, date);
  }
}

/** Pupils still N or unmarked for the session, with how many school days they have been absent without contact. */
export async function unexplainedAbsences(db: Db, school: SchoolContext, date: string, session: Session): Promise<UnexplainedRow[]> {
  const day = dayOf(date);
  const pupils = await pupilsOnRoll(db, school.id, date);
  const marks = new Map((await db.pool.query<{ pupilId: number; code: string }>(
    `SELECT "pupilId", code FROM "AttendanceMark" WHERE "schoolId" = $1 AND date = $2 AND session = $3`, [school.id, date, session])).rows.map((r) => [r.pupilId, r.code]));
  const missing = pupils.filter((p) => { const c = marks.get(p.id); return c === undefined || c === 'N'; });
  const regs = await loadRegisters(db, school.id, day - 60, day, missing.map((p) => p.id));
  return missing.map((p) => {
    const unmarked = !marks.has(p.id);
    const counters = dayCounters(regs.get(p.id) ?? PupilRegister.EMPTY, day, { illnessFrom: academicYearStart(academicYearOf(day)) });
    // an unmarked session is no contact too; a day already counted (N) is not counted twice
    const days = Math.max(1, counters.daysWithoutContact + (unmarked && (regs.get(p.id)?.codeOn(day, 'AM') === undefined) ? 1 : 0));
    return { pupilId: p.id, name: displayName(p), yearGroup: p.yearGroup, regGroup: p.regGroup, days, unmarked };
  });
}

async function unexplainedList(deps: JobDeps, school: SchoolContext, date: string, session: Session, kind: JobKind): Promise<JobReport> {
  if (!school.calendar.isOpen(dayOf(date), session)) return { kind, schoolId: school.id, date, skipped: `${date} ${session} is closed`, items: 0, delivery: [] };
  const rows = await unexplainedAbsences(deps.db, school, date, session);
  const card = unexplainedListCard(dateLabel(date), session, rows);
  const delivery = await deliver(deps.db, deps.sender, { schoolId: school.id, kind: 'unexplained-list', dateKey: date, session, purpose: 'attendance', card });
  return { kind, schoolId: school.id, date, items: rows.length, delivery: [delivery] };
}

/** The school day `n - 1` school days before `day` (the first day of an n-day streak). */
function streakStart(school: SchoolContext, day: DayNumber, n: number): string {
  let k = 0;
  for (const d of school.calendar.schoolDaysBackFrom(day)) if (++k >= n) return isoOf(d);
  return isoOf(day);
}

async function safeguardingFlags(deps: JobDeps, school: SchoolContext, date: string): Promise<JobReport> {
  const day = dayOf(date);
  const pupils = await pupilsOnRoll(deps.db, school.id, date);
  // the school's own flags may look at the whole year; the national ones at the last weeks
  const since = school.ladder.safeguardingFlags?.length ? academicYearStart(academicYearOf(day)) - 120 : day - 60;
  const regs = await loadRegisters(deps.db, school.id, since, day);
  const policy = deps.escalation ?? DEFAULT_ESCALATION;
  const now = deps.clock.now();
  const delivery: DeliveryResult[] = [];
  let items = 0;
  for (const p of pupils) {
    const reg = regs.get(p.id) ?? PupilRegister.EMPTY;
    const today = [reg.codeOn(day, 'AM'), reg.codeOn(day, 'PM')];
    const unexplained = today.some((c) => c === 'N') || (today[0] === undefined && school.calendar.isOpen(day, 'AM') && now.getTime() >= instantOf(date, school.calendar.registers.AM.closes, school.timezone).getTime());
    const counters = dayCounters(reg, day, { illnessFrom: academicYearStart(academicYearOf(day)) });
    const raised: { kind: string; summary: string; dateKey: string }[] = flagsFor({ socialWorker: p.socialWorker as never, lookedAfter: p.lookedAfter as never }, unexplained, counters)
      .map((f) => ({ ...f, dateKey: f.kind === 'vulnerable-unexplained' ? date
        : streakStart(school, day, f.kind === 'missing-education-20-days' ? counters.continuousMissingEducationDays : counters.daysWithoutContact) }));
    // the school's own flags, from its ladder: once per pupil per half term
    if (school.ladder.safeguardingFlags?.length) {
      const e = evaluatePupil(reg, school.calendar, day, { admitted: dayOf(p.admissionDate) }, { penaltyRules: school.penaltyRules });
      const halfTerm = school.calendar.halfTermOf(day)?.start ?? day;
      for (const f of school.ladder.safeguardingFlags) {
        if (triggerHolds(f.when, e)) raised.push({ kind: `school:${f.key}`, summary: `The school's flag: ${describeTrigger(f.when)}.`, dateKey: isoOf(halfTerm) });
      }
    }
    for (const { kind, summary, dateKey } of raised) {
      const inserted = await deps.db.pool.query<{ id: number }>(
        `INSERT INTO "SafeguardingFlag" ("schoolId", "pupilId", kind, "dateKey", summary, "nextEscalationAt") VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ("schoolId", "pupilId", kind, "dateKey") DO NOTHING RETURNING id`,
        [school.id, p.id, kind, dateKey, summary, new Date(now.getTime() + policy.afterMinutes * 60_000)],
      );
      const id = inserted.rows[0]?.id ?? (await deps.db.pool.query<{ id: number }>(`SELECT id FROM "SafeguardingFlag" WHERE "schoolId" = $1 AND "pupilId" = $2 AND kind = $3 AND "dateKey" = $4`, [school.id, p.id, kind, dateKey])).rows[0]!.id;
      if (inserted.rows[0]) {
        items++;
        await audit(deps.db.pool, { schoolId: school.id, actor: 'system', source: 'job', action: 'flag.raise', subjectType: 'SafeguardingFlag', subjectId: String(id), detail: { kind: kind, pupilId: p.id } });
      }
      const card = flagCard({ id, pupilName: displayName(p), regGroup: p.regGroup, summary: summary, level: 0 });
      delivery.push(await deliver(deps.db, deps.sender, { schoolId: school.id, kind: `flag:${id}`, dateKey, purpose: 'dsl', card }));
    }
  }
  return { kind: 'safeguarding-flags', schoolId: school.id, date, items, delivery };
}

function isSchoolTime(school: SchoolContext, at: Date, policy: EscalationPolicy): boolean {
  const date = civilDate(at, school.timezone);
  const t = timeOfDay(at, school.timezone);
  return school.calendar.isSchoolDay(dayOf(date)) && t >= policy.from && t < policy.to;
}

async function flagEscalation(deps: JobDeps, school: SchoolContext, date: string): Promise<JobReport> {
  const policy = deps.escalation ?? DEFAULT_ESCALATION;
  const now = deps.clock.now();
  const inSchoolTime = isSchoolTime(school, now, policy);
  const open = (await deps.db.pool.query(
    `SELECT f.id, f.level, f.summary, f."nextEscalationAt", f."dateKey", p."givenName", p."familyName", p."preferredName", p."regGroup"
     FROM "SafeguardingFlag" f JOIN "Pupil" p ON p.id = f."pupilId"
     WHERE f."schoolId" = $1 AND f."acknowledgedAt" IS NULL AND f."nextEscalationAt" <= $2`, [school.id, now])).rows;
  const delivery: DeliveryResult[] = [];
  let items = 0;
  for (const f of open) {
    if (!escalatesNow(f.level, f.nextEscalationAt, now, inSchoolTime)) continue;
    const level = f.level + 1;
    const moved = await deps.db.pool.query(
      `UPDATE "SafeguardingFlag" SET level = $2, "nextEscalationAt" = $3 WHERE id = $1 AND level = $4 AND "acknowledgedAt" IS NULL`,
      [f.id, level, new Date(now.getTime() + policy.afterMinutes * 60_000), f.level]);
    if (moved.rowCount === 0) continue; // acknowledged or escalated meanwhile
    items++;
    await audit(deps.db.pool, { schoolId: school.id, actor: 'system', source: 'job', action: 'flag.escalate', subjectType: 'SafeguardingFlag', subjectId: String(f.id), detail: { level, to: ESCALATION[level] } });
    const card = flagCard({ id: f.id, pupilName: displayName(f), regGroup: f.regGroup, summary: f.summary, level });
    delivery.push(await deliver(deps.db, deps.sender, { schoolId: school.id, kind: `flag:${f.id}:escalation:${level}`, dateKey: f.dateKey, purpose: 'dsl', card }));
    if (level === 2) delivery.push(await deliver(deps.db, deps.sender, { schoolId: school.id, kind: `flag:${f.id}:escalation:${level}`, dateKey: f.dateKey, purpose: 'senior', card }));
  }
  return { kind: 'flag-escalation', schoolId: school.id, date, items, delivery };
}

async function evaluateSchool(db: Db, school: SchoolContext, date: string) {
  const day = dayOf(date);
  const pupils = await pupilsOnRoll(db, school.id, date);
  const from = academicYearStart(academicYearOf(day));
  const regs = await loadRegisters(db, school.id, from - 120, day);
  return { pupils, regs, day, from };
}

async function paSaChanges(deps: JobDeps, school: SchoolContext, date: string): Promise<JobReport> {
  const { pupils, regs, day } = await evaluateSchool(deps.db, school, date);
  const previous = school.calendar.lastSchoolDayOnOrBefore(day - 1);
  const delivery: DeliveryResult[] = [];
  let items = 0;
  const byYear = new Map<number, string[][]>();
  for (const p of pupils) {
    const reg = regs.get(p.id) ?? PupilRegister.EMPTY;
    const period = { admitted: dayOf(p.admissionDate) };
    const now = evaluatePupil(reg, school.calendar, day, period).status;
    const before = previous === undefined ? 'none' : evaluatePupil(reg, school.calendar, previous, period).status;
    const rank = { none: 0, low: 0, persistent: 1, severe: 2 } as const;
    if (rank[now] === rank[before]) continue;
    const change = rank[now] > rank[before] ? `entered ${now === 'severe' ? 'SA' : 'PA'}` : `left ${before === 'severe' ? 'SA' : 'PA'}`;
    const row = [displayName(p), p.regGroup, change, `${attendancePct(statisticsBetween(reg, Math.max(period.admitted, academicYearStart(academicYearOf(day))), day)) ?? '–'}%`];
    byYear.set(p.yearGroup, [...(byYear.get(p.yearGroup) ?? []), row]);
    items++;
  }
  for (const [year, rows] of byYear) {
    const card = simpleListCard(`Year ${year}: PA/SA changes ${dateLabel(date)}`, `${rows.length} pupil${rows.length === 1 ? '' : 's'} crossed a threshold since the previous school day.`, ['Pupil', 'Form', 'Change', 'Attendance'], rows);
    delivery.push(await deliver(deps.db, deps.sender, { schoolId: school.id, kind: 'pa-sa-changes', dateKey: date, purpose: 'year', yearGroup: year, card }));
  }
  return { kind: 'pa-sa-changes', schoolId: school.id, date, items, delivery };
}

async function paEarlyWarning(deps: JobDeps, school: SchoolContext, date: string): Promise<JobReport> {
  const { pupils, regs, day } = await evaluateSchool(deps.db, school, date);
  const byYear = new Map<number, string[][]>();
  let items = 0;
  for (const p of pupils) {
    const e = evaluatePupil(regs.get(p.id) ?? PupilRegister.EMPTY, school.calendar, day, { admitted: dayOf(p.admissionDate) });
    const n = e.cuspHalfTerm?.sessionsToPersistent;
    if (n === null || n === undefined || n > CUSP_SESSIONS) continue;
    byYear.set(p.yearGroup, [...(byYear.get(p.yearGroup) ?? []), [displayName(p), p.regGroup, `${attendancePct(e.stats) ?? '–'}%`, `${n} session${n === 1 ? '' : 's'}`]]);
    items++;
  }
  const delivery: DeliveryResult[] = [];
  for (const [year, rows] of byYear) {
    rows.sort((a, b) => parseInt(a[3]!, 10) - parseInt(b[3]!, 10));
    const card = simpleListCard(`Year ${year}: close to persistent absence`, `${rows.length} pupil${rows.length === 1 ? '' : 's'} would be persistently absent by the end of the half term after this many more absent sessions. A call now can keep them out.`, ['Pupil', 'Form', 'Attendance', 'Sessions to PA'], rows);
    delivery.push(await deliver(deps.db, deps.sender, { schoolId: school.id, kind: 'pa-early-warning', dateKey: date, purpose: 'year', yearGroup: year, card }));
  }
  return { kind: 'pa-early-warning', schoolId: school.id, date, items, delivery };
}

async function penaltyThreshold(deps: JobDeps, school: SchoolContext, date: string): Promise<JobReport> {
  const { pupils, regs, day } = await evaluateSchool(deps.db, school, date);
  const linked = (await deps.db.pool.query(`SELECT m."pupilId", m.date::text, m.session FROM "PenaltyNoticeMark" m JOIN "Pupil" p ON p.id = m."pupilId" WHERE p."schoolId" = $1`, [school.id])).rows;
  const linkedBy = new Map<number, Set<number>>();
  for (const l of linked) {
    if (!linkedBy.has(l.pupilId)) linkedBy.set(l.pupilId, new Set());
    linkedBy.get(l.pupilId)!.add(dayOf(l.date) * 2 + (l.session === 'PM' ? 1 : 0));
  }
  const window = penaltyWindow(school.calendar, day);
  const previous = school.calendar.lastSchoolDayOnOrBefore(day - 1);
  const before = previous === undefined ? undefined : penaltyWindow(school.calendar, previous);
  const rows: string[][] = [];
  const buttons: CardAction[] = [];
  for (const p of pupils) {
    const reg = regs.get(p.id) ?? PupilRegister.EMPTY;
    const now = countPenaltySessions(reg, window, school.penaltyRules, linkedBy.get(p.id));
    if (!now.thresholdMet) continue;
    const was = before ? countPenaltySessions(reg, before, school.penaltyRules, linkedBy.get(p.id)).thresholdMet : false;
    if (was) continue; // reached it earlier: already alerted
    const notices = (await deps.db.pool.query(`SELECT count(*)::int AS n FROM "PenaltyNotice" WHERE "pupilId" = $1 AND "requestedAt" > now() - interval '3 years' AND status <> 'withdrawn'`, [p.id])).rows[0].n;
    const counted = now.slots.map((s) => `${isoOf(s >> 1).slice(5)} ${s % 2 ? 'PM' : 'AM'} ${reg.codeOn(s >> 1, s % 2 ? 'PM' : 'AM')}`).join(', ');
    const next = notices === 0 ? 'first notice: £160 (£80 within 21 days)' : notices === 1 ? 'second notice within 3 years: £160, no reduction' : 'no third notice within 3 years: prosecution route';
    rows.push([displayName(p), p.regGroup, next, `${now.sessions} sessions: ${counted}`]);
    const name = displayName(p);
    buttons.push(
      { id: 'penalty-request', label: `Request notice: ${name}`.slice(0, 60), data: { pupilId: p.id } },
      { id: 'open-nti', label: `Notice to improve: ${name}`.slice(0, 60), data: { pupilId: p.id } },
      { id: 'open-decline', label: `Not appropriate: ${name}`.slice(0, 60), data: { pupilId: p.id } },
    );
  }
  const card = simpleListCard(`Penalty notice threshold reached: ${dateLabel(date)}`,
    rows.length === 0 ? 'No pupil reached the threshold today.' : `${rows.length} pupil${rows.length === 1 ? '' : 's'} reached ${school.penaltyRules.thresholdSessions} sessions of unauthorised absence (${school.penaltyRules.countedCodes.join(', ')}) in ${school.penaltyRules.windowWeeks} school weeks. Consider support first, a notice to improve, or a penalty notice.`,
    ['Pupil', 'Form', 'If a notice is issued', 'Counted marks'], rows, buttons);
  const delivery = rows.length === 0 ? [] : [await deliver(deps.db, deps.sender, { schoolId: school.id, kind: 'penalty-threshold', dateKey: date, purpose: 'attendance', card })];
  return { kind: 'penalty-threshold', schoolId: school.id, date, items: rows.length, delivery };
}

async function ladderSteps(deps: JobDeps, school: SchoolContext, date: string): Promise<JobReport> {
  const { pupils, regs, day } = await evaluateSchool(deps.db, school, date);
  const done = (await deps.db.pool.query(
    `SELECT c."pupilId", a.detail->>'stepKey' AS key FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId" WHERE c."schoolId" = $1 AND a.detail ? 'stepKey'`, [school.id])).rows;
  const doneBy = new Map<number, Set<string>>();
  for (const d of done) { if (!doneBy.has(d.pupilId)) doneBy.set(d.pupilId, new Set()); doneBy.get(d.pupilId)!.add(d.key); }
  const window = penaltyWindow(school.calendar, day);
  // each step goes to the people who act on it: the attendance team, the pupil's year team,
  // the safeguarding leads or the senior leaders
  const groups = new Map<string, { purpose: Purpose; yearGroup?: number; rows: string[][] }>();
  let items = 0;
  for (const p of pupils) {
    const e = evaluatePupil(regs.get(p.id) ?? PupilRegister.EMPTY, school.calendar, day, { admitted: dayOf(p.admissionDate) }, { window, penaltyRules: school.penaltyRules, bands: school.ladder.bands });
    const due = stepsDue(school.ladder, e, doneBy.get(p.id) ?? new Set());
    if (due.length === 0) continue;
    items++;
    // the first step due for each group that acts on one of this pupil's steps
    const seen = new Set<string>();
    for (const { step } of due) {
      const purpose = ACTOR_PURPOSE[step.actor];
      const key = purpose === 'year' ? `year:${p.yearGroup}` : purpose;
      if (seen.has(key)) continue;
      seen.add(key);
      const group = groups.get(key) ?? { purpose, ...(purpose === 'year' ? { yearGroup: p.yearGroup } : {}), rows: [] };
      group.rows.push([displayName(p), p.regGroup, `${attendancePct(e.stats) ?? '–'}%`, step.title, step.actor.replaceAll('-', ' '), due.length > 1 ? `${due.length} steps due in all` : '']);
      groups.set(key, group);
    }
  }
  const delivery: DeliveryResult[] = [];
  for (const g of groups.values()) {
    g.rows.sort((a, b) => parseFloat(a[2]!) - parseFloat(b[2]!));
    const who = g.purpose === 'year' ? `Year ${g.yearGroup}` : g.purpose === 'dsl' ? 'Safeguarding' : g.purpose === 'senior' ? 'Senior leaders' : 'Attendance team';
    const card = simpleListCard(`${school.ladder.name}: steps due ${dateLabel(date)} (${who})`, `${g.rows.length} pupil${g.rows.length === 1 ? '' : 's'} with a step of the ladder due for you.`, ['Pupil', 'Form', 'Attendance', 'Next step', 'Who', ''], g.rows.slice(0, 60));
    delivery.push(await deliver(deps.db, deps.sender, { schoolId: school.id, kind: 'ladder-steps', dateKey: date, purpose: g.purpose, ...(g.yearGroup !== undefined ? { yearGroup: g.yearGroup } : {}), card }));
  }
  return { kind: 'ladder-steps', schoolId: school.id, date, items, delivery };
}

/** Who acts on a step, as the channel its reminder goes to. */
const ACTOR_PURPOSE: Record<Actor, Purpose> = {
  'attendance-officer': 'attendance', 'form-tutor': 'year', 'head-of-year': 'year', dsl: 'dsl',
  'senior-leader': 'senior', headteacher: 'senior', 'local-authority': 'attendance', ewo: 'attendance',
};


/** School days within which a new pupil is notified to the local authority. */
export const NEW_PUPIL_NOTIFY_SCHOOL_DAYS = 5;

async function laReturns(deps: JobDeps, school: SchoolContext, date: string): Promise<JobReport> {
  const { pupils, regs, day } = await evaluateSchool(deps.db, school, date);
  const rows: string[][] = [];
  for (const p of pupils) {
    const admitted = dayOf(p.admissionDate);
    const e = evaluatePupil(regs.get(p.id) ?? PupilRegister.EMPTY, school.calendar, day, { admitted });
    const reasons: string[] = [];
    if (e.counters.consecutiveUnauthorisedDays >= CONTINUOUS_UNAUTHORISED_LA_RETURN_DAYS) reasons.push(`${e.counters.consecutiveUnauthorisedDays} continuous school days of unauthorised absence`);
    if (e.counters.illnessDays >= ILLNESS_LA_NOTIFICATION_DAYS) reasons.push(`${e.counters.illnessDays} school days of illness this year`);
    const sinceAdmission = school.calendar.schoolDaysBetween(admitted, day);
    if (admitted > academicYearStart(academicYearOf(day)) && sinceAdmission <= NEW_PUPIL_NOTIFY_SCHOOL_DAYS) reasons.push(`new pupil, admitted ${p.admissionDate}: notify within ${NEW_PUPIL_NOTIFY_SCHOOL_DAYS} days of entry`);
    if (reasons.length > 0) rows.push([displayName(p), p.regGroup, reasons.join('; ')]);
  }
  const card = simpleListCard(`Local authority returns: ${dateLabel(date)}`,
    rows.length === 0 ? 'Nothing to tell the local authority today.' : `${rows.length} pupil${rows.length === 1 ? '' : 's'} the local authority must be told about.`,
    ['Pupil', 'Form', 'Why'], rows);
  const delivery = rows.length === 0 ? [] : [await deliver(deps.db, deps.sender, { schoolId: school.id, kind: 'la-returns', dateKey: date, purpose: 'attendance', card })];
  return { kind: 'la-returns', schoolId: school.id, date, items: rows.length, delivery };
}
