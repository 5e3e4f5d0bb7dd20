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
const staffCache = new TtlCache<string, readonly StaffMember[]>(STAFF_CACHE_MS);

export function forgetStaff(): void {
  staffCache.clear();
}

const idOf = (who: ChatIdentity) => (who.platform === 'slack' ? who.userId : who.aadObjectId.toLowerCase());
const spaceOf = (who: ChatIdentity) => (who.platform === 'slack' ? who.teamId : who.tenantId.toLowerCase());

export function resolveStaff(db: Db, who: ChatIdentity): Promise<readonly StaffMember[]> {
  const key = `${db.url}|${who.platform}|${spaceOf(who)}|${idOf(who)}`;
  return staffCache.get(key, () => readStaff(db, who));
}

/**
 * Only schools of the identity's own workspace or tenant are searched: another school naming the
 * same user id (by mistake or through its import key) changes nothing for this one.
 */
async function readStaff(db: Db, who: ChatIdentity): Promise<readonly StaffMember[]> {
  const [id, space] = [idOf(who), spaceOf(who)];
  if (!id || !space) return [];
  const match = who.platform === 'slack'
    ? 's."slackUserId" = $1 AND sc."slackTeamId" = $2'
    : 'lower(s."teamsAadObjectId") = $1 AND lower(sc."teamsTenantId") = $2';
  const r = await db.pool.query(
    `SELECT s.id, s."schoolId", s.name, s."slackUserId", s."teamsAadObjectId",
            coalesce(json_agg(json_build_object('role', r.role, 'yearGroup', r."yearGroup", 'regGroup', r."regGroup")) FILTER (WHERE r.id IS NOT NULL), '[]') AS grants
     FROM "Staff" s JOIN "School" sc ON sc.id = s."schoolId" LEFT JOIN "StaffRole" r ON r."staffId" = s.id
     WHERE ${match} GROUP BY s.id ORDER BY s."schoolId"`,
    [id, space],
  );
  return r.rows.map((row) => ({
    id: row.id, schoolId: row.schoolId, name: row.name, slackUserId: row.slackUserId, teamsAadObjectId: row.teamsAadObjectId,
    grants: (row.grants as { role: Role; yearGroup: number | null; regGroup: string | null }[]),
  }));
}
