/** Where posts go, in PostgreSQL: bound channels, and the Teams conversations the bot has seen (with their kind and, for a personal chat, its person). */
import type { Channels, ChatTarget, ConversationRef } from '../../app/ports.ts';
import { PURPOSE_ROLES } from '../../domain/audience.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { type Db } from './client.ts';

export function pgChannels(db: Db): Channels {
  return {
    async remember(c) {
      const reference = c.reference as Prisma.InputJsonObject;
      const tenantId = c.tenantId?.toLowerCase();
      const known = await db.prisma.conversationReference.findUnique({ where: { conversationId: c.conversationId }, select: { deadAt: true } });
      await db.prisma.conversationReference.upsert({
        where: { conversationId: c.conversationId },
        create: { conversationId: c.conversationId, kind: c.kind, tenantId: tenantId ?? null, aadObjectId: c.kind === 'personal' ? c.aadObjectId ?? null : null, reference },
        // a later activity without a known tenant or user keeps what was known; only a personal
        // chat is tied to its one person (a group chat's last speaker is not its reader)
        update: { reference, kind: c.kind, updatedAt: new Date(), ...(tenantId ? { tenantId } : {}), ...(c.aadObjectId && c.kind === 'personal' ? { aadObjectId: c.aadObjectId } : {}) },
      });
      return known === null;
    },
    async personalConversation(tenantId, aadObjectId) {
      const r = await db.prisma.conversationReference.findFirst({
        where: {
          tenantId: tenantId.toLowerCase(), aadObjectId: { equals: aadObjectId, mode: 'insensitive' }, kind: 'personal', deadAt: null,
        },
        orderBy: { updatedAt: 'desc' }, select: { reference: true },
      });
      return (r?.reference as ConversationRef | null | undefined) ?? undefined;
    },
    async bind({ schoolId, target, purpose, yearGroup }) {
      const year = purpose === 'year' ? yearGroup ?? null : null;
      const reference = target.reference ? (target.reference as Prisma.InputJsonObject) : Prisma.DbNull;
      // the unique key has a nullable column, so replace rather than upsert: in one transaction
      await db.prisma.$transaction([
        db.prisma.schoolChannel.deleteMany({ where: { schoolId, platform: target.platform, purpose, yearGroup: year } }),
        db.prisma.schoolChannel.create({ data: { schoolId, platform: target.platform, purpose, yearGroup: year, channelId: target.channelId, conversationReference: reference } }),
      ]);
    },
    async markDead(conversationId) {
      await db.prisma.conversationReference.updateMany({ where: { conversationId, deadAt: null }, data: { deadAt: new Date() } });
    },
    async targets(schoolId, purpose, yearGroup) {
      const year = purpose === 'year' ? yearGroup ?? null : null;
      const [channels, school] = await Promise.all([
        db.prisma.schoolChannel.findMany({ where: { schoolId, purpose, yearGroup: year } }),
        db.prisma.school.findUnique({ where: { id: schoolId }, select: { slackTeamId: true } }),
      ]);
      // a Slack channel is in the school's workspace: its installation posts there
      const workspace = school?.slackTeamId ? { workspace: school.slackTeamId } : {};
      const out: ChatTarget[] = channels
        .map((c) => ({ platform: c.platform, channelId: c.channelId, ...(c.platform === 'slack' ? workspace : {}), ...(c.conversationReference ? { reference: c.conversationReference as ConversationRef } : {}) }))
        .filter((t) => t.platform === 'slack' || t.reference);
      if (!out.some((t) => t.platform === 'teams')) {
        const personal = (await db.pool.query<{ conversationId: string; reference: ConversationRef }>(
          `SELECT DISTINCT ON (c."conversationId") c."conversationId", c.reference FROM "ConversationReference" c
           JOIN "Staff" s ON lower(s."teamsAadObjectId") = lower(c."aadObjectId") AND s."schoolId" = $1
           JOIN "School" sc ON sc.id = s."schoolId" AND lower(sc."teamsTenantId") = c."tenantId"
           JOIN "StaffRole" r ON r."staffId" = s.id
           WHERE c."deadAt" IS NULL AND r.role::text = ANY($2) AND ($3::int IS NULL OR r."yearGroup" = $3)
             AND c.kind = 'personal'`,
          [schoolId, [...PURPOSE_ROLES[purpose]], year],
        )).rows;
        for (const p of personal) out.push({ platform: 'teams', channelId: p.conversationId, reference: p.reference });
      }
      return out;
    },
  };
}
