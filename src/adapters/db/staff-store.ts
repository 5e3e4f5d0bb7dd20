/** Chat identities resolved to members of staff in PostgreSQL, cached briefly per process. */
import type { ChatIdentity, StaffMember } from '../../app/ports.ts';
import type { Role } from '../../domain/access.ts';
import { TtlCache } from '../../shared/ttl-cache.ts';
import type { Db } from './client.ts';

/**
 * Chat identities are resolved on every request; each process keeps an answer for
 * STAFF_CACHE_MS, so a role removed by a staff import takes effect within that time
 * (at once in the process that imported).
 */
export const STAFF_CACHE_MS = 30_000;
const staffCache = new TtlCache<string, StaffMember | undefined>(STAFF_CACHE_MS);

export function forgetStaff(): void {
  staffCache.clear();
}

export function resolveStaff(db: Db, who: ChatIdentity): Promise<StaffMember | undefined> {
  const key = `${db.url}|${who.platform}|${who.platform === 'slack' ? who.userId : who.aadObjectId.toLowerCase()}`;
  return staffCache.get(key, () => readStaff(db, who));
}

async function readStaff(db: Db, who: ChatIdentity): Promise<StaffMember | undefined> {
  const column = who.platform === 'slack' ? '"slackUserId"' : 'lower("teamsAadObjectId")';
  const value = who.platform === 'slack' ? who.userId : who.aadObjectId.toLowerCase();
  if (!value) return undefined;
  const r = await db.pool.query(
    `SELECT s.id, s."schoolId", s.name, s."slackUserId", s."teamsAadObjectId",
            coalesce(json_agg(json_build_object('role', r.role, 'yearGroup', r."yearGroup", 'regGroup', r."regGroup")) FILTER (WHERE r.id IS NOT NULL), '[]') AS grants
     FROM "Staff" s LEFT JOIN "StaffRole" r ON r."staffId" = s.id
     WHERE ${column} = $1 GROUP BY s.id ORDER BY s.id LIMIT 1`,
    [value],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    id: row.id, schoolId: row.schoolId, name: row.name, slackUserId: row.slackUserId, teamsAadObjectId: row.teamsAadObjectId,
    grants: (row.grants as { role: Role; yearGroup: number | null; regGroup: string | null }[]),
  };
}
