/** A school's settings, calendar and ladder, and its pupils' registers, from PostgreSQL. */
import { parseLadder } from '../../config/ladder.ts';
import { type CalendarSpec, SchoolCalendar } from '../../domain/calendar.ts';
import { CODE_INDEX, isAttendanceCode } from '../../domain/codes.ts';
import { type DayNumber, type Session, dayOfSlot, isoOf, sessionOfSlot } from '../../domain/dates.ts';
import { DEFAULT_ESCALATION, type EscalationPolicy } from '../../domain/flags.ts';
import { NATIONAL_PENALTY_RULES, penaltyCodeProblem } from '../../domain/penalty.ts';
import { PupilRegister } from '../../domain/register.ts';
import type { SchoolAdmin, SchoolContext, SchoolSettings, Who } from '../../app/ports.ts';
import { TtlCache } from '../../shared/ttl-cache.ts';

export type { SchoolContext };
import { inTransaction } from './roll-store.ts';
import { audit } from './audit.ts';
import type { Db } from './client.ts';

/** Stored settings that the rules cannot use (corrupt, or changed behind the service's back). */
export class SchoolSettingsError extends Error {}

/** A school's settings in PostgreSQL, as the school-settings use cases write them (they check them first). */
export function pgSchoolAdmin(db: Db): SchoolAdmin {
  return {
    async exists(schoolId) {
      return ((await db.pool.query('SELECT 1 FROM "School" WHERE id = $1', [schoolId])).rowCount ?? 0) > 0;
    },
    save: (s, who) => upsertSchool(db, s, who),
    setCalendar: (schoolId, spec, who) => setCalendar(db, schoolId, spec, who),
    setEscalation: (schoolId, p, who) => setEscalation(db, schoolId, p, who),
    async setWorkspace(schoolId, w, who) {
      return inTransaction(db, async (c) => {
        const r = await c.query(`UPDATE "School" SET "slackTeamId" = coalesce($2, "slackTeamId"), "teamsTenantId" = coalesce($3, "teamsTenantId") WHERE id = $1`, [schoolId, w.slackTeamId ?? null, w.teamsTenantId ?? null]);
        if (r.rowCount === 0) return false;
        await audit(c, { schoolId, ...who, action: 'school.workspace', subjectType: 'School', subjectId: schoolId, detail: { slackTeamId: w.slackTeamId ?? null, teamsTenantId: w.teamsTenantId ?? null } });
        forgetSchool(db, schoolId);
        return true;
      });
    },
    async createApiKey(schoolId, label, keyHash, who) {
      return inTransaction(db, async (c) => {
        if ((await c.query('SELECT 1 FROM "School" WHERE id = $1', [schoolId])).rowCount === 0) return undefined;
        const id = (await c.query<{ id: number }>('INSERT INTO "ApiKey" ("schoolId", label, "keyHash") VALUES ($1, $2, $3) RETURNING id', [schoolId, label, keyHash])).rows[0]!.id;
        await audit(c, { schoolId, ...who, action: 'api-key.create', subjectType: 'ApiKey', subjectId: String(id), detail: { label } });
        return id;
      });
    },
  };
}

export async function upsertSchool(db: Db, s: SchoolSettings, who: Who): Promise<void> {
  const regs = s.registers;
  await inTransaction(db, async (c) => {
    await c.query(
      `INSERT INTO "School" (id, name, timezone, "amRegisterOpens", "amRegisterCloses", "pmRegisterOpens", "pmRegisterCloses", "penaltyCodes", ladder, "slackTeamId", "teamsTenantId")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, timezone = EXCLUDED.timezone,
         "slackTeamId" = coalesce(EXCLUDED."slackTeamId", "School"."slackTeamId"), "teamsTenantId" = coalesce(EXCLUDED."teamsTenantId", "School"."teamsTenantId"),
         "amRegisterOpens" = EXCLUDED."amRegisterOpens", "amRegisterCloses" = EXCLUDED."amRegisterCloses",
         "pmRegisterOpens" = EXCLUDED."pmRegisterOpens", "pmRegisterCloses" = EXCLUDED."pmRegisterCloses",
         "penaltyCodes" = EXCLUDED."penaltyCodes", ladder = EXCLUDED.ladder`,
      [s.id, s.name, s.timezone ?? 'Europe/London', regs?.AM.opens ?? '08:45', regs?.AM.closes ?? '09:15', regs?.PM.opens ?? '13:15',
        regs?.PM.closes ?? '13:45', [...(s.penaltyCodes ?? NATIONAL_PENALTY_RULES.countedCodes)], JSON.stringify(s.ladder),
        s.slackTeamId ?? null, s.teamsTenantId?.toLowerCase() ?? null],
    );
    await audit(c, {
      schoolId: s.id, ...who, action: 'school.settings', subjectType: 'School', subjectId: s.id,
      detail: { ladder: s.ladder.key, ...(s.slackTeamId ? { slackTeamId: s.slackTeamId } : {}), ...(s.teamsTenantId ? { teamsTenantId: s.teamsTenantId } : {}) },
    });
  });
  forgetSchool(db, s.id);
}

/** Replaces the school's half terms and closures within the span of the given calendar. */
export async function setCalendar(db: Db, schoolId: string, spec: CalendarSpec, who: Who): Promise<void> {
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

/**
 * The school as last read, by what it was read from: a reload that finds the same settings
 * gives the same object, so what is kept for a school (the roll's evaluation) is kept across
 * reloads until its settings change.
 */
const lastRead = new Map<string, { settings: string; school: SchoolContext }>();

async function readSchool(db: Db, schoolId: string): Promise<SchoolContext> {
  const s = await db.pool.query('SELECT * FROM "School" WHERE id = $1', [schoolId]);
  const row = s.rows[0];
  if (!row) throw new SchoolNotFoundError(`no school "${schoolId}"`);
  const halfTerms = await db.pool.query('SELECT name, term, start::text, "end"::text FROM "HalfTerm" WHERE "schoolId" = $1 ORDER BY start', [schoolId]);
  const closures = await db.pool.query('SELECT date::text, session, reason FROM "Closure" WHERE "schoolId" = $1', [schoolId]);
  const key = `${db.url}|${schoolId}`;
  const settings = JSON.stringify([row, halfTerms.rows, closures.rows]);
  const last = lastRead.get(key);
  if (last?.settings === settings) return last.school;
  const school = schoolOf(schoolId, row, halfTerms.rows, closures.rows);
  lastRead.set(key, { settings, school });
  return school;
}

/** The school from its rows, as pg reads them. */
function schoolOf(schoolId: string, row: any, halfTerms: any[], closures: any[]): SchoolContext {
  const calendar = new SchoolCalendar({
    halfTerms,
    closures: closures.map((c) => ({ date: c.date, reason: c.reason, ...(c.session ? { session: c.session as Session } : {}) })),
    registers: { AM: { opens: row.amRegisterOpens, closes: row.amRegisterCloses }, PM: { opens: row.pmRegisterOpens, closes: row.pmRegisterCloses } },
  });
  // a code that may not count is corrupt settings: say so, never drop it silently
  const codeProblem = penaltyCodeProblem(row.penaltyCodes as string[]);
  if (codeProblem) throw new SchoolSettingsError(`school ${schoolId}: field "penaltyCodes": ${codeProblem}`);
  const codes = (row.penaltyCodes as string[]).filter(isAttendanceCode);
  return {
    id: row.id, name: row.name, timezone: row.timezone, calendar,
    ladder: parseLadder(row.ladder, `school ${schoolId} ladder`),
    penaltyRules: { ...NATIONAL_PENALTY_RULES, countedCodes: codes },
    ...(row.escalationMinutes || row.schoolHoursFrom ? { escalation: {
      afterMinutes: row.escalationMinutes ?? DEFAULT_ESCALATION.afterMinutes,
      from: row.schoolHoursFrom ?? DEFAULT_ESCALATION.from, to: row.schoolHoursTo ?? DEFAULT_ESCALATION.to,
    } } : {}),
  };
}

/** Sets the school's escalation policy (minutes of school hours, and those hours); false when there is no such school. */
export async function setEscalation(db: Db, schoolId: string, p: EscalationPolicy, who: Who): Promise<boolean> {
  const r = await db.pool.query(`UPDATE "School" SET "escalationMinutes" = $2, "schoolHoursFrom" = $3, "schoolHoursTo" = $4 WHERE id = $1`, [schoolId, p.afterMinutes, p.from, p.to]);
  if (r.rowCount === 0) return false;
  await audit(db.pool, { schoolId, ...who, action: 'school.escalation', subjectType: 'School', subjectId: schoolId, detail: { ...p } });
  forgetSchool(db, schoolId);
  return true;
}

/**
 * Every pupil's register between two dates (inclusive), by pupil id. The database packs each
 * pupil's marks into one string of `slot` + `code` items (slot = days since 1970-01-01 × 2,
 * + 1 for PM, as `slotOf`), so a whole school's year crosses the wire as one row a pupil
 * rather than a row a session: measured, it reads a 2,000-pupil year in well under half the
 * time. Either way each pupil's own range of the primary key (pupil, date, session) is
 * read: the whole school's pupils come from its roll.
 */
export async function loadRegisters(db: Db, schoolId: string, from: DayNumber, to: DayNumber, pupilIds?: readonly number[]): Promise<Map<number, PupilRegister>> {
  const packed = `string_agg(((m.date - DATE '1970-01-01') * 2 + (m.session = 'PM')::int)::text || m.code, ',')`;
  const res = await db.pool.query<[number, string]>({
    name: pupilIds ? 'registers-of-pupils' : 'registers-of-school',
    text: pupilIds
      ? `SELECT u.id, ${packed} FROM unnest($4::int[]) AS u(id)
         JOIN LATERAL (SELECT * FROM "AttendanceMark" a WHERE a."pupilId" = u.id AND a.date BETWEEN $2 AND $3) m ON true
         WHERE m."schoolId" = $1 GROUP BY u.id`
      : `SELECT p.id, ${packed} FROM "Pupil" p
         JOIN LATERAL (SELECT * FROM "AttendanceMark" a WHERE a."pupilId" = p.id AND a.date BETWEEN $2 AND $3) m ON true
         WHERE p."schoolId" = $1 AND m."schoolId" = $1 GROUP BY p.id`,
    values: pupilIds ? [schoolId, isoOf(from), isoOf(to), pupilIds] : [schoolId, isoOf(from), isoOf(to)],
    rowMode: 'array',
  });
  const out = new Map<number, PupilRegister>();
  for (const [pupilId, items] of res.rows) out.set(pupilId, unpackRegister(pupilId, items));
  return out;
}

/** `20145N,20145/` … back into a register; a code outside the 2024 set is corrupt data, never guessed. */
function unpackRegister(pupilId: number, items: string): PupilRegister {
  const slots: number[] = [];
  const codes: number[] = [];
  let start = 0;
  while (start < items.length) {
    let end = items.indexOf(',', start);
    if (end === -1) end = items.length;
    let slot = 0;
    let i = start;
    for (let c = items.charCodeAt(i); c >= 48 && c <= 57; c = items.charCodeAt(++i)) slot = slot * 10 + (c - 48);
    const code = items.slice(i, end);
    const index = CODE_INDEX.get(code);
    if (index === undefined || i === start) {
      const day = dayOfSlot(slot);
      throw new Error(`stored mark for pupil ${pupilId} on ${isoOf(day)} ${sessionOfSlot(slot)} has an unknown code "${code}"`);
    }
    slots.push(slot);
    codes.push(index);
    start = end + 1;
  }
  return PupilRegister.fromPacked(slots, codes);
}
