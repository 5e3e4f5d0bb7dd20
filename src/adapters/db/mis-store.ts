/** The MIS connection of each school, its sync cursors and status, the MIS's pupil ids, and write-back, in PostgreSQL. */
import type { MisStore } from '../../app/ports.ts';
import { audit } from './audit.ts';
import type { Db } from './client.ts';
import { toWriteBack, writtenBack } from './mis-update-store.ts';

export function pgMisStore(db: Db): MisStore {
  return {
    async connection(schoolId) {
      return (await db.prisma.misConnection.findUnique({ where: { schoolId } })) ?? undefined;
    },
    async connect(c, who) {
      await db.prisma.$transaction(async (tx) => {
        await tx.misConnection.upsert({ where: { schoolId: c.schoolId }, create: c, update: { provider: c.provider, misSchoolId: c.misSchoolId, writeBack: c.writeBack } });
        // a new MIS school starts from scratch: the next sync reads everything
        await tx.misSyncState.deleteMany({ where: { schoolId: c.schoolId } });
        await audit(tx, { schoolId: c.schoolId, ...who, action: 'mis.connect', subjectType: 'School', subjectId: c.schoolId, detail: { provider: c.provider, misSchoolId: c.misSchoolId, writeBack: c.writeBack } });
      });
    },
    connectedSchools: () => db.prisma.misConnection.findMany({ orderBy: { schoolId: 'asc' } }),
    state: (schoolId) => db.prisma.misSyncState.findMany({ where: { schoolId }, orderBy: { resource: 'asc' } }),
    async setState(schoolId, resource, s) {
      const data = { lastSyncAt: s.lastSyncAt, lastRows: s.lastRows, lastError: s.lastError, ...(s.cursor ? { cursor: s.cursor } : {}) };
      await db.prisma.misSyncState.upsert({ where: { schoolId_resource: { schoolId, resource } }, create: { schoolId, resource, ...data }, update: data });
    },
    async claimSync(schoolId, until) {
      const r = await db.pool.query(
        `UPDATE "MisConnection" SET "syncLeaseUntil" = $2 WHERE "schoolId" = $1 AND ("syncLeaseUntil" IS NULL OR "syncLeaseUntil" < now()) RETURNING 1`, [schoolId, until]);
      return (r.rowCount ?? 0) > 0;
    },
    async releaseSync(schoolId) {
      await db.pool.query(`UPDATE "MisConnection" SET "syncLeaseUntil" = NULL WHERE "schoolId" = $1`, [schoolId]);
    },
    async rememberStudents(schoolId, students) {
      if (students.length === 0) return;
      await db.pool.query(
        `INSERT INTO "MisStudent" ("schoolId", ref, upn) SELECT $1, * FROM unnest($2::text[], $3::text[])
         ON CONFLICT ("schoolId", ref) DO UPDATE SET upn = EXCLUDED.upn`,
        [schoolId, students.map((s) => s.ref), students.map((s) => s.upn)],
      );
    },
    async students(schoolId) {
      const rows = (await db.pool.query<{ ref: string; upn: string }>(`SELECT ref, upn FROM "MisStudent" WHERE "schoolId" = $1`, [schoolId])).rows;
      return { byRef: new Map(rows.map((r) => [r.ref, r.upn])), byUpn: new Map(rows.map((r) => [r.upn, r.ref])) };
    },
    async staffNames(schoolId, employees, who) {
      const withEmail = employees.filter((e) => e.email && e.name);
      if (withEmail.length === 0) return 0;
      const r = await db.pool.query(
        `UPDATE "Staff" s SET name = e.name FROM unnest($2::text[], $3::text[]) AS e(email, name)
         WHERE s."schoolId" = $1 AND s.email = lower(e.email) AND s.name <> e.name`,
        [schoolId, withEmail.map((e) => e.email), withEmail.map((e) => e.name.slice(0, 80))],
      );
      const changed = r.rowCount ?? 0;
      if (changed > 0) await audit(db.pool, { schoolId, ...who, action: 'staff.names', detail: { changed, from: 'mis employees' } });
      return changed;
    },
    toWriteBack: (schoolId) => toWriteBack(db, schoolId),
    writtenBack: (ids, error) => writtenBack(db, ids, error),
  };
}
