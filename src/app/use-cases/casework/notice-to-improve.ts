/**
 * Issue a notice to improve: only at the National Framework threshold; an improvement period of
 * 3 to 6 weeks counted in school days (holidays do not count), the support offered and the
 * improvement needed. Its review is due on the period's last school day.
 */
import { z } from 'zod';
import { dayOf, isoOf, schoolDate } from '../../../domain/dates.ts';
import type { ChatContext } from '../../deps.ts';
import { evaluateOne } from '../../roll.ts';
import { onCase, pupilId, Refusal } from './on-case.ts';

const PERIOD = 'an improvement period of 3 to 6 weeks: 15 to 30 school days';
export const noticeToImproveCommand = z.object({
  pupilId,
  schoolDays: z.coerce.number().int().min(15, PERIOD).max(30, PERIOD),
  support: z.string().min(1, 'say what support is offered').max(2000),
  improvement: z.string().min(1, 'say what improvement is needed').max(2000),
});
export type NoticeToImprove = z.infer<typeof noticeToImproveCommand>;

export function noticeToImprove(ctx: ChatContext, cmd: NoticeToImprove) {
  return onCase(ctx, 'notice-to-improve', cmd, async ({ tx, add, fulfil, school, pupil }) => {
    const { evaluation } = await evaluateOne(ctx.deps, school, ctx.asOf, pupil);
    const rules = school.penaltyRules;
    if (!evaluation.penalty.thresholdMet) {
      throw new Refusal(`A notice to improve rests on the National Framework threshold (${rules.thresholdSessions} sessions of unauthorised absence in ${rules.windowWeeks} school weeks): only ${evaluation.penalty.sessions} count now. Nothing was recorded.`);
    }
    const end = school.calendar.schoolDayAfter(dayOf(ctx.asOf), cmd.schoolDays);
    if (end === undefined) throw new Refusal(`The school's calendar does not reach ${cmd.schoolDays} school days ahead: add next term's dates first. Nothing was recorded.`);
    const endsOn = isoOf(end);
    await tx.issueNoticeToImprove({ issuedOn: ctx.asOf, endsOn, support: cmd.support, improvement: cmd.improvement });
    const summary = `Notice to improve issued: ${cmd.schoolDays} school days to ${schoolDate(endsOn)}${await fulfil('notice-to-improve')}`;
    await add({ kind: 'notice-to-improve', summary, reviewOn: endsOn, support: cmd.support, improvement: cmd.improvement });
    return { summary };
  });
}
