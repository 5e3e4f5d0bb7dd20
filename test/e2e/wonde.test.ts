/**
 * Registers arrive by themselves: the Wonde connector end to end against a stand-in of Wonde's
 * School Data API: the first sync of a school (roll, contacts, a term of marks) from the command
 * line as chat-contract.md names it; an incremental sync fetching only what changed; a changed
 * mark becoming an amendment; an unmappable code refused with the mark named; a 429 then
 * success; a revoked token stopping with a message and nothing changed; a code changed from chat
 * written back once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgMisStore } from '../../src/adapters/db/mis-store.ts';
import { setCalendar, upsertSchool } from '../../src/adapters/db/school-store.ts';
import { pgImports } from '../../src/adapters/db/stores.ts';
import { wondeSource } from '../../src/adapters/mis/wonde/wonde.ts';
import { chatContextOf } from '../../src/app/deps.ts';
import { syncMis } from '../../src/app/imports/sync-mis.ts';
import { logCall } from '../../src/app/use-cases/casework/log-call.ts';
import { appDeps } from '../../src/compose.ts';
import { ladderPreset } from '../../src/config/ladder-presets.ts';
import { dayOf, isoOf } from '../../src/domain/dates.ts';
import { SchoolCalendar } from '../../src/domain/calendar.ts';
import { englishTermDatesAround } from '../../src/domain/term-dates.ts';
import { runCliAsync } from '../support/cli.ts';
import { freshDatabase } from '../support/db.ts';
import { type FakeWonde, fakeWonde } from '../support/fake-wonde.ts';

const AS_OF = '2025-12-17'; // the end of an autumn term
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let wonde: FakeWonde;
const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };
const env = () => ({ DATABASE_URL: ctx.url, WONDE_API_URL: wonde.url, WONDE_TOKEN: wonde.token });
const sync = (full = false) => syncMis({ mis: wondeSource({ apiUrl: wonde.url, token: wonde.token, sleep: async () => undefined }), store: pgMisStore(ctx.db), imports: pgImports(ctx.db), clock: { now: () => new Date() } }, 'oak', { full });
const count = async (sql: string, params: unknown[] = []) => Number((await ctx.db.pool.query(sql, params)).rows[0].n);
const markOf = async (upn: string, date: string, session: string) => (await ctx.db.pool.query(
  `SELECT m.code FROM "AttendanceMark" m JOIN "Pupil" p ON p.id = m."pupilId" WHERE p.upn = $1 AND m.date = $2 AND m.session = $3`, [upn, date, session])).rows[0]?.code;

beforeAll(async () => {
  ctx = await freshDatabase('wonde');
  wonde = await fakeWonde();
  const spec = englishTermDatesAround(AS_OF);
  await upsertSchool(ctx.db, { id: 'oak', name: 'Oak Academy', ladder: ladderPreset('woburn'), slackTeamId: 'T0OAK' }, who);
  await setCalendar(ctx.db, 'oak', spec, who);
  const old = new Date('2025-09-01T00:00:00Z');
  wonde.students.push(
    { id: 'A100', upn: 'K100000000001', forename: 'Ada', surname: 'Oak', year: '9', reg: '9O', admission: '2025-09-03', cin: true, contacts: [{ forename: 'Kim', surname: 'Oak', relationship: 'Mother', pr: true, mobile: '07700 900100' }, { forename: 'Lee', surname: 'Oak', relationship: 'Father', pr: true }], updatedAt: old },
    { id: 'A200', upn: 'K100000000002', forename: 'Ben', surname: 'Ash', year: '7', reg: '7A', admission: '2025-09-03', updatedAt: old },
    { id: 'A300', upn: 'K100000000003', forename: 'Cal', surname: 'Elm', year: 'Year 11', reg: '11E', admission: '2025-09-03', sen: 'E', updatedAt: old },
  );
  // the autumn term's marks: present, with some illness and a morning of N for Ada at the end
  const cal = new SchoolCalendar(spec);
  for (const d of cal.schoolDays.filter((x) => x >= dayOf('2025-09-03') && x <= dayOf(AS_OF))) {
    for (const s of wonde.students) {
      for (const session of ['AM', 'PM'] as const) {
        if (!cal.isOpen(d, session)) continue;
        const date = isoOf(d);
        const code = s.id === 'A300' && date >= '2025-11-10' && date <= '2025-11-12' ? 'I' : session === 'AM' ? '/' : '\\';
        wonde.marks.push({ student: s.id, date, session, code: s.id === 'A100' && date === AS_OF && session === 'AM' ? 'N' : code, updatedAt: old });
      }
    }
  }
});
afterAll(async () => { await wonde?.close(); await ctx?.drop(); });

describe('connecting and a first sync, from the command line', () => {
  it('`school connect wonde` binds the school; `school sync --full` lands the roll, contacts and a term of marks and exits 0', async () => {
    const connected = await runCliAsync(['school', 'connect', 'wonde', '--school', 'oak', '--wonde-school', wonde.school, '--write-back'], env());
    expect(connected.stderr).toBe('');
    expect(connected.stdout).toContain(`school oak: connected to Wonde school ${wonde.school} (Stand-in Academy); write-back on`);
    expect(connected.status).toBe(0);
    const synced = await runCliAsync(['school', 'sync', '--school', 'oak', '--full'], env());
    expect(synced.status).toBe(0);
    expect(synced.stdout).toMatch(/school oak: synced from Wonde \(full\): students 3 \(3 new, 0 updated\); marks \d+ \(\d+ new/);
    expect(synced.stderr).toContain('school sync: attendance:'); // progress as it goes
    // the token is never printed, nor stored
    expect(synced.stdout + synced.stderr + connected.stdout).not.toContain(wonde.token);
    expect(JSON.stringify((await ctx.db.pool.query(`SELECT * FROM "MisConnection"`)).rows)).not.toContain(wonde.token);
    expect(await count(`SELECT count(*) AS n FROM "Pupil" WHERE "schoolId" = 'oak'`)).toBe(3);
    const ada = (await ctx.db.pool.query(`SELECT "yearGroup", "regGroup", "socialWorker", upn FROM "Pupil" WHERE upn = 'K100000000001'`)).rows[0];
    expect(ada).toEqual({ yearGroup: 9, regGroup: '9O', socialWorker: 'child_in_need', upn: 'K100000000001' });
    expect((await ctx.db.pool.query(`SELECT "yearGroup", send FROM "Pupil" WHERE upn = 'K100000000003'`)).rows[0]).toEqual({ yearGroup: 11, send: 'ehcp' });
    expect((await ctx.db.pool.query(`SELECT c.name, c.phone, c."parentalResponsibility" FROM "Contact" c JOIN "Pupil" p ON p.id = c."pupilId" WHERE p.upn = 'K100000000001' ORDER BY c.priority`)).rows)
      .toEqual([{ name: 'Kim Oak', phone: '07700 900100', parentalResponsibility: true }, { name: 'Lee Oak', phone: null, parentalResponsibility: true }]);
    expect(await count(`SELECT count(*) AS n FROM "AttendanceMark" WHERE "schoolId" = 'oak'`)).toBe(wonde.marks.length);
    expect(await markOf('K100000000001', AS_OF, 'AM')).toBe('N');
    expect(await markOf('K100000000003', '2025-11-11', 'PM')).toBe('I');
    const status = await runCliAsync(['school', 'mis-status', '--school', 'oak'], env());
    expect(status.stdout).toMatch(/school oak: wonde A1930499544, write-back on: attendance \d{4}-\d\d-\d\d \d\d:\d\d \(\d+ rows\); employees .*; students .* \(3 rows\)/);
  });
});

describe('incremental syncs', () => {
  it('fetch only what changed (counting the requests), and a changed mark is an amendment', async () => {
    const m = wonde.marks.find((x) => x.student === 'A200' && x.date === '2025-12-15' && x.session === 'AM')!;
    m.code = 'M';
    m.updatedAt = new Date(Date.now() + 5 * 60_000);
    const before = wonde.requests.length;
    const r = await sync();
    const asked = wonde.requests.slice(before).filter((q) => q.path.endsWith('/attendance/session'));
    expect(asked).toHaveLength(1); // one page: only the changed mark
    expect(asked[0]!.query.get('updated_after')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(r.marks).toMatchObject({ rows: 1, amended: 1 });
    expect(await markOf('K100000000002', '2025-12-15', 'AM')).toBe('M');
    const amendment = (await ctx.db.pool.query(`SELECT a."originalCode", a."newCode", a.source FROM "MarkAmendment" a JOIN "Pupil" p ON p.id = a."pupilId" WHERE p.upn = 'K100000000002'`)).rows;
    expect(amendment).toEqual([{ originalCode: '/', newCode: 'M', source: 'mis' }]);
  });

  it('a code the DfE list does not know is refused with the mark named, and nothing changes', async () => {
    wonde.codes.push({ id: 'C9999', code: 'Q9', description: 'local code' });
    const m = wonde.marks.find((x) => x.student === 'A300' && x.date === '2025-12-16' && x.session === 'PM')!;
    m.code = 'Q9';
    m.updatedAt = new Date(Date.now() + 10 * 60_000);
    const marksBefore = await count(`SELECT count(*) AS n FROM "MarkAmendment"`);
    const err = await sync().catch((e: Error) => e);
    expect(String(err)).toContain('K100000000003 2025-12-16 PM: the MIS\'s code "Q9" (local code) is not a DfE 2024 attendance code');
    expect(await markOf('K100000000003', '2025-12-16', 'PM')).toBe('\\');
    expect(await count(`SELECT count(*) AS n FROM "MarkAmendment"`)).toBe(marksBefore);
    m.code = '\\';
  });

  it('waits out a 429 and then syncs', async () => {
    wonde.rateLimitNext(2);
    const r = await sync();
    expect(r.marks).toBeDefined();
    expect((await ctx.db.pool.query(`SELECT "lastError" FROM "MisSyncState" WHERE "schoolId" = 'oak' AND resource = 'attendance'`)).rows[0].lastError).toBeNull();
  });

  it('a revoked token stops the sync with a message, and nothing is changed', async () => {
    const m = wonde.marks.find((x) => x.student === 'A200' && x.date === '2025-12-16' && x.session === 'AM')!;
    m.code = 'O';
    m.updatedAt = new Date(Date.now() + 15 * 60_000);
    const real = wonde.token;
    const r = await runCliAsync(['school', 'sync', '--school', 'oak'], { ...env(), WONDE_TOKEN: 'revoked-token' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^school sync: Wonde refused the token \(401\) for .*; nothing was changed$/);
    expect(r.stderr).not.toContain('revoked-token');
    expect(await markOf('K100000000002', '2025-12-16', 'AM')).toBe('/');
    expect((await ctx.db.pool.query(`SELECT "lastError" FROM "MisSyncState" WHERE "schoolId" = 'oak' AND resource = 'attendance'`)).rows[0].lastError).toContain('refused the token');
    wonde.token = real;
    m.code = '/';
  });
});

describe('write-back', () => {
  it('a code changed from chat is written back to the MIS once, and the MIS then agrees', async () => {
    const deps = appDeps(ctx.db);
    await ctx.db.pool.query(`INSERT INTO "Staff" ("schoolId", name, "slackUserId") VALUES ('oak', 'Olive Officer', 'U0OAK') RETURNING id`);
    await ctx.db.pool.query(`INSERT INTO "StaffRole" ("staffId", role) SELECT id, 'attendance_officer' FROM "Staff" WHERE "slackUserId" = 'U0OAK'`);
    const officer = await chatContextOf(deps, await deps.staff.resolve({ platform: 'slack', userId: 'U0OAK', teamId: 'T0OAK' }), 'slack', async () => AS_OF);
    const ada = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'K100000000001'`)).rows[0].id;
    expect(await logCall(officer, { pupilId: ada, outcome: 'reached', reason: 'illness', amendToday: true })).toMatchObject({ ok: true, amended: 1 });
    const writesBefore = wonde.writes.length;
    const r = await sync();
    expect(r.writtenBack).toBe(1);
    expect(wonde.writes.slice(writesBefore)).toEqual([{ attendance: [expect.objectContaining({ student_id: 'A100', date: AS_OF, session: 'AM', attendance_code_id: wonde.codes.find((c) => c.code === 'I')!.id })] }]);
    // written once: the next sync does not write it again, and reads the MIS's I back
    const again = await sync();
    expect(again.writtenBack).toBe(0);
    expect(wonde.writes.length).toBe(writesBefore + 1);
    expect(await markOf('K100000000001', AS_OF, 'AM')).toBe('I');
    const pending = (await ctx.db.pool.query(`SELECT "writtenBackAt" IS NOT NULL AS written, "resolvedBy" FROM "MisUpdate"`)).rows;
    expect(pending).toEqual([{ written: true, resolvedBy: 'import' }]);
  });
});

describe('the schedule', () => {
  it('syncs marks every few minutes in a register window and hourly in school hours, not otherwise', async () => {
    const { jobDeps, misConnector } = await import('../../src/compose.ts');
    const { runJob } = await import('../../src/app/jobs/index.ts');
    let now = new Date('2025-12-17T06:30:00Z');
    const deps = jobDeps(ctx.db, {}, { now: () => now }, undefined, misConnector(ctx.db, { WONDE_API_URL: wonde.url, WONDE_TOKEN: wonde.token }));
    const asked = () => wonde.requests.filter((q) => q.path.endsWith('/attendance/session') && q.method === 'GET').length;
    const before = asked();
    await runJob(deps, 'mis-sync', 'oak', AS_OF); // 06:30: no register, before school hours
    expect(asked()).toBe(before);
    now = new Date('2025-12-17T09:20:00Z'); // the AM register closed at 09:15: within the hour after it
    await runJob(deps, 'mis-sync', 'oak', AS_OF);
    expect(asked()).toBe(before + 1);
    now = new Date('2025-12-17T11:32:00Z'); // mid-morning, not the hour's first run
    await runJob(deps, 'mis-sync', 'oak', AS_OF);
    expect(asked()).toBe(before + 1);
    now = new Date('2025-12-17T12:02:00Z'); // the hour's first run
    await runJob(deps, 'mis-sync', 'oak', AS_OF);
    expect(asked()).toBe(before + 2);
  });
});

describe('employees', () => {
  it('give staff their names as the MIS has them, matched by email; roles stay the school\'s own', async () => {
    await ctx.db.pool.query(`INSERT INTO "Staff" ("schoolId", name, email) VALUES ('oak', 'P. Head', 'head@oak.sch.uk')`);
    await ctx.db.pool.query(`INSERT INTO "StaffRole" ("staffId", role) SELECT id, 'senior_leader' FROM "Staff" WHERE email = 'head@oak.sch.uk'`);
    wonde.employees.push({ id: 'E1', forename: 'Priya', surname: 'Headley', email: 'HEAD@oak.sch.uk' }, { id: 'E2', forename: 'Not', surname: 'Staff', email: 'nobody@oak.sch.uk' });
    const r = await syncMis({ mis: wondeSource({ apiUrl: wonde.url, token: wonde.token }), store: pgMisStore(ctx.db), imports: pgImports(ctx.db), clock: { now: () => new Date() } }, 'oak', { marks: false });
    expect(r.staffRenamed).toBe(1);
    expect((await ctx.db.pool.query(`SELECT s.name, r.role FROM "Staff" s JOIN "StaffRole" r ON r."staffId" = s.id WHERE s.email = 'head@oak.sch.uk'`)).rows).toEqual([{ name: 'Priya Headley', role: 'senior_leader' }]);
    expect(await count(`SELECT count(*) AS n FROM "Staff" WHERE email = 'nobody@oak.sch.uk'`)).toBe(0); // the MIS does not add staff: the school's staff import does
  });
});


describe('the MIS as an untrusted source, in its real shapes', () => {
  it('a contact\'s relationship given plain (as Wonde\'s clients and published output show it) lands the contact', async () => {
    wonde.relationship = 'plain';
    wonde.students.push({ id: 'A400', upn: 'K100000000004', forename: 'Dee', surname: 'Yew', year: '8', reg: '8Y', admission: '2025-09-03', contacts: [{ forename: 'Sam', surname: 'Yew', relationship: 'Carer', pr: false, mobile: '07700 900400' }], updatedAt: new Date(Date.now() + 15 * 60_000) });
    try {
      const r = await syncMis({ mis: wondeSource({ apiUrl: wonde.url, token: wonde.token }), store: pgMisStore(ctx.db), imports: pgImports(ctx.db), clock: { now: () => new Date() } }, 'oak', { marks: false });
      expect(r.roll?.rows).toBeGreaterThanOrEqual(1);
      expect((await ctx.db.pool.query(`SELECT k.name, k.relationship, k."parentalResponsibility", k.phone FROM "Contact" k JOIN "Pupil" p ON p.id = k."pupilId" WHERE p.upn = 'K100000000004'`)).rows)
        .toEqual([{ name: 'Sam Yew', relationship: 'Carer', parentalResponsibility: false, phone: '07700 900400' }]);
    } finally { wonde.relationship = 'wrapped'; }
  });

  it('a page on another origin never receives the token; a page naming itself is not followed for ever', async () => {
    const { createServer } = await import('node:http');
    const seen: (string | undefined)[] = [];
    const elsewhere = createServer((req, res) => { seen.push(req.headers.authorization); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"data":[]}'); });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', () => r()));
    const source = wondeSource({ apiUrl: wonde.url, token: wonde.token });
    try {
      wonde.next = { origin: `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}` };
      const err = await source.pupils(wonde.school, undefined).catch((e: Error) => e);
      expect(String(err)).toContain('a Wonde page named another origin');
      expect(seen).toEqual([]);
      wonde.next = 'self';
      const before = wonde.requests.length;
      const loop = await source.pupils(wonde.school, undefined).catch((e: Error) => e);
      expect(String(loop)).toContain('named a page it had already given');
      expect(wonde.requests.length - before).toBe(1); // read once; its naming itself as next is refused before asking again
    } finally {
      wonde.next = 'own';
      await new Promise<void>((r) => elsewhere.close(() => r()));
    }
  });

  it('a listing of many pages is read ahead, several at once, and comes whole, in order, each page once; a refused read returns nothing', async () => {
    const before = wonde.marks.length;
    for (let i = 0; i < 2_345; i++) wonde.marks.push({ student: wonde.students[0]!.id, date: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}`, session: i % 2 ? 'PM' : 'AM', code: '/', updatedAt: new Date('2099-01-01T00:00:00Z') });
    try {
      const source = wondeSource({ apiUrl: wonde.url, token: wonde.token });
      const asked = wonde.requests.length;
      const marks = await source.marks(wonde.school, new Date('2098-12-31T00:00:00Z'));
      expect(marks).toHaveLength(2_345);
      expect(marks.map((m) => `${m.date} ${m.session}`)).toEqual(wonde.marks.slice(before).map((m) => `${m.date} ${m.session}`));
      const pages = wonde.requests.slice(asked).map((r) => r.query.get('page') ?? '1');
      expect(new Set(pages).size).toBe(pages.length); // no page twice
      expect(pages.length).toBeGreaterThanOrEqual(12); // 12 pages of 200
      expect(pages.length).toBeLessThanOrEqual(12 + 6); // and at most the pages read ahead past the end
      // refused: the read fails with why, and returns nothing
      const failing = wondeSource({ apiUrl: wonde.url, token: 'not-the-token', sleep: async () => undefined });
      await expect(failing.marks(wonde.school, new Date('2098-12-31T00:00:00Z'))).rejects.toThrow(/refused the token/);
    } finally {
      wonde.marks.splice(before);
    }
  });

  it('a request that never answers is given up after the timeout', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const source = wondeSource({ apiUrl: `http://127.0.0.1:${(silent.address() as { port: number }).port}/v1.0`, token: 't', timeoutMs: 300 });
      expect(String(await source.codes('X').catch((e: Error) => e))).toContain('did not answer within 0.3 s');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('the school\'s own code list is read and mapped: a mark in a code of the school\'s lands as its DfE code', async () => {
    wonde.schoolCodes.push({ id: 'S-ILL', code: 'ILL', description: 'Ill (school code)', dfe_code: 'I' });
    const m = wonde.marks.find((x) => x.student === 'A200' && x.date === '2025-12-16' && x.session === 'AM')!;
    m.code = 'ILL';
    m.updatedAt = new Date(Date.now() + 20 * 60_000);
    await sync();
    expect(await markOf('K100000000002', '2025-12-16', 'AM')).toBe('I');
    expect(wonde.requests.some((q) => q.path.endsWith(`/schools/${wonde.school}/attendance-codes`))).toBe(true);
  });

  it('one sync of a school at a time: a second while the first runs is refused, and the lease is let go after', async () => {
    const store = pgMisStore(ctx.db);
    expect(await store.claimSync('oak', new Date(Date.now() + 60_000))).toBe(true);
    try {
      expect(String(await sync().catch((e: Error) => e))).toContain('a sync of school oak is already running');
    } finally { await store.releaseSync('oak'); }
    expect(await sync()).toBeDefined();
    expect((await ctx.db.pool.query(`SELECT "syncLeaseUntil" FROM "MisConnection" WHERE "schoolId" = 'oak'`)).rows[0].syncLeaseUntil).toBeNull();
  });
});
