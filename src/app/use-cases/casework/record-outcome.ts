/** Record a meeting's outcome: what was agreed. */
import { z } from 'zod';
import type { ChatContext } from '../../deps.ts';
import { onCase, pupilId, Refusal } from './on-case.ts';

export const recordOutcomeCommand = z.object({ pupilId, meetingId: z.coerce.number().int().positive(), outcome: z.string().min(1).max(2000) });
export type RecordOutcome = z.infer<typeof recordOutcomeCommand>;

export function recordOutcome(ctx: ChatContext, cmd: RecordOutcome) {
  return onCase(ctx, 'meeting-held', cmd, async ({ tx, add, fulfil }) => {
    if (!(await tx.holdMeeting(cmd.meetingId, cmd.outcome))) throw new Refusal("That meeting is not on this pupil's open case.");
    const summary = `Meeting held: ${cmd.outcome}${await fulfil('meeting-held')}`;
    await add({ kind: 'meeting-held', summary, meetingId: cmd.meetingId, outcome: cmd.outcome });
    return { summary };
  });
}
