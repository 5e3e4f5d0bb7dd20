/** Acknowledge a flag: the DSL or a deputy; who and when are recorded, and escalation stops. A refusal is audited. */
import { z } from 'zod';
import { flagCard } from '../../../cards/jobs.ts';
import { messageCard } from '../../../cards/attendance.ts';
import type { Card } from '../../../cards/model.ts';
import { timeOfDay } from '../../config/clock.ts';
import { canSeeSafeguarding } from '../../domain/access.ts';
import { displayName } from '../../domain/names.ts';
import type { ChatContext } from '../deps.ts';
import { actorOf } from '../staff.ts';

export const acknowledgeFlagCommand = z.object({ flagId: z.coerce.number().int().positive() });
export type AcknowledgeFlag = z.infer<typeof acknowledgeFlagCommand>;

export const ACK_REFUSAL = 'Only the designated safeguarding lead and deputies can acknowledge a flag.';
export const NOT_OUR_FLAG = "That flag is not one of your school's.";

export async function acknowledgeFlag(ctx: ChatContext, cmd: AcknowledgeFlag): Promise<Card> {
  const actor = actorOf(ctx.staff);
  const audit = (action: string, detail: Record<string, unknown> = {}) => ctx.deps.audit.record({
    schoolId: ctx.staff.schoolId, actor, source: ctx.source, action, subjectType: 'SafeguardingFlag', subjectId: String(cmd.flagId), detail: { where: ctx.where ?? null, ...detail },
  });
  if (!canSeeSafeguarding(ctx.staff.grants)) {
    await audit('flag.acknowledge.refused', { refusal: ACK_REFUSAL });
    return messageCard('Safeguarding', ACK_REFUSAL);
  }
  const f = await ctx.deps.flags.acknowledge(ctx.staff.schoolId, cmd.flagId, actor);
  if (!f) {
    await audit('flag.acknowledge.refused', { refusal: NOT_OUR_FLAG });
    return messageCard('Safeguarding', NOT_OUR_FLAG);
  }
  await audit('flag.acknowledge');
  const by = f.acknowledgedBy === actor ? ctx.staff.name : await ctx.deps.staff.nameOf(f.acknowledgedBy);
  return flagCard({ id: f.id, pupilName: displayName(f.pupil), regGroup: f.pupil.regGroup, summary: f.summary, level: f.level, acknowledged: { by, at: timeOfDay(f.acknowledgedAt) } });
}
