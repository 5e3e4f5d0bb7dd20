/** When each job last finished for a school and a day, in PostgreSQL. */
import type { JobRuns } from '../../app/ports.ts';
import type { Db } from './client.ts';

export function pgJobRuns(db: Db): JobRuns {
  return {
    async finished(schoolId, kind, date, at) {
      await db.pool.query(
        `INSERT INTO "JobRun" ("schoolId", kind, date, "finishedAt") VALUES ($1, $2, $3, $4)
         ON CONFLICT ("schoolId", kind, date) DO UPDATE SET "finishedAt" = GREATEST("JobRun"."finishedAt", EXCLUDED."finishedAt")`,
        [schoolId, kind, date, at],
      );
    },
    async lastFinished(schoolId, date) {
      const rows = (await db.pool.query<{ kind: string; finishedAt: Date }>(`SELECT kind, "finishedAt" FROM "JobRun" WHERE "schoolId" = $1 AND date = $2`, [schoolId, date])).rows;
      return new Map(rows.map((r) => [r.kind, r.finishedAt]));
    },
  };
}
