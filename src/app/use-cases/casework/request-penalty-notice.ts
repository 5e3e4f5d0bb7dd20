/**
 * Request a penalty notice: only at the threshold, counting the marks in the window less any
 * already linked to a notice; the marks counted are linked to this one; no third notice
 * within 3 years.
 */
import { z } from 'zod';
import { dayOf } from '../../../domain/dates.ts';
import { countPenaltySessions, nextPenaltyNotice, noticesWithinThreeYears, penaltyWindow } from '../../../domain/penalty.ts';
import { PupilRegister } from '../../../domain/register.ts';
import type { ChatContext } from '../../deps.ts';
import { onCase, pupilId, Refusal } from './on-case.ts';

export const requestPenaltyNoticeCommand = z.object({ pupilId });
export type RequestPenaltyNotice = z.infer<typeof requestPenaltyNoticeCommand>;

export function requestPenaltyNotice(ctx: ChatContext, cmd: RequestPenaltyNotice) {
  return onCase(ctx, 'penalty-requested', cmd, async ({ tx, school, pupil, actor, fulfil }) => {
    const day = dayOf(ctx.asOf);
    const window = penaltyWindow(school.calendar, day);
    const from = window.weeks[0] ?? day;
    const [registers, facts, linked] = await Promise.all([
      ctx.deps.registers.load(school.id, from, day, [pupil.id]),
      ctx.deps.cases.facts(school.id, [pupil.id]),
      tx.linkedSlots(),
    ]);
    const count = countPenaltySessions(registers.get(pupil.id) ?? PupilRegister.EMPTY, window, school.penaltyRules, linked);
    if (!count.thresholdMet) throw new Refusal(`Only ${count.sessions} sessions count towards a notice now (marks already linked to a notice do not count again).`);
    const rule = nextPenaltyNotice(noticesWithinThreeYears(facts.get(pupil.id)?.noticeDays ?? [], day));
    if (!rule.allowed) throw new Refusal(rule.explanation);
    const noticeId = await tx.requestPenaltyNotice({ sequence: rule.sequence, amountPence: rule.amountPence, requestedBy: actor, slots: count.slots });
    const summary = `Penalty notice requested (${rule.explanation}); ${count.sessions} sessions linked${await fulfil('penalty-notice-request')}`;
    await tx.addAction({ kind: 'penalty-notice-request', actor, detail: { summary, noticeId } });
    return { summary };
  });
}
