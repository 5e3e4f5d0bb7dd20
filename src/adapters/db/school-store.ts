/** A school's settings, calendar and ladder, and its pupils' registers, from PostgreSQL. */
import { parseLadder } from '../../config/ladder.ts';
import { type CalendarSpec, SchoolCalendar } from '../../domain/calendar.ts';
import { type AttendanceCode, CODE_INDEX, isAttendanceCode } from '../../domain/codes.ts';
import { type DayNumber, type Session, dayOf, isoOf, slotOf } from '../../domain/dates.ts';
import type { Ladder } from '../../domain/ladder.ts';
import { NATIONAL_PENALTY_RULES, type PenaltyRules } from '../../domain/penalty.ts';
import { PupilRegister } from '../../domain/register.ts';
import type { SchoolContext } from '../../app/ports.ts';
import { TtlCache } from '../../shared/ttl-cache.ts';

export type { SchoolContext };
import { inTransaction } from './roll-store.ts';
import { audit } from './audit.ts';
import type { Db } from './client.ts';

export interface SchoolSettings {
  readonly id: string;
  readonly name: string;
  readonly ladder: Ladder;
  readonly registers?: CalendarSpec['registers'];
  readonly penaltyCodes?: readonly AttendanceCode[];
  readonly timezone?: string;
}

export async function upsertSchool(db: Db, s: SchoolSettings, who: { actor: string; source: string }): Promise<void> {
  const regs = s.registers;
  await inTransaction(db, async (c) => {
    await c.query(
      `INSERT INTO "School" (id, name, timezone, "amRegisterOpens", "amRegisterCloses", "pmRegisterOpens", "pmRegisterCloses", "penaltyCodes", ladder)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, timezone = EXCLUDED.timezone,
         "amRegisterOpens" = EXCLUDED."amRegisterOpens", "amRegisterCloses" = EXCLUDED."amRegisterCloses",
         "pmRegisterOpens" = EXCLUDED."pmRegisterOpens", "pmRegisterCloses" = EXCLUDED."pmRegisterCloses",
         "penaltyCodes" = EXCLUDED."penaltyCodes", ladder = EXCLUDED.ladder`,
      [s.id, s.name, s.timezone ?? 'Europe/London', regs?.AM.opens ?? '08:45', regs?.AM.closes ?? '09:15', regs?.PM.opens ?? '13:15',
        regs?.PM.closes ?? '13:45', [...(s.penaltyCodes ?? NATIONAL_PENALTY_RULES.countedCodes)], JSON.stringify(s.ladder)],
    );
    await audit(c, { schoolId: s.id, ...who, action: 'school.settings', subjectType: 'School', subjectId: s.id, detail: { ladder: s.ladder.key } });
  });
  forgetSchool(db, s.id);
}

/** Replaces the school's half terms and closures within the span of the given calendar. */
export async function setCalendar(db: Db, schoolId: string, spec: CalendarSpec, who: { actor: string; source: string }): Promise<void> {
  new SchoolCalendar(spec); // validates
  const from = spec.halfTerms.map((h) => h.start).sort()[0]!;
  const to = spec.halfTerms.map((h) => h.end).sort().at(-1)!;
  await inTransaction(db, async (c) => {
    await c.query('DELETE FROM "HalfTerm" WHERE "schoolId" = $1 AND start BETWEEN $2 AND $3', [schoolId, from, to]);
    await c.query('DELETE FROM "Closure" WHERE "schoolId" = $1 AND date BETWEEN $2 AND $3', [schoolId, from, to]);
    for (const h of spec.halfTerms) {
      await c.query('INSERT INTO "HalfTerm" ("schoolId", name, term, start, "end") VALUES ($1, $2, $3, $4, $5)', [schoolId, h.name, h.term, h.start, h.end]);
    }
    for (const cl of spec.closures ?? []) {
      await c.query('INSERT INTO "Closure" ("schoolId", date, session, reason) VALUES ($1, $2, $3, $4)', [schoolId, cl.date, cl.session ?? null, cl.reason]);
    }
    await audit(c, { schoolId, ...who, action: 'school.calendar', subjectType: 'School', subjectId: schoolId, detail: { from, to, halfTerms: spec.halfTerms.length } });
  });
  forgetSchool(db, schoolId);
}

export class SchoolNotFoundError extends Error {}

/**
 * Schools change rarely and are read on every request: each process keeps a school's
 * context for a short while. A change made through this process clears it at once; one made
 * by another process (a CLI import of term dates) is seen within SCHOOL_CACHE_MS.
 */
export const SCHOOL_CACHE_MS = 30_000;
const schoolCache = new TtlCache<string, SchoolContext>(SCHOOL_CACHE_MS);

export function forgetSchool(db: Db, schoolId: string): void {
  schoolCache.delete(`${db.url}|${schoolId}`);
}

export function loadSchool(db: Db, schoolId: string): Promise<SchoolContext> {
  return schoolCache.get(`${db.url}|${schoolId}`, () => readSchool(db, schoolId));
}

async function readSchool(db: Db, schoolId: string): Promise<SchoolContext> {
  const s = await db.pool.query('SELECT * FROM "School" WHERE id = $1', [schoolId]);
  const row = s.rows[0];
  if (!row) throw new SchoolNotFoundError(`no school "${schoolId}"`);
  const halfTerms = await db.pool.query('SELECT name, term, start::text, "end"::text FROM "HalfTerm" WHERE "schoolId" = $1 ORDER BY start', [schoolId]);
  const closures = await db.pool.query('SELECT date::text, session, reason FROM "Closure" WHERE "schoolId" = $1', [schoolId]);
  const calendar = new SchoolCalendar({
    halfTerms: halfTerms.rows,
    closures: closures.rows.map((c) => ({ date: c.date, reason: c.reason, ...(c.session ? { session: c.session as Session } : {}) })),
    registers: { AM: { opens: row.amRegisterOpens, closes: row.amRegisterCloses }, PM: { opens: row.pmRegisterOpens, closes: row.pmRegisterCloses } },
  });
  const codes = (row.penaltyCodes as string[]).filter(isAttendanceCode);
  return {
    id: row.id, name: row.name, timezone: row.timezone, calendar,
    ladder: parseLadder(row.ladder, `school ${schoolId} ladder`),
    penaltyRules: { ...NATIONAL_PENALTY_RULES, countedCodes: codes },
  };
}

/** A stored code as the engine holds it; a code outside the 2024 set is corrupt data, never guessed. */
export function storedCodeIndex(pupilId: number, date: string, session: string | null, code: string | null): number {
  const index = code === null ? undefined : CODE_INDEX.get(code);
  if (index === undefined) throw new Error(`stored mark for pupil ${pupilId} on ${date} ${session} has an unknown code "${code}"`);
  return index;
}

/** Every pupil's register between two dates (inclusive), by pupil id. */
export async function loadRegisters(db: Db, schoolId: string, from: DayNumber, to: DayNumber, pupilIds?: readonly number[]): Promise<Map<number, PupilRegister>> {
  const res = await db.pool.query({
    text: `SELECT "pupilId", date::text, session::text, code FROM "AttendanceMark"
           WHERE "schoolId" = $1 AND date BETWEEN $2 AND $3 ${pupilIds ? 'AND "pupilId" = ANY($4::int[])' : ''}`,
    values: pupilIds ? [schoolId, isoOf(from), isoOf(to), pupilIds] : [schoolId, isoOf(from), isoOf(to)],
    rowMode: 'array',
  });
  const byPupil = new Map<number, { slots: number[]; codes: number[] }>();
  const days = new Map<string, number>();
  for (const [pupilId, date, session, code] of res.rows as [number, string, string, string][]) {
    let day = days.get(date);
    if (day === undefined) { day = dayOf(date); days.set(date, day); }
    let p = byPupil.get(pupilId);
    if (!p) { p = { slots: [], codes: [] }; byPupil.set(pupilId, p); }
    p.slots.push(slotOf(day, session as Session));
    p.codes.push(storedCodeIndex(pupilId, date, session, code));
  }
  const out = new Map<number, PupilRegister>();
  for (const [id, p] of byPupil) out.set(id, PupilRegister.fromPacked(p.slots, p.codes));
  return out;
}
