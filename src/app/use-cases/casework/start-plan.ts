/** Start a support plan or an attendance contract, with its review date. */
import { z } from 'zod';
import { PLANS } from '../../../domain/casework.ts';
import { schoolDate } from '../../../domain/dates.ts';
import type { ChatContext } from '../../deps.ts';
import { isoDate, onCase, pupilId } from './on-case.ts';

export const startPlanCommand = z.object({ pupilId, plan: z.enum(PLANS), reviewOn: isoDate, note: z.string().max(2000).optional() });
export type StartPlan = z.infer<typeof startPlanCommand>;

export function startPlan(ctx: ChatContext, cmd: StartPlan) {
  return onCase(ctx, 'plan-started', cmd, async ({ add, fulfil }) => {
    const summary = `${cmd.plan === 'support-plan' ? 'Support plan' : 'Attendance contract'} started; review on ${schoolDate(cmd.reviewOn)}${await fulfil(cmd.plan)}`;
    await add({ kind: 'plan-started', summary, plan: cmd.plan, reviewOn: cmd.reviewOn, note: cmd.note ?? null });
    return { summary };
  });
}
