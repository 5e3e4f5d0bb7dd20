/**
 * The marks amended from chat that the MIS does not show yet (MisUpdate), read and settled in
 * one place: the attendance officer's list and confirmation, and the write-back through the
 * MIS connector. Imports settle them too, under the register lock (register-store.ts).
 */
import { actorLabel, type MisNotUpdated, type MisToWrite, type MisUpdates } from '../../app/ports.ts';
import { audit } from './audit.ts';
import type { Db } from './client.ts';

const NOT_UPDATED = `SELECT m.id, m."pupilId", coalesce(p."preferredName", p."givenName") || ' ' || p."familyName" AS "pupilName", p.upn, m.date::text AS date, m.session::text AS session,
  m."misCode", m."chatCode", coalesce(s.name, m."amendedBy") AS "amendedBy",
  CASE WHEN m."writtenBackAt" IS NOT NULL THEN 'written back, waiting for the MIS' WHEN m."writeBackError" IS NOT NULL THEN 'write-back failed: ' || m."writeBackError" END AS "writeBack"
  FROM "MisUpdate" m JOIN "Pupil" p ON p.id = m."pupilId" LEFT JOIN "Staff" s ON s.id = m."staffId"`;

export function pgMisUpdates(db: Db): MisUpdates {
  return {
    async notUpdated(schoolId) {
      return (await db.pool.query<MisNotUpdated>(
        `${NOT_UPDATED} WHERE m."schoolId" = $1 AND m."resolvedAt" IS NULL ORDER BY m.date, m.session, p."familyName"`, [schoolId])).rows;
    },
    async corrected(schoolId, id, by) {
      const done = await db.pool.query(`UPDATE "MisUpdate" SET "resolvedAt" = now(), "resolvedBy" = $3 WHERE id = $2 AND "schoolId" = $1 AND "resolvedAt" IS NULL`, [schoolId, id, actorLabel(by)]);
      if (done.rowCount === 0) return undefined;
      return (await db.pool.query<MisNotUpdated>(`${NOT_UPDATED} WHERE m.id = $1`, [id])).rows[0];
    },
  };
}

/** What the connector may write back: not settled, not written, not failed. */
export async function toWriteBack(db: Db, schoolId: string): Promise<MisToWrite[]> {
  return (await db.pool.query<MisToWrite>(
    `SELECT m.id, p.upn, m.date::text AS date, m.session::text AS session, m."chatCode", m.reason, coalesce(s.name, m."amendedBy") AS "amendedBy"
     FROM "MisUpdate" m JOIN "Pupil" p ON p.id = m."pupilId" LEFT JOIN "Staff" s ON s.id = m."staffId"
     WHERE m."schoolId" = $1 AND m."resolvedAt" IS NULL AND m."writtenBackAt" IS NULL AND m."writeBackError" IS NULL
     ORDER BY m.id`, [schoolId])).rows;
}

/** Records a write-back (or why it failed), audited. */
export async function writtenBack(db: Db, ids: readonly number[], error?: string): Promise<void> {
  if (ids.length === 0) return;
  const r = await db.pool.query<{ schoolId: string; id: number }>(
    error === undefined
      ? `UPDATE "MisUpdate" SET "writtenBackAt" = now(), "writeBackError" = NULL WHERE id = ANY($1::int[]) RETURNING "schoolId", id`
      : `UPDATE "MisUpdate" SET "writeBackError" = $2 WHERE id = ANY($1::int[]) RETURNING "schoolId", id`,
    error === undefined ? [[...ids]] : [[...ids], error.slice(0, 500)],
  );
  const schoolId = r.rows[0]?.schoolId;
  if (schoolId) await audit(db.pool, { schoolId, actor: { kind: 'system', what: 'mis-write-back' }, source: 'mis', action: error === undefined ? 'mis.write-back' : 'mis.write-back.failed', subjectType: 'MisUpdate', subjectId: ids.join(',').slice(0, 200), detail: { count: ids.length, ...(error ? { error } : {}) } });
}
