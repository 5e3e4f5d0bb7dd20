/**
 * Delivery that can be trusted. Every post has a key (school, kind, date, session, platform,
 * channel) with a unique constraint, stored before sending; the row is locked while it is
 * sent, so two workers (a scheduler firing twice round a clock change, two instances
 * starting together) post once. A post whose content changed since (reasons came in) is
 * updated in place. The key's row is committed before anything is sent, so a crash leaves
 * it pending: the next run sends it then, and for Slack first looks in the channel for a
 * message carrying the key (a crash after Slack took the post but before the row was marked
 * sent), so that it is not posted twice. Teams has no such look-up: there a crash in that
 * window can repeat a post.
 */
import type { Card } from '../../cards/model.ts';
import type { Db } from '../adapters/db/client.ts';
import { inTransaction } from '../adapters/db/roll-store.ts';

export interface ChatSender {
  readonly slack?: {
    /** Posts with the delivery key in the message's metadata; returns the message ts. */
    post(channel: string, card: Card, key: string): Promise<string>;
    update(channel: string, ts: string, card: Card): Promise<void>;
    /** The ts of a recent message in the channel carrying the key, if Slack has one. */
    find(channel: string, key: string): Promise<string | undefined>;
  };
  readonly teams?: {
    post(reference: Record<string, unknown>, card: Card): Promise<string | undefined>;
    update(reference: Record<string, unknown>, id: string, card: Card): Promise<void>;
  };
}

export type Purpose = 'attendance' | 'year' | 'dsl' | 'senior';

export interface Post {
  readonly schoolId: string;
  readonly kind: string;
  readonly dateKey: string;
  readonly session?: string;
  readonly purpose: Purpose;
  readonly yearGroup?: number;
  readonly card: Card;
}

interface Target {
  readonly platform: 'slack' | 'teams';
  readonly channelId: string;
  readonly reference?: Record<string, unknown>;
}

const ROLE_FOR: Record<Purpose, string[]> = {
  attendance: ['attendance_officer'], dsl: ['dsl', 'deputy_dsl'], senior: ['senior_leader'], year: ['head_of_year'],
};

/**
 * Where a post goes: the school's configured channels for the purpose; for Teams, when no
 * channel is configured, the personal conversations of the staff who hold the role.
 */
export async function targets(db: Db, schoolId: string, purpose: Purpose, yearGroup?: number): Promise<Target[]> {
  const channels = (await db.pool.query(
    `SELECT platform::text, "channelId", "conversationReference" FROM "SchoolChannel"
     WHERE "schoolId" = $1 AND purpose = $2 AND "yearGroup" IS NOT DISTINCT FROM $3`,
    [schoolId, purpose, purpose === 'year' ? yearGroup ?? null : null],
  )).rows;
  const out: Target[] = channels.map((c) => ({ platform: c.platform, channelId: c.channelId, ...(c.conversationReference ? { reference: c.conversationReference } : {}) }))
    .filter((t) => t.platform === 'slack' || t.reference);
  if (!out.some((t) => t.platform === 'teams')) {
    const personal = (await db.pool.query(
      `SELECT DISTINCT ON (c."conversationId") c."conversationId", c.reference FROM "ConversationReference" c
       JOIN "Staff" s ON lower(s."teamsAadObjectId") = lower(c."aadObjectId") AND s."schoolId" = $1
       JOIN "StaffRole" r ON r."staffId" = s.id
       WHERE c."schoolId" = $1 AND r.role::text = ANY($2) AND ($3::int IS NULL OR r."yearGroup" = $3)
         AND c.reference->'conversation'->>'conversationType' IS DISTINCT FROM 'channel'`,
      [schoolId, ROLE_FOR[purpose], purpose === 'year' ? yearGroup ?? null : null],
    )).rows;
    for (const p of personal) out.push({ platform: 'teams', channelId: p.conversationId, reference: p.reference });
  }
  return out;
}

export interface DeliveryResult {
  readonly posted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: string[];
}

export async function deliver(db: Db, sender: ChatSender, post: Post): Promise<DeliveryResult> {
  const result = { posted: 0, updated: 0, unchanged: 0, skipped: [] as string[] };
  const payload = JSON.stringify(post.card);
  for (const t of await targets(db, post.schoolId, post.purpose, post.yearGroup)) {
    const platform = t.platform === 'slack' ? sender.slack : sender.teams;
    if (!platform) { result.skipped.push(`${t.platform}:${t.channelId} (platform off)`); continue; }
    const key = [post.schoolId, post.kind, post.dateKey, post.session ?? '', t.platform, t.channelId].join('|');
    const inserted = await db.pool.query(
      `INSERT INTO "ChatPost" ("schoolId", kind, "dateKey", session, platform, "channelId", payload) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ("schoolId", kind, "dateKey", session, platform, "channelId") DO NOTHING`,
      [post.schoolId, post.kind, post.dateKey, post.session ?? '', t.platform, t.channelId, payload],
    );
    const fresh = (inserted.rowCount ?? 0) > 0;
    await inTransaction(db, async (c) => {
      const row = (await c.query(
        `SELECT id, status, "messageRef", payload = $7::jsonb AS same FROM "ChatPost"
         WHERE "schoolId" = $1 AND kind = $2 AND "dateKey" = $3 AND session = $4 AND platform = $5 AND "channelId" = $6 FOR UPDATE`,
        [post.schoolId, post.kind, post.dateKey, post.session ?? '', t.platform, t.channelId, payload],
      )).rows[0];
      let messageRef: string | undefined = row.status === 'sent' ? row.messageRef : undefined;
      if (messageRef === undefined && !fresh && t.platform === 'slack') {
        // left pending by an earlier run: did Slack get it before that run stopped?
        messageRef = await sender.slack!.find(t.channelId, key);
        if (messageRef !== undefined) {
          await c.query(`UPDATE "ChatPost" SET status = 'sent', "messageRef" = $2, "sentAt" = now() WHERE id = $1`, [row.id, messageRef]);
          if (row.same) { result.unchanged++; return; }
        }
      }
      if (messageRef !== undefined) {
        if (row.same && row.status === 'sent') { result.unchanged++; return; } // jsonb compares content, not key order
        if (t.platform === 'slack') await sender.slack!.update(t.channelId, messageRef, post.card);
        else await sender.teams!.update(t.reference!, messageRef, post.card);
        await c.query(`UPDATE "ChatPost" SET payload = $2 WHERE id = $1`, [row.id, payload]);
        result.updated++;
        return;
      }
      const ref = t.platform === 'slack' ? await sender.slack!.post(t.channelId, post.card, key) : await sender.teams!.post(t.reference!, post.card);
      await c.query(`UPDATE "ChatPost" SET status = 'sent', "messageRef" = $2, "sentAt" = now(), payload = $3 WHERE id = $1`, [row.id, ref ?? null, payload]);
      result.posted++;
    });
  }
  return result;
}
