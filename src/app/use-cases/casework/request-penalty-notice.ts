/**
 * Request a penalty notice to one parent (parental responsibility, or care of the child): only at the threshold,
 * counting the marks in the window less any already linked to a notice to that parent; the marks
 * counted are linked to this one. Each parent's notices are their own: a first is £160 (£80
 * within 21 days), a second within three years of that parent's first is £160, and no third
 * within those three years (src/domain/penalty.ts).
 */
import { z } from 'zod';
import { dayOf, schoolDate } from '../../../domain/dates.ts';
import { countPenaltySessions, nextNoticesByParent, penaltyWindow } from '../../../domain/penalty.ts';
import { PupilRegister } from '../../../domain/register.ts';
import type { ChatContext } from '../../deps.ts';
import { onCase, pupilId, Refusal } from './on-case.ts';

export const requestPenaltyNoticeCommand = z.object({ pupilId, contactId: z.coerce.number().int().positive() });
export type RequestPenaltyNotice = z.infer<typeof requestPenaltyNoticeCommand>;

export function requestPenaltyNotice(ctx: ChatContext, cmd: RequestPenaltyNotice) {
  return onCase(ctx, 'penalty-requested', cmd, async ({ tx, school, pupil, add, fulfil }) => {
    const day = dayOf(ctx.asOf);
    const window = penaltyWindow(school.calendar, day);
    const from = window.weeks[0] ?? day;
    const [registers, facts, contacts, linked] = await Promise.all([
      ctx.deps.registers.load(school.id, from, day, [pupil.id]),
      ctx.deps.cases.facts(school.id, [pupil.id]),
      ctx.deps.roll.contacts(school.id, pupil.id),
      tx.linkedSlots(cmd.contactId),
    ]);
    const parent = nextNoticesByParent(contacts, facts.get(pupil.id)?.notices ?? [], day).find((p) => p.contact.id === cmd.contactId);
    if (!parent) throw new Refusal('A penalty notice goes to a parent named on the roll (with parental responsibility, or care of the child): that contact is not one.');
    const count = countPenaltySessions(registers.get(pupil.id) ?? PupilRegister.EMPTY, window, school.penaltyRules, linked);
    if (!count.thresholdMet) throw new Refusal(`Only ${count.sessions} sessions count towards a notice to ${parent.contact.name} now (marks already linked to a notice to them do not count again).`);
    const rule = parent.next;
    if (!rule.allowed) throw new Refusal(`${parent.contact.name}: ${rule.explanation}${rule.until !== undefined ? ` (three years from their first notice end on ${schoolDate(rule.until)})` : ''}`);
    const noticeId = await tx.requestPenaltyNotice({ contactId: parent.contact.id, sequence: rule.sequence, amountPence: rule.amountPence, slots: count.slots, day: ctx.asOf });
    const summary = `Penalty notice requested to ${parent.contact.name} (${rule.explanation}); ${count.sessions} sessions linked${await fulfil('penalty-notice-request')}`;
    await add({ kind: 'penalty-requested', summary, noticeId, contactId: parent.contact.id });
    return { summary };
  });
}
