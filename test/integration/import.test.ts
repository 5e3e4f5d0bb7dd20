import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/adapters/ingest/register-csv.ts';
import { importPupils, importRegister, importStaff } from '../../src/adapters/ingest/import-files.ts';
import { pgImports } from '../../src/adapters/db/stores.ts';
import { ladderPreset } from '../../src/config/ladder-presets.ts';
import { loadRegisters, loadSchool, setCalendar, upsertSchool } from '../../src/adapters/db/school-store.ts';
import { LA_SINGLE_CHARACTER_MAP } from '../../src/domain/codes.ts';
import { dayOf } from '../../src/domain/dates.ts';
import { statisticsBetween } from '../../src/domain/statistics.ts';
import { freshDatabase } from '../support/db.ts';
import { YEAR_2024_25 } from '../support/registers.ts';

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };
const count = async (sql: string, params: unknown[] = []) => (await ctx.db.pool.query(sql, params)).rows[0].n as number;

beforeAll(async () => {
  ctx = await freshDatabase('import');
  await upsertSchool(ctx.db, { id: 'oiam', name: 'One In A Million', ladder: ladderPreset('one-in-a-million') }, who);
  await setCalendar(ctx.db, 'oiam', YEAR_2024_25, who);
});
afterAll(async () => { await ctx.drop(); });

const PUPILS = `upn,given_name,family_name,year,reg_group,admission_date,social_worker,pupil_premium,contact1_name,contact1_phone
A100,Ava,"Nine, Jr",9,9A,2024-09-04,cin,yes,Kim Nine,07700 900001
B200,Sam,Seven,7,7B,2024-09-04,,no,Alex Seven,
`;

describe('import pupils and staff', () => {
  it('imports the roll with contacts and cohort flags, and re-imports as an update', async () => {
    expect(await importPupils(pgImports(ctx.db), 'oiam', PUPILS, 'roll.csv', who)).toMatchObject({ rows: 2, inserted: 2, contacts: 2 });
    const ava = await ctx.db.prisma.pupil.findFirstOrThrow({ where: { upn: 'A100' }, include: { contacts: true } });
    expect(ava).toMatchObject({ familyName: 'Nine, Jr', socialWorker: 'child_in_need', pupilPremium: true, yearGroup: 9 });
    expect(ava.contacts[0]).toMatchObject({ name: 'Kim Nine', phone: '07700 900001' });
    expect(await importPupils(pgImports(ctx.db), 'oiam', PUPILS.replace('9A', '9C'), 'roll.csv', who)).toMatchObject({ inserted: 0, updated: 2 });
    expect((await ctx.db.prisma.pupil.findFirstOrThrow({ where: { upn: 'A100' } })).regGroup).toBe('9C');
  });

  it('rejects a roll with bad rows, listing every problem, and changes nothing', async () => {
    const bad = `upn,given_name,family_name,year,reg_group,admission_date,send
A100,Ava,Nine,9,9A,2024-09-04,ehcp
C300,,Three,15,9A,2024-13-01,
A100,Ava,Again,9,9A,2024-09-04,maybe
`;
    const err = await importPupils(pgImports(ctx.db), 'oiam', bad, 'bad-roll.csv', who).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.problems.map((p: { line: number; field: string }) => `${p.line}:${p.field}`)).toEqual(['3:given_name', '3:year', '3:admission_date', '4:send']);
    expect((await ctx.db.prisma.pupil.findFirstOrThrow({ where: { upn: 'A100' } })).send).toBe('none');
    expect(await count('SELECT count(*)::int AS n FROM "Pupil"')).toBe(2);
  });

  it('imports staff with roles and chat identities', async () => {
    const staff = `name,email,roles,slack_user_id,teams_aad_object_id
Ben Carter,hoy9@x.sch.uk,head_of_year:9;form_tutor:9A,U0HOY9,00000000-0000-0000-0000-0000000000b2
Dana Lewis,dsl@x.sch.uk,dsl,U0DSL,
`;
    expect(await importStaff(pgImports(ctx.db), 'oiam', staff, 'staff.csv', who)).toMatchObject({ rows: 2, inserted: 2 });
    const ben = await ctx.db.prisma.staff.findFirstOrThrow({ where: { slackUserId: 'U0HOY9' }, include: { roles: true } });
    expect(ben.roles.map((r) => [r.role, r.yearGroup, r.regGroup]).sort()).toEqual([['form_tutor', null, '9A'], ['head_of_year', 9, null]]);
    const err = await importStaff(pgImports(ctx.db), 'oiam', 'name,email,roles\nX,not-an-email,wizard\n', 'staff2.csv', who).catch((e) => e);
    expect(err.message).toContain('staff2.csv:2: field "email"');
    expect(err.message).toContain('staff2.csv:2: field "roles": unknown role "wizard"');
  });
});

describe('import register', () => {
  const week = `upn,date,session,mark
A100,2025-01-06,AM,/
A100,2025-01-06,PM,\\
A100,2025-01-07,AM,N
A100,2025-01-07,PM,N
B200,2025-01-06,AM,/
B200,2025-01-06,PM,<
`;

  it('imports marks, mapping a source\'s single characters', async () => {
    const r = await importRegister(pgImports(ctx.db), 'oiam', week, 'week.csv', { ...who, codeMap: LA_SINGLE_CHARACTER_MAP });
    expect(r).toMatchObject({ rows: 6, inserted: 6, amended: 0, unchanged: 0 });
    expect((await ctx.db.pool.query(`SELECT code FROM "AttendanceMark" m JOIN "Pupil" p ON p.id = m."pupilId" WHERE p.upn = 'B200' AND session = 'PM'`)).rows[0].code).toBe('C1');
  });

  it('an identical re-import changes nothing; a changed mark writes an amendment with the original', async () => {
    expect(await importRegister(pgImports(ctx.db), 'oiam', week, 'week.csv', { ...who, codeMap: LA_SINGLE_CHARACTER_MAP })).toMatchObject({ inserted: 0, amended: 0, unchanged: 6 });
    expect(await count('SELECT count(*)::int AS n FROM "MarkAmendment"')).toBe(0);
    const changed = week.replace('A100,2025-01-07,AM,N', 'A100,2025-01-07,AM,I').replace('A100,2025-01-07,PM,N', 'A100,2025-01-07,PM,I');
    expect(await importRegister(pgImports(ctx.db), 'oiam', changed, 'week-v2.csv', { ...who, codeMap: LA_SINGLE_CHARACTER_MAP })).toMatchObject({ inserted: 0, amended: 2, unchanged: 4 });
    const amendments = (await ctx.db.pool.query('SELECT date::text, session, "originalCode", "newCode", reason, "amendedBy", source FROM "MarkAmendment" ORDER BY session')).rows;
    expect(amendments).toEqual([
      { date: '2025-01-07', session: 'AM', originalCode: 'N', newCode: 'I', reason: 'import', amendedBy: 'cli:test', source: 'cli' },
      { date: '2025-01-07', session: 'PM', originalCode: 'N', newCode: 'I', reason: 'import', amendedBy: 'cli:test', source: 'cli' },
    ]);
    const school = await loadSchool(ctx.db, 'oiam');
    const regs = await loadRegisters(ctx.db, 'oiam', dayOf('2024-09-01'), dayOf('2025-08-31'));
    const ava = (await ctx.db.prisma.pupil.findFirstOrThrow({ where: { upn: 'A100' } })).id;
    expect(statisticsBetween(regs.get(ava)!, dayOf('2025-01-01'), dayOf('2025-01-31'))).toEqual({ possible: 4, present: 2, authorised: 2, unauthorised: 0 });
    expect(school.calendar.schoolDays.length).toBe(190);
    expect(await count(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'register.import'`)).toBe(3);
  });

  it('a file with bad rows is rejected whole: every problem listed, nothing stored changes', async () => {
    const before = (await ctx.db.pool.query('SELECT count(*)::int AS n, string_agg(code, \'\' ORDER BY "pupilId", date, session) AS codes FROM "AttendanceMark"')).rows[0];
    const bad = `upn,date,session,mark
A100,2025-01-08,AM,/
A100,2025-01-06,AM,G
ZZZ9,2025-01-08,AM,/
A100,2025-01-08,XX,/
B200,2025-01-08,AM,!
`;
    const err = await importRegister(pgImports(ctx.db), 'oiam', bad, 'bad.csv', { ...who, codeMap: LA_SINGLE_CHARACTER_MAP }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.problems.map((p: { line: number; field: string }) => `${p.line}:${p.field}`)).toEqual(['4:upn', '5:session', '6:mark']);
    const unknown = await importRegister(pgImports(ctx.db), 'oiam', 'upn,date,session,mark\nA100,2025-01-08,AM,/\nZZZ9,2025-01-08,AM,/\n', 'unknown.csv', who).catch((e) => e);
    expect(unknown.message).toBe('unknown.csv:3: field "upn": no pupil "ZZZ9" on the roll of school oiam');
    const after = (await ctx.db.pool.query('SELECT count(*)::int AS n, string_agg(code, \'\' ORDER BY "pupilId", date, session) AS codes FROM "AttendanceMark"')).rows[0];
    expect(after).toEqual(before);
  });
});

describe('a staff file naming one chat identity twice', () => {
  it('is refused with the second line named, not a database error, and nothing changes', async () => {
    const before = await count('SELECT count(*)::int AS n FROM "Staff"');
    const twice = 'name,email,roles,slack_user_id,teams_aad_object_id\nAl One,al@oak.example,dsl,U0TWICE,\nBo Two,bo@oak.example,senior_leader,U0TWICE,\n';
    const err = await importStaff(pgImports(ctx.db), 'oiam', twice, 'staff-twice.csv', who).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('staff-twice.csv:3: field "slack_user_id": "U0TWICE" is also at line 2');
    expect(await count('SELECT count(*)::int AS n FROM "Staff"')).toBe(before);
  });
});
