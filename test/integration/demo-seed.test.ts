import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadRegisters, loadSchool } from '../../src/adapters/db/school-store.ts';
import { dayOf } from '../../src/domain/dates.ts';
import { evaluatePupil } from '../../src/domain/evaluation.ts';
import { DEMO_PEOPLE, demoAsOf, seedDemo } from '../../src/demo/seed.ts';
import { runCli } from '../support/cli.ts';
import { dropDatabase, freshDatabase } from '../support/db.ts';

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
const AS_OF = '2025-02-26';
beforeAll(async () => { ctx = await freshDatabase('demo'); });
const CLI_DB = `att_democli_${process.pid}`;
afterAll(async () => { await ctx.drop(); await dropDatabase(CLI_DB); });

const counts = async () => (await ctx.db.pool.query(`SELECT
  (SELECT count(*) FROM "Pupil")::int AS pupils, (SELECT count(*) FROM "Staff")::int AS staff,
  (SELECT count(*) FROM "StaffRole")::int AS roles, (SELECT count(*) FROM "AttendanceMark")::int AS marks,
  (SELECT count(*) FROM "SchoolChannel")::int AS channels, (SELECT count(*) FROM "HalfTerm")::int AS half_terms,
  (SELECT count(*) FROM "Contact")::int AS contacts, (SELECT count(*) FROM "MarkAmendment")::int AS amendments`)).rows[0];

describe('the demo school', () => {
  it('loads as the chat contract describes, and loading it again duplicates nothing', async () => {
    const first = await seedDemo(ctx.db, AS_OF);
    expect(first.asOf).toBe(AS_OF);
    const before = await counts();
    expect(before.pupils).toBeGreaterThanOrEqual(200);
    const second = await seedDemo(ctx.db, AS_OF);
    expect(second.marks).toMatchObject({ inserted: 0, amended: 0 });
    expect(await counts()).toEqual(before);
  });

  it('has Ava Nine absent without a reason on the morning of the as-of date, and Sam Seven in year 7', async () => {
    const rows = (await ctx.db.pool.query(`SELECT p.upn, p."givenName", p."familyName", p."yearGroup", m.session, m.code
      FROM "Pupil" p LEFT JOIN "AttendanceMark" m ON m."pupilId" = p.id AND m.date = $1 WHERE p.upn IN ('DEMO9001', 'DEMO7001') ORDER BY p.upn, m.session`, [AS_OF])).rows;
    expect(rows).toEqual([
      { upn: 'DEMO7001', givenName: 'Sam', familyName: 'Seven', yearGroup: 7, session: 'AM', code: '/' },
      { upn: 'DEMO9001', givenName: 'Ava', familyName: 'Nine', yearGroup: 9, session: 'AM', code: 'N' },
    ]); // no PM marks yet on the as-of date
  });

  it('has the named staff with their chat identities', async () => {
    const staff = await ctx.db.prisma.staff.findMany({ include: { roles: true } });
    const byslack = (id: string) => staff.find((s) => s.slackUserId === id)!;
    expect(byslack(DEMO_PEOPLE.attendanceOfficer.slack).teamsAadObjectId).toBe('00000000-0000-0000-0000-0000000000a1');
    expect(byslack(DEMO_PEOPLE.headOfYear9.slack).roles).toMatchObject([{ role: 'head_of_year', yearGroup: 9 }]);
    expect(byslack(DEMO_PEOPLE.dsl.slack).roles).toMatchObject([{ role: 'dsl' }]);
  });

  it('looks like the national figures: overall absence 4-10%, some persistent and severe absence', async () => {
    const school = await loadSchool(ctx.db, 'demo');
    const regs = await loadRegisters(ctx.db, 'demo', dayOf('2024-09-01'), dayOf(AS_OF));
    let possible = 0, absent = 0, pa = 0, sa = 0;
    for (const r of regs.values()) {
      const e = evaluatePupil(r, school.calendar, dayOf(AS_OF));
      possible += e.stats.possible;
      absent += e.stats.authorised + e.stats.unauthorised;
      if (e.status === 'persistent' || e.status === 'severe') pa++;
      if (e.status === 'severe') sa++;
    }
    expect(absent / possible).toBeGreaterThan(0.04);
    expect(absent / possible).toBeLessThan(0.1);
    expect(pa / regs.size).toBeGreaterThan(0.1);
    expect(sa).toBeGreaterThan(0);
    expect(school.ladder.key).toBe('one-in-a-million');
  });

  it('seeds a weekend or holiday as-of date as of the last school day before it', () => {
    expect(demoAsOf('2025-03-01')).toBe('2025-02-28');
    expect(demoAsOf('2025-02-19')).toBe('2025-02-14');
  });

  it('runs from the command line, migrating a new database first', () => {
    const url = ctx.url.replace(/att_demo_[^/?]*/, CLI_DB);
    const r = runCli(['demo', 'seed', '--as-of', AS_OF], { DATABASE_URL: url });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/demo seed: school "demo" as of 2025-02-26: 300 pupils; marks \d+ new/);
    const again = runCli(['demo', 'seed', '--as-of', AS_OF], { DATABASE_URL: url });
    expect(again.stdout).toMatch(/marks 0 new, 0 amended, \d+ unchanged/);
  });
});

describe('school command', () => {
  it('creates a school with a preset ladder and term dates, sets a channel, and issues an API key', async () => {
    const url = ctx.url.replace(/att_demo_[^/?]*/, CLI_DB);
    const created = runCli(['school', 'create', '--id', 'oak', '--name', 'Oak Academy', '--ladder', 'woburn', '--term-dates', '2026',
      '--slack-team', 'T0OAK', '--teams-tenant', '00000000-0000-0000-0000-0000000000AB'], { DATABASE_URL: url });
    expect(created.stdout).toContain('school oak: saved with the Woburn Lower School (Central Bedfordshire) ladder and 6 half terms; Slack workspace T0OAK; Teams tenant 00000000-0000-0000-0000-0000000000ab');
    const cliDb = new pg.Client({ connectionString: url });
    await cliDb.connect();
    expect((await cliDb.query(`SELECT "slackTeamId", "teamsTenantId" FROM "School" WHERE id = 'oak'`)).rows[0]).toEqual({ slackTeamId: 'T0OAK', teamsTenantId: '00000000-0000-0000-0000-0000000000ab' });
    await cliDb.end();
    const moved = runCli(['school', 'workspace', '--school', 'oak', '--slack-team', 'T0OAKNEW'], { DATABASE_URL: url });
    expect(moved.stdout).toContain('school oak: staff are recognised in Slack workspace T0OAKNEW');
    const again = new pg.Client({ connectionString: url });
    await again.connect();
    expect((await again.query(`SELECT "slackTeamId", "teamsTenantId", ladder->>'key' AS ladder FROM "School" WHERE id = 'oak'`)).rows[0]).toEqual({ slackTeamId: 'T0OAKNEW', teamsTenantId: '00000000-0000-0000-0000-0000000000ab', ladder: 'woburn' });
    await again.end();
    const badTenant = runCli(['school', 'create', '--id', 'oak', '--name', 'Oak Academy', '--teams-tenant', 'contoso'], { DATABASE_URL: url });
    expect(badTenant.status).toBe(2);
    expect(badTenant.stderr).toContain('--teams-tenant "contoso": a Microsoft 365 tenant id');
    const channel = runCli(['school', 'channel', '--school', 'oak', '--purpose', 'year', '--year', '9', '--slack', 'C0OAKY9'], { DATABASE_URL: url });
    expect(channel.stdout).toContain('year 9 posts go to Slack channel C0OAKY9');
    const key = runCli(['school', 'api-key', '--school', 'oak', '--label', 'mis'], { DATABASE_URL: url });
    expect(key.stdout).toMatch(/^att_[\w-]{20,}\n$/);
    const bad = runCli(['school', 'create', '--id', 'Oak!', '--name', 'x'], { DATABASE_URL: url });
    expect(bad.status).toBe(2);
  });
});
