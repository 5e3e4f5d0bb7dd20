/** The outbox in PostgreSQL: each post claimed for a short lease, sent outside any transaction, its result recorded after. */
import type { ConversationRef, PostLog } from '../../app/ports.ts';
import { type Db } from './client.ts';

/** How long a worker holds a post while it sends it: longer than any platform call may take (their timeouts are shorter). */
export const POST_LEASE_SECONDS = 60;

export function pgPostLog(db: Db): PostLog {
  return {
    async withPost(key, payload, act) {
      const { schoolId, kind, dateKey, session, target } = key;
      // stored, or given its new payload: one already shown becomes pending again (an update to make)
      // (the same payload again writes nothing: a post re-delivered unchanged costs reads only)
      const stored = (await db.pool.query<{ id: number; fresh: boolean }>(
        `INSERT INTO "ChatPost" ("schoolId", kind, "dateKey", session, platform, "channelId", payload, reference) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT ("schoolId", kind, "dateKey", session, platform, "channelId") DO UPDATE SET
           payload = EXCLUDED.payload,
           status = CASE WHEN "ChatPost".status = 'sent' AND "ChatPost"."sentPayload" IS DISTINCT FROM EXCLUDED.payload THEN 'pending' ELSE "ChatPost".status END,
           "nextAttemptAt" = CASE WHEN "ChatPost".status = 'sent' AND "ChatPost"."sentPayload" IS DISTINCT FROM EXCLUDED.payload THEN NULL ELSE "ChatPost"."nextAttemptAt" END
         WHERE "ChatPost".payload IS DISTINCT FROM EXCLUDED.payload
         RETURNING id, (xmax = 0) AS fresh`,
        [schoolId, kind, dateKey, session, target.platform, target.channelId, payload, target.reference ? JSON.stringify(target.reference) : null],
      )).rows[0] ?? (await db.pool.query<{ id: number; fresh: boolean }>(
        `SELECT id, false AS fresh FROM "ChatPost" WHERE "schoolId" = $1 AND kind = $2 AND "dateKey" = $3 AND session = $4 AND platform = $5 AND "channelId" = $6`,
        [schoolId, kind, dateKey, session, target.platform, target.channelId],
      )).rows[0]!;
      // claimed for a short lease, in one statement: no transaction is held while the platform answers
      const claimed = (await db.pool.query<{ status: string; messageRef: string | null; attempts: number; createdAt: Date; current: boolean; shown: boolean; lease: Date }>(
        `UPDATE "ChatPost" SET "leaseUntil" = now() + make_interval(secs => $3) WHERE id = $1 AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
         RETURNING status, "messageRef", attempts, "createdAt", payload = $2::jsonb AS current, "sentPayload" IS NOT DISTINCT FROM $2::jsonb AS shown, "leaseUntil" AS lease`,
        [stored.id, payload, POST_LEASE_SECONDS],
      )).rows[0];
      if (!claimed) return 'busy';
      const release = () => db.pool.query(`UPDATE "ChatPost" SET "leaseUntil" = NULL WHERE id = $1 AND "leaseUntil" = $2`, [stored.id, claimed.lease]);
      if (!claimed.current) { await release(); return 'busy'; } // a newer payload was stored: its writer sends it
      try {
        return await act(
          { fresh: stored.fresh, ...(claimed.messageRef ? { messageRef: claimed.messageRef } : {}), shown: claimed.status === 'sent' && claimed.shown, attempts: claimed.attempts, failed: claimed.status === 'failed', since: claimed.createdAt },
          {
            async sent(messageRef) {
              await db.pool.query(
                `UPDATE "ChatPost" SET status = 'sent', "messageRef" = coalesce($2, "messageRef"), "sentAt" = now(), "sentPayload" = $3::jsonb,
                   "lastError" = NULL, "nextAttemptAt" = NULL, "leaseUntil" = NULL WHERE id = $1`,
                [stored.id, messageRef ?? null, payload]);
            },
            async found(messageRef) {
              await db.pool.query(`UPDATE "ChatPost" SET "messageRef" = $2 WHERE id = $1`, [stored.id, messageRef]);
            },
            async failed(error, retryAt) {
              await db.pool.query(
                `UPDATE "ChatPost" SET attempts = attempts + 1, "lastError" = $2, status = CASE WHEN $3::timestamptz IS NULL THEN 'failed'::"PostStatus" ELSE 'pending'::"PostStatus" END,
                   "nextAttemptAt" = $3, "leaseUntil" = NULL WHERE id = $1`,
                [stored.id, error.slice(0, 500), retryAt ?? null]);
            },
          },
        );
      } finally {
        await release();
      }
    },
    async pending(schoolId, now, since) {
      const rows = (await db.pool.query<{ kind: string; dateKey: string; session: string; platform: 'slack' | 'teams'; channelId: string; reference: ConversationRef | null; payload: unknown; attempts: number; workspace: string | null }>(
        `SELECT kind, "dateKey", session, platform::text AS platform, "channelId", reference, payload, attempts,
           (SELECT "slackTeamId" FROM "School" WHERE id = $1) AS workspace FROM "ChatPost"
         WHERE "schoolId" = $1 AND status = 'pending' AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= $2) AND "createdAt" >= $3
           AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
           AND ("nextAttemptAt" IS NOT NULL OR "createdAt" <= $2::timestamptz - interval '2 minutes' OR "messageRef" IS NOT NULL)
         ORDER BY "createdAt", id LIMIT 500`,
        [schoolId, now, since],
      )).rows;
      return rows.map((r) => ({
        kind: r.kind, dateKey: r.dateKey, session: r.session, attempts: r.attempts, payload: JSON.stringify(r.payload),
        target: { platform: r.platform, channelId: r.channelId, ...(r.platform === 'slack' && r.workspace ? { workspace: r.workspace } : {}), ...(r.reference ? { reference: r.reference } : {}) },
      }));
    },
    async wasSent(schoolId, kind, dateKey, session) {
      return (await db.prisma.chatPost.count({ where: { schoolId, kind, dateKey, session, status: 'sent' } })) > 0;
    },
    async refreshesAsked(schoolId) {
      return (await db.pool.query<{ date: string; at: Date }>(`SELECT date, "requestedAt" AS at FROM "ListRefresh" WHERE "schoolId" = $1 ORDER BY date`, [schoolId])).rows;
    },
    async refreshed(schoolId, date, upTo) {
      await db.pool.query(`DELETE FROM "ListRefresh" WHERE "schoolId" = $1 AND date = $2 AND "requestedAt" <= $3`, [schoolId, date, upTo]);
    },
  };
}
