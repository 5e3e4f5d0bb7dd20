/**
 * Issue a notice to improve: an improvement period of 3 to 6 weeks (National Framework), the
 * support offered and the improvement needed.
 */
import { z } from 'zod';
import { dayOf, isoOf, schoolDate } from '../../../domain/dates.ts';
import type { ChatContext } from '../../deps.ts';
import { onCase, pupilId } from './on-case.ts';

export const noticeToImproveCommand = z.object({
  pupilId,
  weeks: z.coerce.number().int().min(3, 'an improvement period of 3 to 6 weeks').max(6, 'an improvement period of 3 to 6 weeks'),
  support: z.string().min(1, 'say what support is offered').max(2000),
  improvement: z.string().min(1, 'say what improvement is needed').max(2000),
});
export type NoticeToImprove = z.infer<typeof noticeToImproveCommand>;

export function noticeToImprove(ctx: ChatContext, cmd: NoticeToImprove) {
  return onCase(ctx, 'notice-to-improve', cmd, async ({ tx, actor, fulfil }) => {
    const endsOn = isoOf(dayOf(ctx.asOf) + cmd.weeks * 7);
    await tx.issueNoticeToImprove({ issuedOn: ctx.asOf, endsOn, support: cmd.support, improvement: cmd.improvement, issuedBy: actor });
    const summary = `Notice to improve issued: ${cmd.weeks} weeks to ${schoolDate(endsOn)}${await fulfil('notice-to-improve')}`;
    await tx.addAction({ kind: 'notice-to-improve', actor, reviewOn: endsOn, detail: { summary, support: cmd.support, improvement: cmd.improvement } });
    return { summary };
  });
}
