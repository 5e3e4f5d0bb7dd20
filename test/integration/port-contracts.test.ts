/**
 * The in-memory doubles the use-case tests run on are held to the same contract as the
 * PostgreSQL stores: each suite below runs against both, so they cannot drift apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgAnnouncements } from '../../src/adapters/db/announcement-store.ts';
import { pgJobRuns } from '../../src/adapters/db/job-run-store.ts';
import { writePupils, writeStaff } from '../../src/adapters/db/roll-store.ts';
import { upsertSchool } from '../../src/adapters/db/school-store.ts';
import { pgCases, pgFlags, pgImports, pgRegisters, pgRoll, pgStaff } from '../../src/adapters/db/stores.ts';
import { importRegister } from '../../src/adapters/ingest/import-files.ts';
import type { AttendanceCode } from '../../src/domain/codes.ts';
import type { Actor, Announcements, Cases, JobRuns, Registers, Roll, StaffDirectory } from '../../src/app/ports.ts';
import { ladderPreset } from '../../src/config/ladder-presets.ts';
import { dayOf } from '../../src/domain/dates.ts';
import { freshDatabase } from '../support/db.ts';
import { MEMORY_WORKSPACE, memoryAnnouncements, memoryJobRuns, memoryWorld, pupil } from '../support/memory.ts';
import { calendar2024 } from '../support/registers.ts';

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  ctx = await freshDatabase('contracts');
  const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };
  for (const id of ['c1', 'c2']) await upsertSchool(ctx.db, { id, name: id, ladder: ladderPreset('woburn'), ...(id === 'c1' ? MEMORY_WORKSPACE : {}) }, who);
  await writePupils(ctx.db, 'c1', [{ upn: 'A1', given_name: 'Ava', family_name: 'Nine', year: 9, reg_group: '9A', admission_date: '2024-09-02' }], { ...who, fileName: 'roll' });
  await writeStaff(ctx.db, 'c1', [{ name: 'Asha Patel', email: 'asha@c1.sch.uk', roles: [{ role: 'attendance_officer' }], slack_user_id: 'U1', teams_aad_object_id: '00000000-0000-0000-0000-00000000aaaa' }], { ...who, fileName: 'staff' });
});
afterAll(async () => { await ctx?.drop(); });

const stores = <T>(memory: () => T, pg: () => T): [string, () => T][] => [['in memory', memory], ['PostgreSQL', pg]];

describe.each(stores<Announcements>(memoryAnnouncements, () => pgAnnouncements(ctx.db)))('Announcements, %s', (_name, make) => {
  it('keeps one state per school, kind and pupil: saved again, the last one stands; other schools and kinds apart', async () => {
    const a = make();
    await a.save('c1', 'penalty-threshold', [{ pupilId: 1, state: 'met', previous: 'not-met', changedOn: '2025-02-25' }, { pupilId: 2, state: 'not-met', previous: 'not-met', changedOn: '2025-02-25' }]);
    await a.save('c1', 'penalty-threshold', [{ pupilId: 1, state: 'not-met', previous: 'met', changedOn: '2025-03-10' }]);
    await a.save('c1', 'absence-status', [{ pupilId: 1, state: 'persistent', previous: 'none', changedOn: '2025-02-26' }]);
    await a.save('c2', 'penalty-threshold', [{ pupilId: 1, state: 'met', previous: 'met', changedOn: '2025-01-01' }]);
    await a.save('c1', 'penalty-threshold', []);
    expect(await a.last('c1', 'penalty-threshold')).toEqual(new Map([
      [1, { state: 'not-met', previous: 'met', changedOn: '2025-03-10' }],
      [2, { state: 'not-met', previous: 'not-met', changedOn: '2025-02-25' }],
    ]));
    expect([...(await a.last('c1', 'absence-status')).keys()]).toEqual([1]);
    expect((await a.last('c2', 'penalty-threshold')).get(1)?.changedOn).toBe('2025-01-01');
  });
});

describe.each(stores<JobRuns>(memoryJobRuns, () => pgJobRuns(ctx.db)))('JobRuns, %s', (_name, make) => {
  it('keeps the latest finish of each kind for a school and day, whatever order they are told in', async () => {
    const r = make();
    await r.finished('c1', 'morning-list', '2025-02-26', new Date('2025-02-26T09:06:00Z'));
    await r.finished('c1', 'morning-list', '2025-02-26', new Date('2025-02-26T09:00:00Z'));
    await r.finished('c1', 'safeguarding-flags', '2025-02-26', new Date('2025-02-26T13:57:00Z'));
    await r.finished('c1', 'morning-list', '2025-02-27', new Date('2025-02-27T09:06:00Z'));
    const day = await r.lastFinished('c1', '2025-02-26');
    expect([...day.entries()].map(([k, v]) => [k, v.toISOString()]).sort()).toEqual([
      ['morning-list', '2025-02-26T09:06:00.000Z'], ['safeguarding-flags', '2025-02-26T13:57:00.000Z'],
    ]);
    expect((await r.lastFinished('c2', '2025-02-26')).size).toBe(0);
  });
});

/** One pupil and one officer in one school, in the store under test. */
interface CaseFixture {
  readonly cases: Cases; readonly schoolId: string; readonly pupilId: number; readonly officer: Actor; readonly officerName: string;
  readonly registers?: Registers; readonly roll?: Roll;
  /** Sets the pupil's AM and PM marks on a day, as an import would. */
  readonly marks: (date: string, am: AttendanceCode, pm: AttendanceCode) => Promise<void>;
}

function memoryCases(): CaseFixture {
  const ava = pupil({ givenName: 'Ava', familyName: 'Nine', yearGroup: 9 });
  const w = memoryWorld({ calendar: calendar2024(), ladder: ladderPreset('woburn'), pupils: [ava], staff: [{ id: 1, schoolId: 'mem', name: 'Asha Patel', grants: [{ role: 'attendance_officer' }], slackUserId: 'U1', teamsAadObjectId: null }] });
  return {
    cases: w.deps.cases, registers: w.deps.registers, roll: w.deps.roll, schoolId: 'mem', pupilId: ava.id, officer: { kind: 'staff', staffId: 1 }, officerName: 'Asha Patel',
    marks: async (date, am, pm) => { w.mark(ava.id, [{ date, session: 'AM', code: am }, { date, session: 'PM', code: pm }]); },
  };
}

async function pgCaseFixture(): Promise<CaseFixture> {
  const pupilId = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE "schoolId" = 'c1' AND upn = 'A1'`)).rows[0].id;
  // each test on a pupil of its own history: the case is cleared first
  await ctx.db.pool.query(`DELETE FROM "Case" WHERE "pupilId" = $1`, [pupilId]);
  const staffId = (await ctx.db.pool.query(`SELECT id FROM "Staff" WHERE "schoolId" = 'c1'`)).rows[0].id;
  await ctx.db.pool.query(`DELETE FROM "MarkAmendment" WHERE "pupilId" = $1`, [pupilId]);
  return {
    cases: pgCases(ctx.db), schoolId: 'c1', pupilId, officer: { kind: 'staff', staffId }, officerName: 'Asha Patel',
    marks: async (date, am, pm) => {
      await importRegister(pgImports(ctx.db), 'c1', `upn,date,session,mark\nA1,${date},AM,${am}\nA1,${date},PM,${pm}\n`, 'marks.csv', { actor: { kind: 'cli', user: 'test' }, source: 'cli' });
    },
  };
}

describe.each([['in memory', async () => memoryCases()], ['PostgreSQL', pgCaseFixture]] as const)('Cases, %s', (_name, make) => {
  it("a call counts on the school day it is recorded for, whatever the clock's day: on the day's list, and as contact only when a parent was reached", async () => {
    const { cases, schoolId, pupilId, officer, officerName } = await make();
    await cases.record(schoolId, pupilId, officer, async (tx) => {
      await tx.addAction({ kind: 'call', summary: 'Call: voicemail', day: '2025-02-21', outcome: 'voicemail', contactId: null, reason: null, note: null, amended: 0 });
      await tx.addAction({ kind: 'call', summary: 'Call: reached', day: '2025-02-24', outcome: 'reached', contactId: null, reason: 'illness', note: 'temperature', amended: 0 });
    });
    expect(await cases.callsOn(schoolId, '2025-02-24', [pupilId])).toEqual(new Map([[pupilId, { at: expect.any(Date), actorName: officerName, outcome: 'reached' }]]));
    expect((await cases.callsOn(schoolId, '2025-02-21', [pupilId])).get(pupilId)?.outcome).toBe('voicemail');
    expect((await cases.callsOn(schoolId, '2025-02-25', [pupilId])).size).toBe(0);
    expect((await cases.facts(schoolId, [pupilId])).get(pupilId)?.lastContact).toBe(dayOf('2025-02-24'));
  });

  it('meetings due: booked and not settled, up to the time asked, soonest first; a settled one is not due', async () => {
    const { cases, schoolId, pupilId, officer } = await make();
    const [early, late] = [new Date('2025-02-24T15:30:00Z'), new Date('2025-02-26T15:30:00Z')];
    const ids = await cases.record(schoolId, pupilId, officer, async (tx) => [await tx.bookMeeting(late, 'Mum'), await tx.bookMeeting(early, 'Dad')]);
    const upTo = (iso: string) => cases.meetingsDue(schoolId, new Date(iso)).then((ms) => ms.filter((m) => m.pupilId === pupilId).map((m) => [m.id, m.scheduledAt.toISOString(), m.attendees]));
    expect(await upTo('2025-02-25T00:00:00Z')).toEqual([[ids[1], early.toISOString(), 'Dad']]);
    expect(await upTo('2025-02-26T23:59:00Z')).toEqual([[ids[1], early.toISOString(), 'Dad'], [ids[0], late.toISOString(), 'Mum']]);
    await cases.record(schoolId, pupilId, officer, (tx) => tx.settleMeeting(ids[1]!, 'attended', null));
    expect(await upTo('2025-02-26T23:59:00Z')).toEqual([[ids[0], late.toISOString(), 'Mum']]);
  });

  it('a plan sets a review, due until a review of it is held; a step is recorded with who did it, by name', async () => {
    const { cases, schoolId, pupilId, officer, officerName } = await make();
    await cases.record(schoolId, pupilId, officer, async (tx) => {
      await tx.addAction({ kind: 'plan-started', summary: 'Support plan started', day: '2025-02-24', plan: 'support-plan', reviewOn: '2025-03-10', note: null });
      await tx.recordStep({ stepKey: 'letter-96', rungKey: 'below-96', state: 'done', day: '2025-02-24' });
    });
    const facts = (await cases.facts(schoolId, [pupilId])).get(pupilId)!;
    expect(facts.reviews).toEqual([{ actionId: expect.any(Number), kind: 'plan-started', title: 'Support plan started', on: dayOf('2025-03-10') }]);
    expect(facts.steps).toEqual([{ key: 'letter-96', state: 'done', day: dayOf('2025-02-24'), by: officerName }]);
    await cases.record(schoolId, pupilId, officer, (tx) => tx.addAction({ kind: 'review-held', summary: 'Review held', day: '2025-03-10', reviewOf: facts.reviews[0]!.actionId, note: null }));
    expect((await cases.facts(schoolId, [pupilId])).get(pupilId)!.reviews).toEqual([]);
  });

  it("the pupil's file lists the case newest first, each entry with its kind, summary, note and who; work that fails keeps nothing", async () => {
    const { cases, schoolId, pupilId, officer, officerName } = await make();
    await cases.record(schoolId, pupilId, officer, async (tx) => {
      await tx.addAction({ kind: 'call', summary: 'Call: reached', day: '2025-02-24', outcome: 'reached', contactId: null, reason: null, note: 'mum will ring back', amended: 0 });
    });
    await cases.record(schoolId, pupilId, officer, (tx) => tx.addAction({ kind: 'penalty-declined', summary: 'Penalty notice not appropriate: support first', day: '2025-02-24' }));
    await expect(cases.record(schoolId, pupilId, officer, async (tx) => {
      await tx.addAction({ kind: 'letter-sent', summary: 'Letter sent: Letter 1', day: '2025-02-24', stepKey: 'letter-96' });
      throw new Error('refused');
    })).rejects.toThrow('refused');
    const { file } = await cases.pupilFile(schoolId, pupilId, 10);
    expect(file?.entries.map((e) => e.staffId)).toEqual([officer.kind === 'staff' ? officer.staffId : null, officer.kind === 'staff' ? officer.staffId : null]);
    expect(file?.entries.map(({ at: _at, id: _id, staffId: _s, ...e }) => e)).toEqual([
      { kind: 'penalty-declined', outcome: null, summary: 'Penalty notice not appropriate: support first', actorName: officerName },
      { kind: 'call', outcome: 'reached', summary: 'Call: reached', note: 'mum will ring back', actorName: officerName },
    ]);
  });
});

describe.each([
  ['in memory', async () => { const f = memoryCases(); return { ...f, registers: f.registers!, roll: f.roll! }; }],
  ['PostgreSQL', async () => ({ ...(await pgCaseFixture()), registers: pgRegisters(ctx.db), roll: pgRoll(ctx.db) })],
] as const)('Registers: resolved marks, %s', (_name, make) => {
  it("an N given a reason from chat is resolved by the person, with the code; other sessions and days are not", async () => {
    const { cases, schoolId, pupilId, officer, officerName, registers, marks } = await make();
    await marks('2025-02-24', 'N', 'N');
    await cases.record(schoolId, pupilId, officer, (tx) => tx.amendUnexplained('2025-02-24', 'I', 'call: illness', 'slack'));
    const am = await registers.resolved(schoolId, '2025-02-24', 'AM');
    expect(am.get(pupilId)).toEqual({ code: 'I', by: officerName, at: expect.any(Date) });
    expect((await registers.resolved(schoolId, '2025-02-25', 'AM')).size).toBe(0);
  });

  it('the pupils with an N between two days: only while it is N, only within the days', async () => {
    const { cases, schoolId, pupilId, officer, registers, marks } = await make();
    await marks('2025-02-26', '/', 'N');
    const [d26, d27] = [dayOf('2025-02-26'), dayOf('2025-02-27')];
    expect(await registers.withN(schoolId, d26, d26)).toEqual([pupilId]);
    expect(await registers.withN(schoolId, d27, d27 + 30)).toEqual([]);
    await cases.record(schoolId, pupilId, officer, (tx) => tx.amendUnexplained('2025-02-26', 'I', 'call: illness', 'slack'));
    expect(await registers.withN(schoolId, d26 - 30, d27)).toEqual([]);
  });
});

describe.each([['in memory', async () => memoryCases()], ['PostgreSQL', pgCaseFixture]] as const)('Cases: undo, %s', (_name, make) => {
  it('an entry undone stays in the file, marked undone by whom and why, and no longer counts: not on the day\'s list, not as contact, its review not due, its step not recorded', async () => {
    const { cases, schoolId, pupilId, officer, officerName } = await make();
    await cases.record(schoolId, pupilId, officer, async (tx) => {
      await tx.recordStep({ stepKey: 'letter-96', rungKey: 'below-96', state: 'done', day: '2025-02-24' });
      await tx.addAction({ kind: 'call', summary: 'Call: reached', day: '2025-02-24', outcome: 'reached', contactId: null, reason: null, note: null, amended: 0, steps: [{ stepKey: 'letter-96', day: '2025-02-24' }] });
      await tx.addAction({ kind: 'plan-started', summary: 'Support plan started', day: '2025-02-24', plan: 'support-plan', reviewOn: '2025-03-10', note: null });
    });
    const { file } = await cases.pupilFile(schoolId, pupilId, 10);
    const [plan, call] = file!.entries;
    const read = await cases.record(schoolId, pupilId, officer, (tx) => tx.entry(call!.id));
    expect(read).toEqual({ id: call!.id, staffId: expect.any(Number), at: expect.any(Date), undone: false, event: expect.objectContaining({ kind: 'call', steps: [{ stepKey: 'letter-96', day: '2025-02-24' }] }) });
    await cases.record(schoolId, pupilId, officer, async (tx) => {
      await tx.reopenStep('letter-96', '2025-02-24');
      await tx.undo(call!.id, 'wrong pupil');
      await tx.undo(plan!.id, 'wrong pupil');
    });
    expect((await cases.callsOn(schoolId, '2025-02-24', [pupilId])).size).toBe(0);
    const facts = (await cases.facts(schoolId, [pupilId])).get(pupilId);
    expect(facts?.lastContact).toBeUndefined();
    expect(facts?.reviews ?? []).toEqual([]);
    expect(facts?.steps ?? []).toEqual([]);
    const after = (await cases.pupilFile(schoolId, pupilId, 10)).file!.entries;
    expect(after.map((e) => [e.kind, e.undone])).toEqual([['plan-started', { by: officerName, reason: 'wrong pupil' }], ['call', { by: officerName, reason: 'wrong pupil' }]]);
    expect(await cases.record(schoolId, pupilId, officer, (tx) => tx.entry(call!.id + 100_000))).toBeUndefined();
  });
});

describe.each([
  ['in memory', async () => memoryWorld({ calendar: calendar2024(), ladder: ladderPreset('woburn'), pupils: [], staff: [{ id: 1, schoolId: 'mem', name: 'Asha Patel', grants: [{ role: 'attendance_officer' }], slackUserId: 'U1', teamsAadObjectId: '00000000-0000-0000-0000-00000000AAAA' }] }).deps.staff],
  ['PostgreSQL', async () => pgStaff(ctx.db)],
] as [string, () => Promise<StaffDirectory>][])('StaffDirectory, %s', (_name, make) => {
  it("knows a person only within their school's workspace or tenant, the Teams ids in any case", async () => {
    const staff = await make();
    const names = async (who: Parameters<StaffDirectory['resolve']>[0]) => (await staff.resolve(who)).map((s) => s.name);
    expect(await names({ platform: 'slack', userId: 'U1', teamId: MEMORY_WORKSPACE.slackTeamId })).toEqual(['Asha Patel']);
    expect(await names({ platform: 'slack', userId: 'U1', teamId: 'T0OTHER' })).toEqual([]);
    expect(await names({ platform: 'teams', aadObjectId: '00000000-0000-0000-0000-00000000aaaa', tenantId: MEMORY_WORKSPACE.teamsTenantId.toUpperCase() })).toEqual(['Asha Patel']);
    expect(await names({ platform: 'teams', aadObjectId: '00000000-0000-0000-0000-00000000aaaa', tenantId: '00000000-0000-0000-0000-0000000000ff' })).toEqual([]);
  });
});

/** Four pupils of one school, as each store holds them: two in 9A, one in 7B, one who left, one not yet admitted. */
const ROLL = [
  { upn: 'R1', given_name: 'Zoe', family_name: 'Adams', year: 9, reg_group: '9A', admission_date: '2024-09-02' },
  { upn: 'R2', given_name: 'Amir', family_name: 'Adams', year: 9, reg_group: '9A', admission_date: '2024-09-02' },
  { upn: 'R3', given_name: 'Bea', family_name: 'Brown', year: 7, reg_group: '7B', admission_date: '2024-09-02' },
  { upn: 'R4', given_name: 'Cal', family_name: 'Cole', year: 9, reg_group: '9C', admission_date: '2024-09-02', leaving_date: '2025-01-31' },
  { upn: 'R5', given_name: 'Dev', family_name: 'Day', year: 8, reg_group: '8D', admission_date: '2025-03-03' },
];

async function memoryRoll() {
  const pupils = ROLL.map((r, i) => ({ ...pupil({ id: 500 + i, upn: r.upn, givenName: r.given_name, familyName: r.family_name, yearGroup: r.year }), regGroup: r.reg_group, admissionDate: r.admission_date, leavingDate: r.leaving_date ?? null }));
  const w = memoryWorld({ calendar: calendar2024(), ladder: ladderPreset('woburn'), pupils });
  return { deps: w.deps, schoolId: 'mem' };
}

async function pgRollFixture() {
  const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };
  await writePupils(ctx.db, 'c2', ROLL, { ...who, fileName: 'roll' });
  await ctx.db.pool.query(`DELETE FROM "SafeguardingFlag" WHERE "schoolId" = 'c2'`);
  return { deps: { roll: pgRoll(ctx.db), flags: pgFlags(ctx.db) }, schoolId: 'c2' };
}

describe.each([['in memory', memoryRoll], ['PostgreSQL', pgRollFixture]] as const)('Roll, %s', (_name, make) => {
  it('is the pupils on roll on the date, in name order; a year, a form or a UPN in any case; a scope of years and forms', async () => {
    const { deps, schoolId } = await make();
    const upns = async (date: string, f?: Parameters<Roll['onRoll']>[2]) => (await deps.roll.onRoll(schoolId, date, f)).map((p) => p.upn);
    expect(await upns('2025-02-26')).toEqual(['R2', 'R1', 'R3']);
    expect(await upns('2025-01-31')).toEqual(['R2', 'R1', 'R3', 'R4']); // the leaving day is still on roll
    expect(await upns('2025-03-03')).toEqual(['R2', 'R1', 'R3', 'R5']);
    expect(await upns('2025-02-26', { yearGroup: 9 })).toEqual(['R2', 'R1']);
    expect(await upns('2025-02-26', { regGroup: '7b' })).toEqual(['R3']);
    expect(await upns('2025-02-26', { upn: 'r3' })).toEqual(['R3']);
    expect(await upns('2025-02-26', { scope: { years: [], forms: ['7B'] } })).toEqual(['R3']);
    expect(await upns('2025-02-26', { scope: { years: [], forms: [] } })).toEqual([]);
    const [first] = await deps.roll.onRoll(schoolId, '2025-02-26');
    expect(await deps.roll.pupil(schoolId, first!.id)).toEqual(first);
  });
});

describe.each([['in memory', memoryRoll], ['PostgreSQL', pgRollFixture]] as const)('Flags, %s', (_name, make) => {
  it('raises a flag once per pupil, kind and day; escalates it only from the level it was at; the first acknowledgement stands', async () => {
    const { deps, schoolId } = await make();
    const [p] = await deps.roll.onRoll(schoolId, '2025-02-26');
    const flag = { schoolId, pupilId: p!.id, kind: 'vulnerable-unexplained' as const, dateKey: '2025-02-26', summary: 'Absent with no reason given', nextEscalationAt: new Date('2025-02-26T09:36:00Z') };
    const first = await deps.flags.raise(flag);
    expect(first.raised).toBe(true);
    expect(await deps.flags.raise(flag)).toEqual({ id: first.id, raised: false });
    expect((await deps.flags.due(schoolId, new Date('2025-02-26T09:30:00Z'))).map((f) => f.id)).toEqual([]);
    expect((await deps.flags.due(schoolId, new Date('2025-02-26T09:40:00Z'))).map((f) => f.id)).toEqual([first.id]);
    expect(await deps.flags.escalate(first.id, 0, new Date('2025-02-26T10:06:00Z'))).toBe(true);
    expect(await deps.flags.escalate(first.id, 0, new Date('2025-02-26T10:06:00Z'))).toBe(false); // moved meanwhile
    const dsl: Actor = { kind: 'system', what: 'contract' };
    const acked = await deps.flags.acknowledge(schoolId, first.id, dsl, { action: 'home-visit', note: 'today' });
    expect(acked).toMatchObject({ id: first.id, level: 1, acknowledgedAction: 'home-visit', acknowledgedNote: 'today' });
    const again = await deps.flags.acknowledge(schoolId, first.id, dsl, { action: 'no-action', note: null });
    expect(again).toMatchObject({ acknowledgedAction: 'home-visit', acknowledgedAt: acked!.acknowledgedAt });
    expect(await deps.flags.escalate(first.id, 1, new Date('2025-02-26T11:00:00Z'))).toBe(false);
    expect(await deps.flags.open(schoolId)).toEqual([]);
    expect(await deps.flags.forPupil(schoolId, p!.id, 5)).toEqual([{ id: first.id, summary: flag.summary, raisedAt: expect.any(Date), level: 1, acknowledgedAt: acked!.acknowledgedAt, acknowledgedBy: 'system:contract', acknowledgedAction: 'home-visit', acknowledgedNote: 'today' }]);
    expect(await deps.flags.acknowledge(schoolId === 'mem' ? 'mem' : 'c1', first.id + 1000, dsl, { action: 'home-visit', note: null })).toBeUndefined();
  });
});
