/**
 * Bind a channel: the jobs' posts for a purpose (the attendance team, the DSL, senior
 * leaders, a year) go to this channel or chat. Attendance officers and senior leaders may
 * bind any; the safeguarding channel only a DSL or deputy. Audited, refusals too.
 */
import { z } from 'zod';
import { canBindChannel } from '../../domain/access.ts';
import { type ConversationKind, GROUP_CHAT_REFUSAL, mayBindRolePosts, PURPOSES } from '../../domain/audience.ts';
import { type ChatContext, inSchool } from '../deps.ts';
import type { ChatTarget } from '../ports.ts';
import { staffActor } from '../ports.ts';

export const bindChannelCommand = z.object({
  purpose: z.enum(PURPOSES),
  yearGroup: z.number().int().min(0).max(14).optional(),
}).refine((c) => (c.purpose === 'year') === (c.yearGroup !== undefined), 'a year channel needs its year, and only a year channel has one');
export type BindChannel = z.infer<typeof bindChannelCommand>;

export const BIND_REFUSAL = "You can't choose where the school's posts go.";

const SUBSCRIBE = new RegExp(`^(?:attendance\\s+)?subscribe\\s+(${PURPOSES.filter((p) => p !== 'year').join('|')}|year\\s+(\\d{1,2}))(?:\\s+@([a-z0-9][a-z0-9-]*))?$`, 'i');

/** `subscribe attendance|dsl|senior|year N [@school]`, as staff type it in Slack or Teams; undefined for anything else. */
export function parseSubscribe(text: string): { readonly cmd: BindChannel; readonly school?: string } | undefined {
  const m = SUBSCRIBE.exec(text.trim());
  if (!m) return undefined;
  const word = m[1]!.toLowerCase();
  const cmd = bindChannelCommand.parse(word.startsWith('year') ? { purpose: 'year', yearGroup: Number(m[2]) } : { purpose: word });
  return m[3] ? { cmd, school: m[3].toLowerCase() } : { cmd };
}

export const whichSchool = (schools: readonly string[]) =>
  `You are staff at ${schools.length} schools here: say which, e.g. \`subscribe attendance @${schools[0]}\` (${schools.map((s) => `@${s}`).join(', ')}).`;

/**
 * Binds for the school named (`@school`), or the person's one school; staff of several schools
 * who may bind in more than one of them must name it.
 */
export async function bindChannel(within: ChatContext, cmd: BindChannel, target: ChatTarget, school?: string, kind: ConversationKind = 'channel'): Promise<string> {
  const mayBind = within.memberships.filter((m) => canBindChannel(m.grants, cmd.purpose));
  const chosen = school ?? (within.memberships.length === 1 ? within.staff.schoolId : mayBind.length === 1 ? mayBind[0]!.schoolId : undefined);
  if (chosen === undefined) return whichSchool(within.memberships.map((m) => m.schoolId));
  const ctx = (await inSchool(within, chosen)) ?? within;
  const actor = staffActor(ctx.staff);
  const detail = { school: chosen, purpose: cmd.purpose, yearGroup: cmd.yearGroup ?? null, platform: target.platform, channelId: target.channelId, where: ctx.where ?? null };
  if (ctx.staff.schoolId !== chosen || !canBindChannel(ctx.staff.grants, cmd.purpose)) {
    await ctx.deps.audit.record({ schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: 'school.channel.refused', detail });
    return BIND_REFUSAL;
  }
  if (!mayBindRolePosts(kind)) {
    await ctx.deps.audit.record({ schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: 'school.channel.refused', detail: { ...detail, conversation: kind } });
    return GROUP_CHAT_REFUSAL;
  }
  await ctx.deps.channels.bind({ schoolId: ctx.staff.schoolId, target, purpose: cmd.purpose, ...(cmd.yearGroup !== undefined ? { yearGroup: cmd.yearGroup } : {}) });
  await ctx.deps.audit.record({ schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: 'school.channel', detail });
  return `Done: the ${cmd.purpose === 'year' ? `year ${cmd.yearGroup}` : cmd.purpose} posts now come here.`;
}
