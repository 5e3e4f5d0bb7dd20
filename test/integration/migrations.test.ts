import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from '../../src/adapters/db/migrate.ts';
import { ROLES } from '../../src/domain/access.ts';
import { PURPOSES } from '../../src/domain/audience.ts';
import { CASE_EVENT_KINDS } from '../../src/domain/casework.ts';
import { NOTICE_STATUSES } from '../../src/domain/penalty.ts';
import pg from 'pg';
import { databaseUrl, dropDatabase, freshDatabase } from '../support/db.ts';

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => { ctx = await freshDatabase('migrations'); });
afterAll(async () => { await ctx.drop(); });

describe('migrations in Prisma layout, applied by db:migrate', () => {
  it('records each migration as Prisma Migrate does, with the sha256 of its file', async () => {
    const rows = (await ctx.db.pool.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"')).rows;
    const files = readMigrations();
    expect(rows.map((r) => r.migration_name).sort()).toEqual(files.map((f) => f.name));
    for (const f of files) {
      const sql = readFileSync(join(MIGRATIONS_DIR, f.name, 'migration.sql'));
      const row = rows.find((r) => r.migration_name === f.name)!;
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('is idempotent: a second run applies nothing', async () => {
    const r = await migrate(ctx.url);
    expect(r.applied).toEqual([]);
    expect(r.alreadyApplied.length).toBe(readMigrations().length);
  });

  it('refuses a migration edited after it was applied', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
    await expect(migrate(ctx.url, edited)).rejects.toThrow(MigrationError);
  });

  it('rolls back a failing migration whole and records nothing', async () => {
    const bad = [...readMigrations(), { name: '29990101000000_bad', sql: 'CREATE TABLE "Tmp" (id int); SELECT 1/0;', checksum: 'b'.repeat(64) }];
    await expect(migrate(ctx.url, bad)).rejects.toThrow(/29990101000000_bad failed and was rolled back/);
    const t = await ctx.db.pool.query(`SELECT to_regclass('"Tmp"') AS t`);
    expect(t.rows[0].t).toBeNull();
    const r = await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '29990101000000_bad'`);
    expect(r.rows[0].n).toBe(0);
  });

  it('matches prisma/schema.prisma: every model is a table with every scalar field a column of the right type', async () => {
    const runtime = JSON.parse(readFileSync(new URL('../../src/generated/prisma/internal/class.ts', import.meta.url), 'utf8')
      .match(/config\.runtimeDataModel = JSON\.parse\("(.*)"\)/)![1]!.replace(/\\"/g, '"').replace(/\\\\/g, '\\')) as {
      models: Record<string, { fields: { name: string; kind: string; type: string }[] }>;
    };
    const cols = (await ctx.db.pool.query(`SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns WHERE table_schema = 'public'`)).rows;
    const typeOf: Record<string, string[]> = {
      String: ['text'], Int: ['integer'], Bytes: ['bytea'], BigInt: ['bigint'], Boolean: ['boolean'], Json: ['jsonb'],
      DateTime: ['date', 'timestamp with time zone', 'timestamp without time zone'],
    };
    const problems: string[] = [];
    for (const [name, m] of Object.entries(runtime.models)) {
      for (const f of m.fields.filter((x) => x.kind !== 'object')) {
        const c = cols.find((x) => x.table_name === name && x.column_name === f.name);
        if (!c) { problems.push(`${name}.${f.name}: no column`); continue; }
        const ok = f.kind === 'enum' ? c.udt_name === f.type : c.data_type === 'ARRAY' || (typeOf[f.type] ?? []).includes(c.data_type);
        if (!ok) problems.push(`${name}.${f.name}: ${f.type} stored as ${c.data_type}`);
      }
    }
    expect(problems).toEqual([]);
    const tables = new Set(cols.map((c) => c.table_name));
    expect([...tables].filter((t) => t !== '_prisma_migrations').sort()).toEqual(Object.keys(runtime.models).sort());
  });

  it("the stored vocabularies are the domain's lists, value for value (in any order)", async () => {
    const labels = async (type: string) => (await ctx.db.pool.query(`SELECT unnest(enum_range(NULL::"${type}"))::text AS v`)).rows.map((r) => r.v).sort();
    expect(await labels('CaseActionKind')).toEqual([...CASE_EVENT_KINDS].sort());
    expect(await labels('StaffRoleKind')).toEqual([...ROLES].sort());
    expect(await labels('ChannelPurpose')).toEqual([...PURPOSES].sort());
    expect(await labels('NoticeStatus')).toEqual([...NOTICE_STATUSES].sort());
    expect(await labels('StepState')).toEqual(['done', 'due', 'not-needed']);
  });

  it('the Prisma client works against the migrated database', async () => {
    await ctx.db.prisma.school.create({ data: { id: 'p', name: 'Prisma check', ladder: {} } });
    const s = await ctx.db.prisma.school.findUniqueOrThrow({ where: { id: 'p' } });
    expect(s.penaltyCodes).toEqual(['G', 'O', 'U']);
    expect(s.timezone).toBe('Europe/London');
  });
});


/** A database migrated up to (not including) the named migration: data as it stood then. */
async function databaseBefore(migration: string, label: string) {
  const all = readMigrations();
  const at = all.findIndex((m) => m.name === migration);
  const name = `att_${label}_${process.pid}`;
  await dropDatabase(name);
  const url = databaseUrl(name);
  await ensureDatabase(url);
  await migrate(url, all.slice(0, at));
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);
  return {
    q,
    /** A school `mig` with one pupil and an open case, as any of these schemas holds them; the case's id. */
    aCase: async (): Promise<number> => {
      await q(`INSERT INTO "School" (id, name, ladder) VALUES ('mig', 'Mig', '{}')`);
      const pupil = (await q(`INSERT INTO "Pupil" ("schoolId", upn, "givenName", "familyName", "yearGroup", "regGroup", "admissionDate") VALUES ('mig', 'M1', 'A', 'B', 9, '9A', '2024-09-02') RETURNING id`)).rows[0].id;
      return (await q(`INSERT INTO "Case" ("schoolId", "pupilId") VALUES ('mig', $1) RETURNING id`, [pupil])).rows[0].id as number;
    },
    /** Applies the named migration and the rest. */
    rest: () => migrate(url, all),
    drop: async () => { await pool.end(); await dropDatabase(name); },
  };
}

describe('20261123000000_ladder_steps_from_letters', () => {
  it('records each letter marked sent before as a ladder step done, on its day in the school\'s time zone, once', async () => {
    const { q, aCase, drop } = await databaseBefore('20261123000000_ladder_steps_from_letters', 'letters');
    try {
      const caseId = await aCase();
      await q(`INSERT INTO "CaseAction" ("caseId", kind, detail, actor, "occurredAt") VALUES ($1, 'letter', '{"summary":"Letter sent: Letter 1","stepKey":"letter-1"}', 'staff:1', '2025-06-30T23:30:00Z'), ($1, 'call', '{"summary":"Call"}', 'staff:1', now())`, [caseId]);
      const sql = readFileSync(join(MIGRATIONS_DIR, '20261123000000_ladder_steps_from_letters', 'migration.sql'), 'utf8');
      await q(sql);
      await q(sql);
      const steps = (await q(`SELECT "stepKey", "dueOn"::text, status FROM "LadderStep" WHERE "caseId" = $1`, [caseId])).rows;
      expect(steps).toEqual([{ stepKey: 'letter-1', dueOn: '2025-07-01', status: 'done' }]); // 00:30 BST on 1 July
    } finally {
      await drop();
    }
  });
});

describe('20261203070000_typed_case_records', () => {
  it('gives each stored event its one name, its day and who recorded it by reference, keeping every row', async () => {
    const { q, aCase, rest, drop } = await databaseBefore('20261203070000_typed_case_records', 'typed');
    try {
      const caseId = await aCase();
      const staff = (await q(`INSERT INTO "Staff" ("schoolId", name) VALUES ('mig', 'Olive Officer') RETURNING id`)).rows[0].id;
      const by = `staff:${staff}`;
      await q(`INSERT INTO "CaseAction" ("caseId", kind, detail, actor, "occurredAt") VALUES
        ($1, 'call', '{"summary":"Call","day":"2025-02-24"}', $2, '2025-02-25T10:00:00Z'),
        ($1, 'call', '{"summary":"Old call"}', $2, '2025-06-30T23:30:00Z'),
        ($1, 'support-plan', '{"summary":"Support plan started"}', $2, now()),
        ($1, 'letter', '{"summary":"Letter sent"}', 'system', now()),
        ($1, 'penalty-notice-request', '{"summary":"Requested"}', $2, now())`, [caseId, by]);
      await q(`INSERT INTO "LadderStep" ("caseId", "stepKey", "triggerKey", "dueOn", status, "recordedBy") VALUES ($1, 'letter-1', 'r', '2025-02-24', 'done', $2)`, [caseId, by]);
      await rest();
      const rows = (await q(`SELECT kind::text, day::text, "staffId", actor, detail->>'plan' AS plan FROM "CaseAction" ORDER BY id`)).rows;
      expect(rows).toEqual([
        { kind: 'call', day: '2025-02-24', staffId: staff, actor: by, plan: null },
        { kind: 'call', day: '2025-07-01', staffId: staff, actor: by, plan: null }, // 00:30 BST on 1 July
        { kind: 'plan-started', day: expect.any(String), staffId: staff, actor: by, plan: 'support-plan' },
        { kind: 'letter-sent', day: expect.any(String), staffId: null, actor: 'system', plan: null },
        { kind: 'penalty-requested', day: expect.any(String), staffId: staff, actor: by, plan: null },
      ]);
      expect((await q(`SELECT status::text, "staffId" FROM "LadderStep"`)).rows).toEqual([{ status: 'done', staffId: staff }]);
      await expect(q(`UPDATE "CaseAction" SET kind = 'letter' WHERE id = (SELECT min(id) FROM "CaseAction")`)).rejects.toThrow(/invalid input value for enum/);
    } finally {
      await drop();
    }
  });
});

describe('20261203080000_meeting_outcomes', () => {
  it('keeps each outcome recorded before as a meeting held, its text as the note; a meeting not recorded stays booked', async () => {
    const { q, aCase, rest, drop } = await databaseBefore('20261203080000_meeting_outcomes', 'meetings');
    try {
      const caseId = await aCase();
      const held = (await q(`INSERT INTO "Meeting" ("caseId", "scheduledAt", attendees, "heldAt", outcome, "bookedBy") VALUES ($1, '2025-02-24T15:30:00Z', 'Mum', now(), 'Plan agreed', 'staff:1') RETURNING id`, [caseId])).rows[0].id;
      const open = (await q(`INSERT INTO "Meeting" ("caseId", "scheduledAt", attendees, "bookedBy") VALUES ($1, '2025-03-03T15:30:00Z', 'Dad', 'staff:1') RETURNING id`, [caseId])).rows[0].id;
      await q(`INSERT INTO "CaseAction" ("caseId", kind, outcome, detail, actor, day) VALUES ($1, 'meeting-held', 'Plan agreed', $2, 'staff:1', '2025-02-24')`, [caseId, JSON.stringify({ summary: 'Meeting held: Plan agreed', meetingId: held, outcome: 'Plan agreed' })]);
      await rest();
      expect((await q(`SELECT id, status::text FROM "Meeting" ORDER BY id`)).rows).toEqual([{ id: held, status: 'attended' }, { id: open, status: 'booked' }]);
      expect((await q(`SELECT kind::text, outcome, detail->>'result' AS result, detail->>'note' AS note FROM "CaseAction"`)).rows)
        .toEqual([{ kind: 'meeting-outcome', outcome: 'attended', result: 'attended', note: 'Plan agreed' }]);
    } finally {
      await drop();
    }
  });
});
