/**
 * Changes from chat survive imports: a mark amended from chat is kept against an import that
 * still carries the MIS's earlier code, listed for the attendance officer until the MIS agrees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgImports } from '../../src/adapters/db/stores.ts';
import { importRegister } from '../../src/adapters/ingest/import-files.ts';
import { chatContextOf, type ChatContext } from '../../src/app/deps.ts';
import { handleAction } from '../../src/app/use-cases/act-on-card.ts';
import { ask } from '../../src/app/use-cases/ask.ts';
import { logCall } from '../../src/app/use-cases/casework/log-call.ts';
import { appDeps } from '../../src/compose.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { freshDatabase } from '../support/db.ts';

const AS_OF = '2025-02-26';
const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let officer: ChatContext;
let hoy: ChatContext;

beforeAll(async () => {
  ctx = await freshDatabase('mis');
  await seedDemo(ctx.db, AS_OF);
  const deps = appDeps(ctx.db);
  officer = await chatContextOf(deps, await deps.staff.resolve({ platform: 'slack', userId: 'U0DEMOATT', teamId: 'T0DEMO' }), 'slack', async () => AS_OF, 'slack:D1');
  hoy = await chatContextOf(deps, await deps.staff.resolve({ platform: 'slack', userId: 'U0DEMOHOY9', teamId: 'T0DEMO' }), 'slack', async () => AS_OF, 'slack:D2');
});
afterAll(async () => { await ctx?.drop(); });

const markOf = async (upn: string) => (await ctx.db.pool.query(`SELECT m.code FROM "AttendanceMark" m JOIN "Pupil" p ON p.id = m."pupilId" WHERE p.upn = $1 AND m.date = $2 AND m.session = 'AM'`, [upn, AS_OF])).rows[0]?.code;
const pupilId = async (upn: string) => (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = $1`, [upn])).rows[0].id as number;
const reimport = (upn: string, code: string) => importRegister(pgImports(ctx.db), 'demo', `upn,date,session,mark\n${upn},${AS_OF},AM,${code}\n`, 'mis-export.csv', who);

describe('a mark amended from chat and the next MIS import', () => {
  it('N → I from chat; the MIS file still saying N keeps I, and the officer\'s list names it', async () => {
    expect(await markOf('DEMO9001')).toBe('N');
    expect(await logCall(officer, { pupilId: await pupilId('DEMO9001'), outcome: 'reached', reason: 'illness', amendToday: true })).toMatchObject({ ok: true, amended: 1 });
    expect(await markOf('DEMO9001')).toBe('I');
    const r = await reimport('DEMO9001', 'N');
    expect(r).toMatchObject({ rows: 1, amended: 0, misNotUpdated: 1 });
    expect(await markOf('DEMO9001')).toBe('I');
    const list = await ask(officer, 'mis');
    expect(list).toMatchObject({ kind: 'mis', total: 1, rows: [expect.objectContaining({ pupil: 'Ava Nine (DEMO9001)', date: 'Wed 26 Feb', session: 'AM', misCode: 'N', chatCode: 'I', by: 'Asha Patel' })] });
    // a head of year does not keep the register: no list
    expect(await ask(hoy, 'mis')).toMatchObject({ kind: 'refusal' });
  });

  it('a later import saying I clears it: the MIS agrees', async () => {
    expect(await reimport('DEMO9001', 'I')).toMatchObject({ amended: 0, unchanged: 1, misNotUpdated: 0 });
    expect(await ask(officer, 'mis')).toMatchObject({ kind: 'mis', total: 0 });
    // and the N that follows is the MIS's own word again: an amendment as ever
    expect(await reimport('DEMO9001', 'N')).toMatchObject({ amended: 1, misNotUpdated: 0 });
    expect(await markOf('DEMO9001')).toBe('N');
  });

  it('an import with a third code is an amendment as today, and settles the pending mark', async () => {
    await logCall(officer, { pupilId: await pupilId('DEMO9001'), outcome: 'reached', reason: 'illness', amendToday: true });
    expect(await reimport('DEMO9001', 'M')).toMatchObject({ amended: 1, misNotUpdated: 0 });
    expect(await markOf('DEMO9001')).toBe('M');
    expect(await ask(officer, 'mis')).toMatchObject({ total: 0 });
  });

  it('the officer confirms a mark corrected in the MIS from the list; a head of year may not, and both are audited', async () => {
    await reimport('DEMO9001', 'N');
    await logCall(officer, { pupilId: await pupilId('DEMO9001'), outcome: 'reached', reason: 'medical', amendToday: true });
    const list = await ask(officer, 'mis');
    const id = list.kind === 'mis' ? list.rows[0]!.id : 0;
    expect(JSON.stringify(await handleAction(hoy, 'mis-corrected', { misUpdateId: id }))).toContain('Only those who keep the register');
    const after = JSON.stringify(await handleAction(officer, 'mis-corrected', { misUpdateId: id }));
    expect(after).toContain('Ava Nine, Wed 26 Feb AM: corrected in the MIS (M)');
    expect(after).toContain('Nothing to correct');
    const audit = (await ctx.db.pool.query(`SELECT action FROM "AuditLog" WHERE "subjectType" = 'MisUpdate' ORDER BY id`)).rows.map((a) => a.action);
    expect(audit).toEqual(['mis.corrected.refused', 'mis.corrected']);
  });

  it('running the demo seed again does not undo a change from chat', async () => {
    await seedDemo(ctx.db, AS_OF); // the seed's register says N: Ava is unexplained again
    expect(await markOf('DEMO9001')).toBe('N');
    await logCall(officer, { pupilId: await pupilId('DEMO9001'), outcome: 'reached', reason: 'illness', amendToday: true });
    await seedDemo(ctx.db, AS_OF);
    expect(await markOf('DEMO9001')).toBe('I');
  });
});
