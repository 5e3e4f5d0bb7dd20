/**
 * Bind a channel: the jobs' posts for a purpose (the attendance team, the DSL, senior
 * leaders, a year) go to this channel or chat. Attendance officers and senior leaders may
 * bind any; the safeguarding channel only a DSL or deputy. Audited, refusals too.
 */
import { z } from 'zod';
import { canBindChannel } from '../../domain/access.ts';
import type { ChatContext } from '../deps.ts';
import type { ChatTarget } from '../ports.ts';
import { actorOf } from '../staff.ts';

export const bindChannelCommand = z.object({
  purpose: z.enum(['attendance', 'dsl', 'senior', 'year']),
  yearGroup: z.number().int().min(0).max(14).optional(),
}).refine((c) => (c.purpose === 'year') === (c.yearGroup !== undefined), 'a year channel needs its year, and only a year channel has one');
export type BindChannel = z.infer<typeof bindChannelCommand>;

export const BIND_REFUSAL = "You can't choose where the school's posts go.";

export async function bindChannel(ctx: ChatContext, cmd: BindChannel, target: ChatTarget): Promise<string> {
  const actor = actorOf(ctx.staff);
  const detail = { purpose: cmd.purpose, yearGroup: cmd.yearGroup ?? null, platform: target.platform, channelId: target.channelId, where: ctx.where ?? null };
  if (!canBindChannel(ctx.staff.grants, cmd.purpose)) {
    await ctx.deps.audit.record({ schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: 'school.channel.refused', detail });
    return BIND_REFUSAL;
  }
  await ctx.deps.channels.bind({ schoolId: ctx.staff.schoolId, target, purpose: cmd.purpose, ...(cmd.yearGroup !== undefined ? { yearGroup: cmd.yearGroup } : {}) });
  await ctx.deps.audit.record({ schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: 'school.channel', detail });
  return `Done: the ${cmd.purpose === 'year' ? `year ${cmd.yearGroup}` : cmd.purpose} posts now come here.`;
}
