/** The audit log outside a transaction: entries made together are written together, each kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupedAudit } from '../../src/adapters/db/audit.ts';
import { freshDatabase } from '../support/db.ts';

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => { ctx = await freshDatabase('audit'); });
afterAll(async () => { await ctx.drop(); });

describe('groupedAudit', () => {
  it('stores every entry of a burst, each with its own fields and the moment it was made, in fewer inserts than entries', async () => {
    const inserts: number[] = [];
    const pool = { query: (q: { values: unknown[][] }) => { inserts.push(q.values[0]!.length); return ctx.db.pool.query(q as never); } };
    const record = groupedAudit(pool as never);
    const before = new Date();
    await Promise.all(Array.from({ length: 40 }, (_, i) => record({
      schoolId: 'oak', actor: { kind: 'staff', staffId: i }, source: 'slack', action: 'pupil.view', subjectType: 'Pupil', subjectId: String(i), detail: { n: i, text: 'it\'s "quoted", {braced}' },
    })));
    const rows = (await ctx.db.pool.query<{ actor: string; subjectId: string; detail: { n: number; text: string }; at: Date }>(
      `SELECT actor, "subjectId", detail, at FROM "AuditLog" WHERE action = 'pupil.view' ORDER BY id`)).rows;
    expect(rows).toHaveLength(40);
    expect(rows.map((r) => r.actor)).toEqual(Array.from({ length: 40 }, (_, i) => `staff:${i}`));
    expect(rows.every((r) => r.detail.n === Number(r.subjectId) && r.detail.text === 'it\'s "quoted", {braced}')).toBe(true);
    expect(rows.every((r) => r.at.getTime() >= before.getTime() - 1000 && r.at.getTime() <= Date.now() + 1000)).toBe(true);
    expect(inserts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(inserts.length).toBeLessThan(40); // the first goes alone, the rest wait for it and go together
  });

  it('a write that fails fails every caller of its batch, and the next entry is written', async () => {
    let fail = true;
    const pool = { query: (q: unknown) => (fail ? Promise.reject(new Error('database away')) : ctx.db.pool.query(q as never)) };
    const record = groupedAudit(pool as never);
    const entry = { actor: { kind: 'staff' as const, staffId: 1 }, source: 'teams' as const, action: 'flag.ack.refused' };
    const results = await Promise.allSettled([record(entry), record(entry)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await record(entry);
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'flag.ack.refused'`)).rows[0].n).toBe(1);
  });
});
