/**
 * The in-memory doubles the use-case tests run on are held to the same contract as the
 * PostgreSQL stores: each suite below runs against both, so they cannot drift apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgAnnouncements } from '../../src/adapters/db/announcement-store.ts';
import { pgJobRuns } from '../../src/adapters/db/job-run-store.ts';
import { upsertSchool } from '../../src/adapters/db/school-store.ts';
import type { Announcements, JobRuns } from '../../src/app/ports.ts';
import { ladderPreset } from '../../src/config/ladder-presets.ts';
import { freshDatabase } from '../support/db.ts';
import { memoryAnnouncements, memoryJobRuns } from '../support/memory.ts';

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  ctx = await freshDatabase('contracts');
  for (const id of ['c1', 'c2']) await upsertSchool(ctx.db, { id, name: id, ladder: ladderPreset('woburn') }, { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
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
