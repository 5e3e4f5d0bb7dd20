/**
 * The whole roll's evaluation is kept while the school's data is unchanged, and never a moment
 * longer: an import of marks, a change written by another process, casework from chat, a
 * contact edited, each makes the next read evaluate again (and see the change); a read with
 * nothing changed reads no register. Every store that feeds the evaluation bumps the school's
 * data version by trigger, so nothing that writes can forget to.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDeps } from '../../src/compose.ts';
import { evaluatePupils, evaluateRoll, type RollDeps } from '../../src/app/roll.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { importRegister } from '../../src/adapters/ingest/import-files.ts';
import { pgImports } from '../../src/adapters/db/stores.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { forgetSchool } from '../../src/adapters/db/school-store.ts';
import { attendancePct } from '../../src/domain/statistics.ts';
import { unexplainedAbsences, unresolvedRows } from '../../src/app/jobs/unexplained-list.ts';
import { freshDatabase } from '../support/db.ts';

const AS_OF = '2025-02-26';
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let deps: AppDeps;
let loads = 0;

beforeAll(async () => {
  ctx = await freshDatabase('kept_roll');
  await seedDemo(ctx.db, AS_OF);
  const base = appDeps(ctx.db);
  // the register store counted: a kept evaluation reads no register
  const registers = { ...base.registers, load: (...a: Parameters<typeof base.registers.load>) => { loads++; return base.registers.load(...a); } };
  deps = { ...base, registers };
});
afterAll(async () => { await ctx?.drop(); });

const ava = async (d: RollDeps = deps) => (await evaluateRoll(d, await deps.schools.load('demo'), AS_OF)).find((x) => x.pupil.upn === 'DEMO9001')!;
const version = async () => (await ctx.db.pool.query(`SELECT version::int AS v FROM "SchoolDataVersion" WHERE "schoolId" = 'demo'`)).rows[0]?.v as number | undefined;
const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };

describe('the kept evaluation of the roll', () => {
  it('is read again only when the school\'s data changed; lists and cohorts read from it', async () => {
    const first = await ava();
    const after = loads;
    const again = await ava();
    expect(loads).toBe(after); // nothing changed: no register read
    expect(again.evaluation).toBe(first.evaluation);
    // a year's cohort comes from it too
    const school = await deps.schools.load('demo');
    const year9 = await deps.roll.onRoll('demo', AS_OF, { yearGroup: 9 });
    const cohort = await evaluatePupils(deps, school, AS_OF, year9);
    expect(loads).toBe(after);
    expect(cohort.find((x) => x.pupil.upn === 'DEMO9001')!.evaluation).toBe(first.evaluation);
    // another composition (another process) keeps its own
    const other = appDeps(ctx.db);
    expect((await ava(other)).evaluation).not.toBe(first.evaluation);
  });

  it('an import of marks: evaluated again, with the new mark', async () => {
    const before = await ava();
    const v = await version();
    const reads = loads;
    await importRegister(pgImports(ctx.db), 'demo', `upn,date,session,mark\nDEMO9001,${AS_OF},PM,O\n`, 'pm.csv', who);
    expect(await version()).toBeGreaterThan(v ?? 0);
    const after = await ava();
    expect(loads).toBe(reads + 1);
    expect(after.evaluation.stats.unauthorised).toBe(before.evaluation.stats.unauthorised + 1);
    expect(attendancePct(after.evaluation.stats)).toBeLessThan(attendancePct(before.evaluation.stats)!);
  });

  it('a change written by another process (its own connection): seen at the next read', async () => {
    const before = await ava();
    const other = new pg.Client({ connectionString: ctx.url });
    await other.connect();
    try {
      await other.query(`UPDATE "AttendanceMark" SET code = 'I' WHERE "pupilId" = $1 AND date = $2 AND session = 'PM'`, [before.pupil.id, AS_OF]);
    } finally {
      await other.end();
    }
    const after = await ava();
    expect(after.evaluation).not.toBe(before.evaluation);
    expect(after.evaluation.stats.unauthorised).toBe(before.evaluation.stats.unauthorised - 1);
  });

  it('casework from chat, and a contact edited: evaluated again', async () => {
    const before = await ava();
    const school = await deps.schools.load('demo');
    const step = school.ladder.rungs.flatMap((r) => r.steps.map((s) => ({ s, r })))[0]!;
    await deps.cases.record('demo', before.pupil.id, { kind: 'system', what: 'test' }, async (tx) => {
      await tx.recordStep({ stepKey: step.s.key, rungKey: step.r.key, state: 'done', day: AS_OF });
      return undefined;
    });
    const afterStep = await ava();
    expect(afterStep.evaluation).not.toBe(before.evaluation);
    expect(afterStep.facts.steps.map((s) => s.key)).toContain(step.s.key);
    await ctx.db.pool.query(`UPDATE "Contact" SET phone = '07700 900999' WHERE "pupilId" = $1`, [before.pupil.id]);
    expect((await ava()).evaluation).not.toBe(afterStep.evaluation);
  });

  it('the school read again with the same settings: kept; with its settings changed: evaluated again', async () => {
    const before = await ava();
    forgetSchool(ctx.db, 'demo'); // as when its cache runs out
    expect((await ava()).evaluation).toBe(before.evaluation);
    await ctx.db.pool.query(`UPDATE "School" SET "penaltyCodes" = ARRAY['G','O'] WHERE id = 'demo'`);
    forgetSchool(ctx.db, 'demo');
    expect((await ava()).evaluation).not.toBe(before.evaluation);
    await ctx.db.pool.query(`UPDATE "School" SET "penaltyCodes" = ARRAY['G','O','U'] WHERE id = 'demo'`);
    forgetSchool(ctx.db, 'demo');
  });

  it('an audit entry or a chat post changes nothing the evaluation reads: kept', async () => {
    const before = await ava();
    await deps.audit.record({ schoolId: 'demo', actor: { kind: 'system', what: 'test' }, source: 'cli', action: 'test.nothing' });
    await new Promise((r) => setTimeout(r, 300)); // the audit log writes in groups
    expect((await ava()).evaluation).toBe(before.evaluation);
  });

  it("the unexplained-absence list and its footer, with nothing kept, read only the pupils they show, and say what the kept evaluation says", async () => {
    // two pupils with an N a fortnight old (the footer's), one of them with two
    await ctx.db.pool.query(`UPDATE "AttendanceMark" m SET code = 'N' FROM (SELECT id FROM "Pupil" WHERE "schoolId" = 'demo' ORDER BY id LIMIT 2) p
      WHERE m."pupilId" = p.id AND m.date = '2025-02-10' AND (m.session = 'AM' OR p.id = (SELECT min(id) FROM "Pupil" WHERE "schoolId" = 'demo'))`);
    // a fresh composition (a worker process at register close): nothing kept
    const base = appDeps(ctx.db);
    const read: (readonly number[] | undefined)[] = [];
    const fresh = { ...base, registers: { ...base.registers, load: (...a: Parameters<typeof base.registers.load>) => { read.push(a[3]); return base.registers.load(...a); } } };
    const school = await fresh.schools.load('demo');
    const [rows, footer] = await Promise.all([unexplainedAbsences(fresh, school, AS_OF, 'AM'), unresolvedRows(fresh, school, AS_OF)]);
    expect(rows.length).toBeGreaterThan(1);
    expect(footer.map((f) => f.sessions)).toEqual([2, 1]);
    const roll = await fresh.roll.onRoll('demo', AS_OF);
    // never the whole school's register: only the pupils listed, and those with an N in the year read
    expect(read.length).toBeGreaterThan(0);
    for (const ids of read) {
      expect(ids).toBeDefined();
      expect(ids!.length).toBeLessThan(roll.length / 2);
    }
    // the same as from the whole roll's kept evaluation
    await evaluateRoll(fresh, school, AS_OF);
    read.length = 0;
    const [keptRows, keptFooter] = await Promise.all([unexplainedAbsences(fresh, school, AS_OF, 'AM'), unresolvedRows(fresh, school, AS_OF)]);
    expect(read).toEqual([]);
    expect(keptRows).toEqual(rows);
    expect(keptFooter).toEqual(footer);
  });
});
