/**
 * The demo school (../shared/reference/chat-contract.md): `demo`, a secondary school with
 * years 7 to 11, English term dates around the as-of date, a few hundred pupils whose
 * absence looks like the national figures, the named staff and pupils, channels, and the
 * One In A Million ladder. Loading it again gives the same school: it is idempotent.
 */
import { ladderPreset } from '../config/ladder-presets.ts';
import { SchoolCalendar } from '../domain/calendar.ts';
import { CODE_INDEX } from '../domain/codes.ts';
import { type DayNumber, dayOf, isoOf, slotOf } from '../domain/dates.ts';
import { englishTermDatesAround } from '../domain/term-dates.ts';
import type { Db } from '../adapters/db/client.ts';
import type { RollImportRow, StaffImportRow } from '../app/imports/rows.ts';
import { writeMarks } from '../adapters/db/register-store.ts';
import { writePupils, writeStaff } from '../adapters/db/roll-store.ts';
import { pgSchoolAdmin } from '../adapters/db/school-store.ts';
import { saveSchool } from '../app/use-cases/school/settings.ts';
import { pgChannels } from '../adapters/db/stores.ts';
import { actorLabel, type Purpose, type Who } from '../app/ports.ts';
import { generateMarks, prng, syntheticPupils } from './synthetic.ts';

export const DEMO_SCHOOL = 'demo';
export const DEMO_PEOPLE = {
  attendanceOfficer: { name: 'Asha Patel', email: 'attendance@demo.school', slack: 'U0DEMOATT', aad: '00000000-0000-0000-0000-0000000000a1' },
  headOfYear9: { name: 'Ben Carter', email: 'hoy9@demo.school', slack: 'U0DEMOHOY9', aad: '00000000-0000-0000-0000-0000000000a2' },
  dsl: { name: 'Dana Lewis', email: 'dsl@demo.school', slack: 'U0DEMODSL', aad: '00000000-0000-0000-0000-0000000000a3' },
  deputyDsl: { name: 'Eli Morgan', email: 'deputy.dsl@demo.school', slack: 'U0DEMODDSL', aad: '00000000-0000-0000-0000-0000000000a4' },
  seniorLeader: { name: 'Fran Okafor', email: 'slt@demo.school', slack: 'U0DEMOSLT', aad: '00000000-0000-0000-0000-0000000000a5' },
} as const;
/** The demo school's Slack workspace and Teams tenant (chat-contract.md): its staff are resolved within them. */
export const DEMO_WORKSPACE = { slackTeamId: 'T0DEMO', teamsTenantId: '00000000-0000-0000-0000-0000000000d0' } as const;
export const DEMO_CHANNELS = { attendance: 'C0DEMOATT', dsl: 'C0DEMODSL', senior: 'C0DEMOSLT', year: (y: number) => `C0DEMOY${y}` };

const GIVEN = ['Olivia', 'Noah', 'Amelia', 'Muhammad', 'Isla', 'George', 'Lily', 'Oliver', 'Freya', 'Leo', 'Mia', 'Arthur', 'Ivy', 'Harry', 'Sofia', 'Jack', 'Grace', 'Oscar', 'Ella', 'Theo', 'Aisha', 'Ravi', 'Zara', 'Kofi', 'Maya', 'Finley', 'Evie', 'Jacob', 'Poppy', 'Alfie'];
const FAMILY = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Khan', 'Ahmed', 'Clarke', 'Hughes', 'Lewis', 'Edwards', 'Okoro', 'Nowak', 'Murphy', 'Singh', 'Ali', 'Wood'];
export const YEARS = [7, 8, 9, 10, 11];
export const PER_YEAR = 60;
const FORMS = ['A', 'B', 'C'];

export interface SeedResult {
  readonly asOf: string;
  readonly pupils: number;
  readonly marks: { inserted: number; amended: number; unchanged: number };
}

/** The school day the demo is seeded as of: the date if it is one, else the last before it. */
export function demoAsOf(date: string): string {
  const cal = new SchoolCalendar(englishTermDatesAround(date));
  let last = cal.lastSchoolDayOnOrBefore(dayOf(date));
  if (last === undefined) {
    // before the first day of the year: take the previous academic year's last day
    const prev = new SchoolCalendar(englishTermDatesAround(isoOf(cal.schoolDays[0]! - 60)));
    last = prev.lastSchoolDayOnOrBefore(dayOf(date))!;
  }
  return isoOf(last);
}

export async function seedDemo(db: Db, asOfRequested: string): Promise<SeedResult> {
  const asOf = demoAsOf(asOfRequested);
  const asOfDay = dayOf(asOf);
  const spec = englishTermDatesAround(asOf);
  const calendar = new SchoolCalendar(spec);
  const who: Who = { actor: { kind: 'system', what: 'demo-seed' }, source: 'demo' };

  await saveSchool(pgSchoolAdmin(db), who, {
    id: DEMO_SCHOOL, name: 'Demo Academy', ladder: ladderPreset('one-in-a-million'), ...DEMO_WORKSPACE,
    registers: { AM: { opens: '08:30', closes: '09:00' }, PM: { opens: '13:30', closes: '13:50' } },
  }, spec);

  const rows = demoPupils(calendar, asOfDay);
  await writePupils(db, DEMO_SCHOOL, rows, { ...who, fileName: 'demo roll' });
  await writeStaff(db, DEMO_SCHOOL, demoStaff(), { ...who, fileName: 'demo staff' });
  await writeChannels(db);
  // its letters' address and who signs them (the presets' templates are the defaults); a school's own settings are kept
  await db.pool.query(
    `INSERT INTO "SchoolLetters" ("schoolId", address, signatory) VALUES ($1, $2, $3) ON CONFLICT ("schoolId") DO NOTHING`,
    [DEMO_SCHOOL, '1 School Lane, Demoton DE1 1AA', 'Asha Patel, Attendance Officer']);

  const ids = new Map((await db.pool.query<{ id: number; upn: string }>('SELECT id, upn FROM "Pupil" WHERE "schoolId" = $1', [DEMO_SCHOOL])).rows.map((r) => [r.upn, r.id]));
  const synthetic = new Map(syntheticPupils({ pupils: rows.length, seed: 11 }).map((p, i) => [rows[i]!.upn, p]));
  const pupilIds: number[] = [];
  const slots: number[] = [];
  const codes: number[] = [];
  const first = calendar.schoolDays[0]!;
  const N = CODE_INDEX.get('N')!;
  const asOfAm = asOfDay * 2;
  const staged = (id: number, slot: number, code: number) => { pupilIds.push(id); slots.push(slot); codes.push(code); };
  rows.forEach((row, i) => {
    const id = ids.get(row.upn)!;
    const scripted = SCRIPTED[row.upn];
    if (scripted) {
      scripted(calendar, dayOf(row.admission_date), asOfDay, (slot, code) => staged(id, slot, CODE_INDEX.get(code)!));
      return;
    }
    const pupil = synthetic.get(row.upn)!;
    const special = row.upn === 'DEMO9001' ? 'ava' : row.upn === 'DEMO7001' ? 'sam' : undefined;
    const profile = special === 'ava' ? { ...pupil, profile: 'regular' as const, dailyAbsence: 0.07 }
      : special === 'sam' ? { ...pupil, profile: 'regular' as const, dailyAbsence: 0.02 } : pupil;
    generateMarks(profile, calendar, Math.max(first, dayOf(row.admission_date)), asOfDay, 5000 + i, (slot, code) => {
      if (slot > asOfAm) return; // marks up to and including the AM session of the as-of date
      let c = code;
      if (slot === asOfAm) c = special === 'ava' ? N : special === 'sam' ? CODE_INDEX.get('/')! : code;
      else if (special && c === N) c = CODE_INDEX.get('O')!;
      pupilIds.push(id);
      slots.push(slot);
      codes.push(c);
    });
  });
  // a re-seed at an earlier date leaves nothing later behind
  await db.pool.query(
    `DELETE FROM "AttendanceMark" WHERE "pupilId" IN (SELECT id FROM "Pupil" WHERE "schoolId" = $1) AND "schoolId" = $1
       AND (date > $2 OR (date = $2 AND session = 'PM'))`,
    [DEMO_SCHOOL, asOf],
  );
  const marks = await writeMarks(db.url, { pupilIds, slots, codes }, {
    schoolId: DEMO_SCHOOL, actor: who.actor, source: 'demo', fileName: 'demo register', reason: 'import',
  });
  await recordPercysSupportNotNeeded(db, calendar, asOfDay);
  return { asOf, pupils: rows.length, marks };
}

/**
 * Percy Penn's holiday was refused and taken: support is not appropriate for a term-time holiday,
 * so the senior leader recorded the support plan as not needed on its first day. The ladder's
 * penalty step (after the support plan) is then due for the senior leaders on the morning he
 * reaches the threshold. Idempotent.
 */
async function recordPercysSupportNotNeeded(db: Db, calendar: SchoolCalendar, asOf: DayNumber): Promise<void> {
  const firstHolidayDay = [...calendar.schoolDaysBackFrom(asOf - 1)][4] ?? asOf;
  await db.pool.query(
    `WITH p AS (SELECT id FROM "Pupil" WHERE "schoolId" = $1 AND upn = 'DEMO8001'),
          s AS (SELECT id FROM "Staff" WHERE "schoolId" = $1 AND email = $2),
          existing AS (SELECT c.id FROM "Case" c, p WHERE c."pupilId" = p.id AND c.status = 'open' ORDER BY c.id DESC LIMIT 1),
          made AS (INSERT INTO "Case" ("schoolId", "pupilId") SELECT $1, p.id FROM p WHERE NOT EXISTS (SELECT 1 FROM existing) RETURNING id),
          c AS (SELECT id FROM existing UNION ALL SELECT id FROM made)
     INSERT INTO "LadderStep" ("caseId", "stepKey", "triggerKey", "dueOn", status, "doneAt", "recordedBy", "staffId", note)
     SELECT c.id, 'support-plan', 'letter-3', $3::date, 'not-needed', now(), $4, s.id, 'term-time holiday refused and taken: support not appropriate'
     FROM c, s
     ON CONFLICT ("caseId", "stepKey", "dueOn") DO NOTHING`,
    [DEMO_SCHOOL, DEMO_PEOPLE.seniorLeader.email, isoOf(firstHolidayDay), actorLabel({ kind: 'system', what: 'demo-seed' })],
  );
}

/** The open sessions from a day to the as-of date's AM, in order. */
function openSlots(calendar: SchoolCalendar, from: DayNumber, asOf: DayNumber): number[] {
  const out: number[] = [];
  for (const d of calendar.schoolDays) {
    if (d < from || d > asOf) continue;
    for (const s of ['AM', 'PM'] as const) if (calendar.isOpen(d, s) && !(d === asOf && s === 'PM')) out.push(slotOf(d, s));
  }
  return out;
}

/**
 * Pupils whose registers are written, not generated, so that the as-of morning has one of each
 * post the jobs make: Cleo Cusp crosses into persistent absence this morning (ill today, just
 * under 10% before it), Percy Penn reaches the penalty threshold this morning (9 sessions of
 * holiday not agreed in the last week, unauthorised absence today).
 */
const SCRIPTED: Record<string, (calendar: SchoolCalendar, admitted: DayNumber, asOf: DayNumber, mark: (slot: number, code: string) => void) => void> = {
  DEMO10001: (calendar, admitted, asOf, mark) => {
    const slots = openSlots(calendar, admitted, asOf);
    const before = slots.length - 1; // possible sessions before this morning
    const absent = Math.floor(before / 10); // under 10% before; 10% or more with this morning
    slots.forEach((slot, i) => mark(slot, i === slots.length - 1 || i < absent ? 'I' : slot % 2 === 0 ? '/' : '\\'));
  },
  DEMO8001: (calendar, admitted, asOf, mark) => {
    const slots = openSlots(calendar, admitted, asOf);
    const holiday = new Set(slots.slice(-10, -1)); // the nine sessions before this morning
    slots.forEach((slot, i) => mark(slot, i === slots.length - 1 ? 'O' : holiday.has(slot) ? 'G' : slot % 2 === 0 ? '/' : '\\'));
  },
};

/**
 * Cleo joins on a day that makes her crossing exact: with P possible sessions before this
 * morning, floor(P/10) absences are under 10% and one more is 10% or more, unless P is a
 * multiple of 10; she joins one school day later then.
 */
function cuspAdmission(calendar: SchoolCalendar, asOf: DayNumber): DayNumber {
  const start = calendar.schoolDays[0]!;
  const before = openSlots(calendar, start, asOf).length - 1;
  return before % 10 === 0 ? (calendar.schoolDays[1] ?? start) : start;
}

function demoPupils(calendar: SchoolCalendar, asOf: DayNumber): RollImportRow[] {
  const rnd = prng(42);
  const start = isoOf(calendar.schoolDays[0]!);
  const rows: RollImportRow[] = [];
  for (const year of YEARS) {
    for (let n = 1; n <= PER_YEAR; n++) {
      const upn = `DEMO${year}${String(n).padStart(3, '0')}`;
      const given = GIVEN[Math.floor(rnd() * GIVEN.length)]!;
      const family = FAMILY[Math.floor(rnd() * FAMILY.length)]!;
      const r = rnd();
      // a few join mid-year
      const admitted = n === PER_YEAR ? isoOf(calendar.schoolDays[Math.min(40, calendar.schoolDays.length - 1)]!) : start;
      rows.push({
        upn, given_name: given, family_name: family, year, reg_group: `${year}${FORMS[(n - 1) % 3]}`,
        admission_date: admitted, date_of_birth: `${2025 - year - 5}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-15`,
        pupil_premium: r < 0.25, fsm: r < 0.22, send: rnd() < 0.12 ? 'support' : rnd() < 0.02 ? 'ehcp' : 'none',
        social_worker: rnd() < 0.03 ? 'child_in_need' : rnd() < 0.01 ? 'child_protection' : 'none',
        looked_after: rnd() < 0.01 ? 'looked_after' : 'none', young_carer: rnd() < 0.02,
        contact1_name: `${GIVEN[Math.floor(rnd() * GIVEN.length)]} ${family}`, contact1_relationship: 'parent',
        contact1_phone: `07700 9${String(Math.floor(rnd() * 100000)).padStart(5, '0')}`,
      });
    }
  }
  const ava = rows.find((r) => r.upn === 'DEMO9001')!;
  Object.assign(ava, { given_name: 'Ava', family_name: 'Nine', reg_group: '9A', social_worker: 'child_in_need', contact1_name: 'Kim Nine', admission_date: start });
  const sam = rows.find((r) => r.upn === 'DEMO7001')!;
  Object.assign(sam, { given_name: 'Sam', family_name: 'Seven', reg_group: '7A', social_worker: 'none', contact1_name: 'Alex Seven', admission_date: start });
  Object.assign(rows.find((r) => r.upn === 'DEMO10001')!, { given_name: 'Cleo', family_name: 'Cusp', social_worker: 'none', contact1_name: 'Jo Cusp', admission_date: isoOf(cuspAdmission(calendar, asOf)) });
  Object.assign(rows.find((r) => r.upn === 'DEMO8001')!, { given_name: 'Percy', family_name: 'Penn', social_worker: 'none', contact1_name: 'Ray Penn', admission_date: start });
  return rows;
}

function demoStaff(): StaffImportRow[] {
  const p = DEMO_PEOPLE;
  const staff = (x: { name: string; email: string; slack: string; aad: string }, roles: StaffImportRow['roles']): StaffImportRow =>
    ({ name: x.name, email: x.email, roles, slack_user_id: x.slack, teams_aad_object_id: x.aad });
  return [
    staff(p.attendanceOfficer, [{ role: 'attendance_officer' }]),
    staff(p.headOfYear9, [{ role: 'head_of_year', yearGroup: 9 }]),
    staff(p.dsl, [{ role: 'dsl' }]),
    staff(p.deputyDsl, [{ role: 'deputy_dsl' }]),
    staff(p.seniorLeader, [{ role: 'senior_leader' }]),
  ];
}

async function writeChannels(db: Db): Promise<void> {
  const slack: [Purpose, number | undefined, string][] = [
    ['attendance', undefined, DEMO_CHANNELS.attendance], ['dsl', undefined, DEMO_CHANNELS.dsl], ['senior', undefined, DEMO_CHANNELS.senior],
    ...YEARS.map((y) => ['year', y, DEMO_CHANNELS.year(y)] as [Purpose, number, string]),
  ];
  const channels = pgChannels(db);
  for (const [purpose, yearGroup, channelId] of slack) {
    await channels.bind({ schoolId: DEMO_SCHOOL, target: { platform: 'slack', channelId }, purpose, ...(yearGroup !== undefined ? { yearGroup } : {}) });
  }
}

