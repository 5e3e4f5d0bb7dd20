/**
 * The register snapshot: what the last import stored, which the next import compares its file
 * with instead of reading the year back. It must equal the marks it covers whenever it exists:
 * the import keeps it, and every other write to those marks removes it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pgImports } from '../../src/adapters/db/stores.ts';
import { binaryCopyValue } from '../../src/adapters/db/register-store.ts';
import { setCalendar, upsertSchool } from '../../src/adapters/db/school-store.ts';
import { importPupils, importRegister } from '../../src/adapters/ingest/import-files.ts';
import { ladderPreset } from '../../src/config/ladder-presets.ts';
import { ATTENDANCE_CODES } from '../../src/domain/codes.ts';
import { dayOf } from '../../src/domain/dates.ts';
import { freshDatabase } from '../support/db.ts';
import { YEAR_2024_25 } from '../support/registers.ts';

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };
const q = (sql: string, params: unknown[] = []) => ctx.db.pool.query(sql, params);
const ROLL = 'upn,given_name,family_name,year,reg_group,admission_date\nA1,Ava,One,9,9A,2024-09-02\nB2,Ben,Two,9,9A,2024-09-02\n';
const DAYS = ['2025-01-06', '2025-01-07', '2025-01-08'];

/** A register for A1 and B2 over DAYS, every mark `/` (AM) or `\` (PM) unless `marks` says otherwise ("A1 2025-01-07 AM": "I"). */
function register(marks: Record<string, string> = {}, days = DAYS, upns = ['A1', 'B2']): string {
  const lines = ['upn,date,session,mark'];
  for (const upn of upns) for (const d of days) for (const s of ['AM', 'PM']) lines.push(`${upn},${d},${s},${marks[`${upn} ${d} ${s}`] ?? (s === 'AM' ? '/' : '\\')}`);
  return `${lines.join('\n')}\n`;
}
const imp = (text: string, school = 'snap') => importRegister(pgImports(ctx.db), school, text, 'mis.csv', who);

/** The snapshot decoded, as `pupilId:slot` → code, or undefined when there is none. */
async function snapshot(school = 'snap'): Promise<Map<string, string> | undefined> {
  const row = (await q('SELECT "firstSlot", slots, "pupilIds" FROM "RegisterSnapshot" WHERE "schoolId" = $1', [school])).rows[0];
  if (!row) return undefined;
  const client = await ctx.db.pool.connect();
  try {
    const { to } = await import('pg-copy-streams');
    const chunks: Buffer[] = [];
    for await (const c of client.query(to(`COPY (SELECT codes FROM "RegisterSnapshot" WHERE "schoolId" = '${school}') TO STDOUT (FORMAT binary)`)) as AsyncIterable<Buffer>) chunks.push(c);
    const codes = binaryCopyValue(Buffer.concat(chunks))!;
    const out = new Map<string, string>();
    (row.pupilIds as number[]).forEach((id, p) => {
      for (let s = 0; s < row.slots; s++) {
        const v = codes[p * row.slots + s]!;
        if (v !== 0) out.set(`${id}:${row.firstSlot + s}`, ATTENDANCE_CODES[v - 1]!);
      }
    });
    return out;
  } finally {
    client.release();
  }
}

/** The stored marks of the pupils and slots a snapshot covers, in the same form. */
async function storedUnder(school = 'snap'): Promise<Map<string, string>> {
  const row = (await q('SELECT "firstSlot", slots, "pupilIds" FROM "RegisterSnapshot" WHERE "schoolId" = $1', [school])).rows[0];
  const marks = (await q(`SELECT "pupilId", date::text AS date, session, code FROM "AttendanceMark" WHERE "pupilId" = ANY($1::int[])`, [row.pupilIds])).rows;
  const out = new Map<string, string>();
  for (const m of marks) {
    const slot = dayOf(m.date) * 2 + (m.session === 'PM' ? 1 : 0);
    if (slot >= row.firstSlot && slot < row.firstSlot + row.slots) out.set(`${m.pupilId}:${slot}`, m.code);
  }
  return out;
}

const expectSnapshotTrue = async (school = 'snap') => {
  const snap = await snapshot(school);
  expect(snap).toBeDefined();
  expect(snap!.size).toBeGreaterThan(0);
  expect(Object.fromEntries(snap!)).toEqual(Object.fromEntries(await storedUnder(school)));
};

beforeAll(async () => {
  ctx = await freshDatabase('snapshot');
  for (const id of ['snap', 'other']) {
    await upsertSchool(ctx.db, { id, name: id, ladder: ladderPreset('one-in-a-million') }, who);
    await setCalendar(ctx.db, id, YEAR_2024_25, who);
  }
  await importPupils(pgImports(ctx.db), 'snap', ROLL, 'roll.csv', who);
  await importPupils(pgImports(ctx.db), 'other', 'upn,given_name,family_name,year,reg_group,admission_date\nC3,Cal,Three,9,9A,2024-09-02\n', 'roll.csv', who);
});
afterAll(async () => { await ctx?.drop(); });
beforeEach(async () => {
  await q('TRUNCATE "AttendanceMark", "MarkAmendment", "MisUpdate"');
  await imp(register());
});

describe('the register snapshot', () => {
  it('an import leaves one equal to the marks it covers; the next import compares with it and keeps it true', async () => {
    await expectSnapshotTrue();
    const r = await imp(register({ 'A1 2025-01-07 AM': 'I', 'B2 2025-01-08 PM': 'M' }));
    expect(r).toMatchObject({ rows: 12, inserted: 0, amended: 2, unchanged: 10 });
    await expectSnapshotTrue();
    expect((await snapshot())!.get(`${(await q(`SELECT id FROM "Pupil" WHERE upn = 'A1'`)).rows[0].id}:${dayOf('2025-01-07') * 2}`)).toBe('I');
    const batchOf = async () => (await q(`SELECT "importBatchId" FROM "RegisterSnapshot" WHERE "schoolId" = 'snap'`)).rows[0].importBatchId as number;
    const written = await batchOf();
    expect(await imp(register({ 'A1 2025-01-07 AM': 'I', 'B2 2025-01-08 PM': 'M' }))).toMatchObject({ amended: 0, unchanged: 12 });
    // nothing to write: the snapshot is left as it was, still true
    expect(await batchOf()).toBe(written);
    await expectSnapshotTrue();
  });

  it('is what the import reads: a snapshot saying otherwise than the register makes the import amend', async () => {
    // proof that the snapshot is read (never done by the product: only the import writes it)
    await q(`UPDATE "RegisterSnapshot" SET codes = overlay(codes placing '\\x03'::bytea from 1 for 1) WHERE "schoolId" = 'snap'`);
    expect(await imp(register())).toMatchObject({ amended: 1, unchanged: 11 });
    await expectSnapshotTrue();
  });

  it('a mark changed from chat (an UPDATE) removes it; the next import reads the marks', async () => {
    await q(`UPDATE "AttendanceMark" SET code = 'I', source = 'chat' WHERE "pupilId" = (SELECT id FROM "Pupil" WHERE upn = 'A1') AND date = '2025-01-06' AND session = 'AM'`);
    expect(await snapshot()).toBeUndefined();
    expect(await imp(register())).toMatchObject({ amended: 1, unchanged: 11 });
    await expectSnapshotTrue();
  });

  it('a deleted mark removes it; the next import inserts the mark again', async () => {
    await q(`DELETE FROM "AttendanceMark" WHERE "pupilId" = (SELECT id FROM "Pupil" WHERE upn = 'B2') AND date = '2025-01-08'`);
    expect(await snapshot()).toBeUndefined();
    expect(await imp(register())).toMatchObject({ inserted: 2, unchanged: 10 });
    await expectSnapshotTrue();
  });

  it('a mark inserted by anything but an import removes every snapshot; the next import amends it rather than failing on the key', async () => {
    await imp(`upn,date,session,mark\nC3,2025-01-06,AM,/\n`, 'other');
    expect(await snapshot('other')).toBeDefined();
    // a file spanning a day it has no marks for: the snapshot covers that day, empty
    await q(`DELETE FROM "AttendanceMark" WHERE date = '2025-01-07'`);
    await imp(register({}, ['2025-01-06', '2025-01-08']));
    await expectSnapshotTrue();
    // a mark written there by another writer: without removing the snapshot, the next import
    // would take it for a new mark and fail on the key
    await q(`INSERT INTO "AttendanceMark" ("pupilId", date, session, "schoolId", code, source) SELECT id, '2025-01-07', 'AM', 'snap', 'O', 'other' FROM "Pupil" WHERE upn = 'A1'`);
    expect(await snapshot()).toBeUndefined();
    expect(await snapshot('other')).toBeUndefined();
    expect(await imp(register())).toMatchObject({ inserted: 3, amended: 1, unchanged: 8 });
    await expectSnapshotTrue();
  });

  it('TRUNCATE removes every snapshot', async () => {
    await q('TRUNCATE "AttendanceMark"');
    expect(await snapshot()).toBeUndefined();
    expect(await imp(register())).toMatchObject({ inserted: 12 });
  });

  it('an import of another school leaves this school\'s snapshot: its inserts are its own pupils\'', async () => {
    const before = (await q(`SELECT "importBatchId" FROM "RegisterSnapshot" WHERE "schoolId" = 'snap'`)).rows[0].importBatchId;
    await imp(`upn,date,session,mark\nC3,2025-01-06,AM,/\nC3,2025-01-06,PM,N\n`, 'other');
    expect((await q(`SELECT "importBatchId" FROM "RegisterSnapshot" WHERE "schoolId" = 'snap'`)).rows[0].importBatchId).toBe(before);
    await expectSnapshotTrue();
    await expectSnapshotTrue('other');
  });

  it('a file beyond what it covers (a later day, a new pupil) is compared with the marks read, and leaves a snapshot of the new span', async () => {
    const later = register({}, [...DAYS, '2025-01-09']);
    expect(await imp(later)).toMatchObject({ inserted: 4, unchanged: 12 });
    await expectSnapshotTrue();
    expect(await imp(register({ 'A1 2025-01-09 PM': 'L' }, [...DAYS, '2025-01-09']))).toMatchObject({ amended: 1, unchanged: 15 });
    await importPupils(pgImports(ctx.db), 'snap', `${ROLL}D4,Dee,Four,9,9A,2024-09-02\n`, 'roll.csv', who);
    expect(await imp(register({}, DAYS, ['A1', 'B2', 'D4']))).toMatchObject({ inserted: 6, unchanged: 12 });
    await expectSnapshotTrue();
  });

  it('a one-row file within what it covers reads nothing more and keeps the rest of the snapshot true', async () => {
    expect(await imp('upn,date,session,mark\nB2,2025-01-07,PM,R\n')).toMatchObject({ rows: 1, amended: 1 });
    await expectSnapshotTrue();
    expect((await snapshot())!.size).toBe(12);
  });
});
