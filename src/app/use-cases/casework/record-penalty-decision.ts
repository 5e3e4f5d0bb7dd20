/**
 * Record what became of a penalty notice: the local authority issued it (on its day) or refused
 * it, it was paid or withdrawn, or, unpaid, referred for prosecution. Only the changes its status
 * allows (src/domain/penalty.ts); a day in the future is refused. The three-year rule then runs
 * on the notices the LA issued; a notice refused or withdrawn lets go of its marks.
 */
import { z } from 'zod';
import { dayOf, schoolDate } from '../../../domain/dates.ts';
import { NOTICE_NEXT, NOTICE_STATUS_LABEL } from '../../../domain/penalty.ts';
import type { ChatContext } from '../../deps.ts';
import { isoDate, onCase, pupilId, Refusal } from './on-case.ts';

export const recordPenaltyDecisionCommand = z.object({
  pupilId,
  noticeId: z.coerce.number().int().positive(),
  status: z.enum(['issued', 'paid', 'withdrawn', 'refused', 'prosecution']),
  /** The day it happened (default: today): the LA's date of issue for an issued notice. */
  day: isoDate.optional(),
  note: z.string().max(500).optional(),
});
export type RecordPenaltyDecision = z.infer<typeof recordPenaltyDecisionCommand>;

export function recordPenaltyDecision(ctx: ChatContext, cmd: RecordPenaltyDecision) {
  return onCase(ctx, 'penalty-decision', cmd, async ({ tx, add }) => {
    const day = cmd.day ?? ctx.asOf;
    if (dayOf(day) > dayOf(ctx.asOf)) throw new Refusal(`${schoolDate(day)} is after today: record it once it has happened. Nothing was recorded.`);
    const note = cmd.note?.trim() || null;
    const before = await tx.decidePenaltyNotice(cmd.noticeId, cmd.status, day, note);
    if (!before) throw new Refusal("That penalty notice is not this pupil's. Nothing was recorded.");
    if (!NOTICE_NEXT[before.status].includes(cmd.status)) {
      throw new Refusal(`That notice is ${NOTICE_STATUS_LABEL[before.status]}: it can${NOTICE_NEXT[before.status].length ? ` only be ${NOTICE_NEXT[before.status].map((s) => NOTICE_STATUS_LABEL[s]).join(', or ')}` : 'not change now'}. Nothing was recorded.`);
    }
    if (cmd.status === 'issued' && dayOf(day) < before.requestedOn) throw new Refusal(`A notice is issued after it was requested (${schoolDate(before.requestedOn)}). Nothing was recorded.`);
    const summary = `Penalty notice ${NOTICE_STATUS_LABEL[cmd.status]}${cmd.status === 'issued' || day !== ctx.asOf ? ` on ${schoolDate(day)}` : ''}${cmd.status === 'refused' || cmd.status === 'withdrawn' ? '; its marks may count towards another notice' : ''}`;
    await add({ kind: 'penalty-decision', summary, noticeId: cmd.noticeId, status: cmd.status, day, note });
    return { summary };
  });
}
