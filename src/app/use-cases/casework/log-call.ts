/**
 * Log a call: the outcome, the reason given (with the code it suggests) and a note. A code
 * change proposed from chat is a register amendment with its reason, made only by those who
 * keep the register; the others' calls are recorded and the change left to them.
 */
import { z } from 'zod';
import { canAmendRegister, canMarkUnauthorised } from '../../../domain/access.ts';
import { codeInfo } from '../../../domain/codes.ts';
import { PENALTY_THRESHOLD_SESSIONS, PENALTY_WINDOW_WEEKS } from '../../../domain/penalty.ts';
import { CALL_OUTCOMES, isContact, isReason, type Reason, REASONS } from '../../../domain/reasons.ts';
import type { ChatContext } from '../../deps.ts';
import { onCase, pupilId, Refusal } from './on-case.ts';

export const logCallCommand = z.object({
  pupilId,
  outcome: z.enum(Object.keys(CALL_OUTCOMES) as [keyof typeof CALL_OUTCOMES]),
  /** Which of the pupil's contacts was called. */
  contactId: z.coerce.number().int().positive().optional(),
  reason: z.string().refine(isReason, 'a known reason').optional(),
  note: z.string().max(2000).optional(),
  /** Amend today's unexplained marks (N) to the reason's code. */
  amendToday: z.boolean().optional(),
  /** Confirms an unauthorised code (G, O, U), having been told it counts towards a penalty notice. */
  confirmUnauthorised: z.boolean().optional(),
  /** The call is this step of the ladder (a call about attendance the policy asks for); a routine call is none. */
  stepKey: z.string().min(1).max(100).optional(),
});
export type LogCall = z.infer<typeof logCallCommand>;

export function logCall(ctx: ChatContext, cmd: LogCall) {
  return onCase(ctx, 'call', cmd, async ({ tx, add, fulfilStep, school, pupil }) => {
    const reason = cmd.reason && isReason(cmd.reason) ? REASONS[cmd.reason] : undefined;
    const contact = cmd.contactId === undefined ? undefined : (await ctx.deps.roll.contacts(school.id, pupil.id)).find((c) => c.id === cmd.contactId);
    if (cmd.contactId !== undefined && !contact) throw new Refusal("That contact is not one of this pupil's.");
    let summary = `Call${contact ? ` to ${contact.name} (${contact.relationship})` : ''}: ${CALL_OUTCOMES[cmd.outcome].toLowerCase()}${reason ? `; reason given: ${reason.label.toLowerCase()} (${reason.code})` : ''}`;
    let amended = 0;
    if (reason && cmd.amendToday) {
      if (!canAmendRegister(ctx.staff.grants)) {
        summary += '; code change left for the attendance officer';
      } else if (!isContact(cmd.outcome)) {
        summary += '; register unchanged: a code changes only when a parent or carer was reached';
      } else if (codeInfo(reason.code).countsAs === 'unauthorised' && !canMarkUnauthorised(ctx.staff.grants)) {
        summary += '; register unchanged: an unauthorised code is the attendance officer\'s to record';
      } else if (codeInfo(reason.code).countsAs === 'unauthorised' && !cmd.confirmUnauthorised) {
        throw new Refusal(`Changing the mark to ${reason.code} needs the confirmation: an unauthorised code counts towards a penalty notice (${PENALTY_THRESHOLD_SESSIONS} sessions in ${PENALTY_WINDOW_WEEKS} school weeks). Nothing was recorded.`);
      } else {
        amended = await tx.amendUnexplained(ctx.asOf, reason.code, `call: ${reason.label}${cmd.note ? ` (${cmd.note})` : ''}`, ctx.source);
        if (amended > 0) summary += `; ${amended} session${amended > 1 ? 's' : ''} today amended N → ${reason.code}`;
      }
    }
    // a call is a step of the ladder only when recorded as that step, and only a conversation
    // with the family: a routine first-day call or a ring that went unanswered is not
    if (cmd.stepKey) {
      if (!isContact(cmd.outcome)) throw new Refusal('A call is a step of the ladder only when it reached a parent or carer: record the call without the step. Nothing was recorded.');
      summary += await fulfilStep(cmd.stepKey, ['call']);
    }
    // the school day the call is about: what the day's list and the contact count read
    await add({ kind: 'call', summary, outcome: cmd.outcome, reason: reason ? (cmd.reason as Reason) : null, note: cmd.note ?? null, amended, contactId: contact?.id ?? null });
    // the day's shared lists show who called: asked for in this transaction, so a crash after it leaves the request for the outbox
    await tx.requestListRefresh(ctx.asOf);
    return { summary, amended };
  });
}
