/** What the alerts last told staff about each pupil, in PostgreSQL (one row per school, kind and pupil). */
import type { Announcements } from '../../app/ports.ts';
import type { Db } from './client.ts';

export function pgAnnouncements(db: Db): Announcements {
  return {
    async last(schoolId, kind) {
      const rows = (await db.pool.query<{ pupilId: number; state: string; previous: string; changedOn: string }>(
        `SELECT "pupilId", state, previous, "changedOn"::text AS "changedOn" FROM "AnnouncedState" WHERE "schoolId" = $1 AND kind = $2`, [schoolId, kind])).rows;
      return new Map(rows.map((r) => [r.pupilId, { state: r.state, previous: r.previous, changedOn: r.changedOn }]));
    },
    async save(schoolId, kind, rows) {
      if (rows.length === 0) return;
      await db.pool.query(
        `INSERT INTO "AnnouncedState" ("schoolId", kind, "pupilId", state, previous, "changedOn")
         SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::text[], $6::date[])
         ON CONFLICT ("schoolId", kind, "pupilId") DO UPDATE SET state = EXCLUDED.state, previous = EXCLUDED.previous, "changedOn" = EXCLUDED."changedOn"`,
        [schoolId, kind, rows.map((r) => r.pupilId), rows.map((r) => r.state), rows.map((r) => r.previous), rows.map((r) => r.changedOn)],
      );
    },
  };
}
