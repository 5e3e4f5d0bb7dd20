/**
 * What a member of staff sees about one pupil: the figures, the trend by half term, the
 * weekday pattern, lateness, the open case and the next steps of the school's ladder, the
 * recent marks; safeguarding details only for the DSL and deputies.
 */
import type { Db } from '../adapters/db/client.ts';
import { type SchoolContext, storedCodeIndex } from '../adapters/db/school-store.ts';
import { canSeeSafeguarding } from '../domain/access.ts';
import { academicYearOf, academicYearStart, dayOf, isoOf } from '../domain/dates.ts';
import { evaluatePupil, type PupilEvaluation } from '../domain/evaluation.ts';
import { type StepDue, stepsDue } from '../domain/ladder.ts';
import { PupilRegister } from '../domain/register.ts';
import { attendancePct, statisticsBetween } from '../domain/statistics.ts';
import type { StaffMember } from './staff.ts';

export interface PupilRow {
  readonly id: number;
  readonly upn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly preferredName: string | null;
  readonly yearGroup: number;
  readonly regGroup: string;
  readonly admissionDate: string;
  readonly leavingDate: string | null;
  readonly pupilPremium: boolean;
  readonly send: string;
  readonly socialWorker: string;
  readonly lookedAfter: string;
  readonly youngCarer: boolean;
}

export const PUPIL_COLUMNS = `id, upn, "givenName", "familyName", "preferredName", "yearGroup", "regGroup", "admissionDate"::text,
  "leavingDate"::text, "pupilPremium", send, "socialWorker", "lookedAfter", "youngCarer"`;

export const displayName = (p: Pick<PupilRow, 'givenName' | 'familyName' | 'preferredName'>) =>
  `${p.preferredName ?? p.givenName} ${p.familyName}`;

export interface CaseActionView {
  readonly kind: string;
  readonly outcome: string | null;
  readonly summary: string;
  readonly actorName: string;
  readonly at: string;
}

export interface PupilView {
  readonly pupil: PupilRow;
  readonly asOf: string;
  readonly evaluation: PupilEvaluation;
  readonly trend: readonly { name: string; attendancePct: number | null }[];
  readonly recent: readonly { date: string; am: string; pm: string }[];
  readonly caseId: number | null;
  readonly actions: readonly CaseActionView[];
  readonly due: readonly StepDue[];
  /** Meetings booked on the open case and not yet held. */
  readonly meetingsToRecord: readonly { id: number; scheduledAt: string; attendees: string }[];
  /** Only for the DSL and deputies. */
  readonly safeguarding?: { socialWorker: string; lookedAfter: string; youngCarer: boolean };
}

export async function loadPupil(db: Db, schoolId: string, pupilId: number): Promise<PupilRow | undefined> {
  const r = await db.pool.query(`SELECT ${PUPIL_COLUMNS} FROM "Pupil" WHERE "schoolId" = $1 AND id = $2`, [schoolId, pupilId]);
  return r.rows[0];
}

export async function pupilView(db: Db, school: SchoolContext, viewer: StaffMember, pupil: PupilRow, asOfIso: string): Promise<PupilView> {
  const asOf = dayOf(asOfIso);
  const from = academicYearStart(academicYearOf(asOf));
  // one round trip for the pupil's marks, the marks already linked to a penalty notice, and
  // the open case: on a busy morning each query's write to the socket is what costs most
  const rows = (await db.pool.query<{ k: string; a: string; b: string | null; c: string | null }>(
    `SELECT 'm' AS k, date::text AS a, session::text AS b, code AS c FROM "AttendanceMark" WHERE "pupilId" = $1 AND date BETWEEN $2 AND $3
     UNION ALL SELECT 'l', date::text, session::text, NULL FROM "PenaltyNoticeMark" WHERE "pupilId" = $1
     UNION ALL SELECT 'c', id::text, NULL, NULL FROM (SELECT id FROM "Case" WHERE "pupilId" = $1 AND status = 'open' ORDER BY id DESC LIMIT 1) open_case`,
    [pupil.id, isoOf(from - 120), isoOf(asOf)],
  )).rows;
  const slots: number[] = [];
  const codes: number[] = [];
  const linkedSlots = new Set<number>();
  let openCaseId: number | null = null;
  for (const r of rows) {
    if (r.k === 'c') { openCaseId = Number(r.a); continue; }
    const slot = dayOf(r.a) * 2 + (r.b === 'PM' ? 1 : 0);
    if (r.k === 'l') { linkedSlots.add(slot); continue; }
    slots.push(slot);
    codes.push(storedCodeIndex(pupil.id, r.a, r.b, r.c));
  }
  const register = slots.length > 0 ? PupilRegister.fromPacked(slots, codes) : PupilRegister.EMPTY;
  const evaluation = evaluatePupil(register, school.calendar, asOf, {
    admitted: dayOf(pupil.admissionDate), left: pupil.leavingDate ? dayOf(pupil.leavingDate) : undefined,
  }, {
    penaltyRules: school.penaltyRules, bands: school.ladder.bands,
    linkedToNotices: linkedSlots,
  });
  const trend = school.calendar.halfTerms
    .filter((h) => h.start <= asOf && h.end >= from)
    .map((h) => ({ name: h.name, attendancePct: attendancePct(statisticsBetween(register, Math.max(h.start, evaluation.from), Math.min(h.end, asOf))) }));
  const recent: { date: string; am: string; pm: string }[] = [];
  let n = 0;
  for (const day of school.calendar.schoolDaysBackFrom(asOf)) {
    if (n++ >= 10) break;
    recent.push({ date: isoOf(day), am: register.codeOn(day, 'AM') ?? '·', pm: register.codeOn(day, 'PM') ?? '·' });
  }
  const caseId = openCaseId;
  const actions = caseId === null ? [] : (await db.pool.query(
    `SELECT a.kind, a.outcome, a.detail, a."occurredAt", coalesce(s.name, a.actor) AS "actorName"
     FROM "CaseAction" a LEFT JOIN "Staff" s ON a.actor = 'staff:' || s.id
     WHERE a."caseId" = $1 ORDER BY a."occurredAt" DESC, a.id DESC LIMIT 5`, [caseId])).rows.map((r) => ({
    kind: r.kind, outcome: r.outcome, summary: String(r.detail?.summary ?? r.kind), actorName: r.actorName, at: (r.occurredAt as Date).toISOString(),
  }));
  const done = caseId === null ? [] : (await db.pool.query<{ key: string }>(
    `SELECT detail->>'stepKey' AS key FROM "CaseAction" WHERE "caseId" = $1 AND detail ? 'stepKey'
     UNION SELECT "stepKey" FROM "LadderStep" WHERE "caseId" = $1 AND status IN ('done', 'skipped')`, [caseId])).rows.map((r) => r.key);
  const due = stepsDue(school.ladder, evaluation, new Set(done));
  const meetingsToRecord = caseId === null ? [] : (await db.pool.query(
    `SELECT id, "scheduledAt", attendees FROM "Meeting" WHERE "caseId" = $1 AND "heldAt" IS NULL ORDER BY "scheduledAt"`, [caseId])).rows
    .map((m) => ({ id: m.id as number, scheduledAt: (m.scheduledAt as Date).toISOString(), attendees: m.attendees as string }));
  return {
    pupil, asOf: asOfIso, evaluation, trend, recent, caseId, actions, due, meetingsToRecord,
    ...(canSeeSafeguarding(viewer.grants) ? { safeguarding: { socialWorker: pupil.socialWorker, lookedAfter: pupil.lookedAfter, youngCarer: pupil.youngCarer } } : {}),
  };
}

