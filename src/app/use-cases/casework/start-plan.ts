/** Start a support plan or an attendance contract, with its review date. */
import { z } from 'zod';
import { schoolDate } from '../../../domain/dates.ts';
import type { ChatContext } from '../../deps.ts';
import { isoDate, onCase, pupilId } from './on-case.ts';

export const startPlanCommand = z.object({ pupilId, plan: z.enum(['support-plan', 'attendance-contract']), reviewOn: isoDate, note: z.string().max(2000).optional() });
export type StartPlan = z.infer<typeof startPlanCommand>;

export function startPlan(ctx: ChatContext, cmd: StartPlan) {
  return onCase(ctx, 'plan-started', cmd, async ({ tx, actor, fulfil }) => {
    const summary = `${cmd.plan === 'support-plan' ? 'Support plan' : 'Attendance contract'} started; review on ${schoolDate(cmd.reviewOn)}${await fulfil(cmd.plan)}`;
    await tx.addAction({ kind: cmd.plan, actor, reviewOn: cmd.reviewOn, detail: { summary, note: cmd.note ?? null } });
    return { summary };
  });
}
