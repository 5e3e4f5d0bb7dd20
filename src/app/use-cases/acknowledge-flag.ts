/**
 * Acknowledge a flag: the DSL or a deputy, saying what was done (a choice and a note); who and
 * when are recorded, and escalation stops. A refusal is audited.
 */
import { z } from 'zod';
import { acknowledgeFlagForm } from '../../../cards/jobs.ts';
import { messageCard } from '../../../cards/attendance.ts';
import type { Card, Form } from '../../../cards/model.ts';
import { canSeeSafeguarding } from '../../domain/access.ts';
import { FLAG_ACTIONS, type FlagAction } from '../../domain/flags.ts';
import type { ChatContext } from '../deps.ts';
import { flagCardOf } from '../flag-posts.ts';
import { staffActor } from '../ports.ts';

export const acknowledgeFlagCommand = z.object({
  flagId: z.coerce.number().int().positive(),
  /** What was done. */
  done: z.enum(Object.keys(FLAG_ACTIONS) as [FlagAction]),
  note: z.string().max(2000).optional(),
});
export type AcknowledgeFlag = z.infer<typeof acknowledgeFlagCommand>;

export const ACK_REFUSAL = 'Only the designated safeguarding lead and deputies can acknowledge a flag.';
export const NOT_OUR_FLAG = "That flag is not one of your school's.";

export async function acknowledgeFlag(ctx: ChatContext, cmd: AcknowledgeFlag): Promise<Card> {
  const actor = staffActor(ctx.staff);
  const audit = (action: string, detail: Record<string, unknown> = {}) => ctx.deps.audit.record({
    schoolId: ctx.staff.schoolId, actor, source: ctx.source, action, subjectType: 'SafeguardingFlag', subjectId: String(cmd.flagId), detail: { where: ctx.where ?? null, ...detail },
  });
  if (!canSeeSafeguarding(ctx.staff.grants)) {
    await audit('flag.acknowledge.refused', { refusal: ACK_REFUSAL });
    return messageCard('Safeguarding', ACK_REFUSAL);
  }
  const f = await ctx.deps.flags.acknowledge(ctx.staff.schoolId, cmd.flagId, actor, { action: cmd.done, note: cmd.note ?? null });
  if (!f) {
    await audit('flag.acknowledge.refused', { refusal: NOT_OUR_FLAG });
    return messageCard('Safeguarding', NOT_OUR_FLAG);
  }
  await audit('flag.acknowledge', { action: cmd.done, note: cmd.note ?? null });
  return flagCardOf(f, f.acknowledgedBy, (await ctx.deps.schools.load(ctx.staff.schoolId)).timezone);
}

/** The acknowledgement form, for the DSL and deputies only (a refusal is audited). */
export async function openAcknowledgement(ctx: ChatContext, flagId: number): Promise<Card | Form> {
  if (!canSeeSafeguarding(ctx.staff.grants)) {
    await ctx.deps.audit.record({ schoolId: ctx.staff.schoolId, actor: staffActor(ctx.staff), source: ctx.source, action: 'flag.acknowledge.refused', subjectType: 'SafeguardingFlag', subjectId: String(flagId), detail: { refusal: ACK_REFUSAL, where: ctx.where ?? null } });
    return messageCard('Safeguarding', ACK_REFUSAL);
  }
  return acknowledgeFlagForm(flagId, 'this pupil', FLAG_ACTIONS);
}
