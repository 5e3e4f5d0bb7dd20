/**
 * Record what became of a meeting: held with the family (what was agreed), did not attend,
 * cancelled, or rescheduled to a new time (booked in its place). Held and missed only once
 * its time has come; a meeting already settled stays as recorded. Only a meeting held is the
 * ladder's meeting.
 */
import { z } from 'zod';
import { instantOf, schoolDateTime } from '../../../config/clock.ts';
import { MEETING_RESULTS, type MeetingResult, meetingOutcomeProblem } from '../../../domain/casework.ts';
import type { ChatContext } from '../../deps.ts';
import { timeOfDay } from '../fields.ts';
import { isoDate, onCase, pupilId, Refusal } from './on-case.ts';

export const recordMeetingOutcomeCommand = z.object({
  pupilId,
  meetingId: z.coerce.number().int().positive(),
  result: z.enum(Object.keys(MEETING_RESULTS) as [MeetingResult]),
  /** What was agreed (held), or why (missed, cancelled, moved). */
  note: z.string().max(2000).optional(),
  /** A rescheduled meeting's new day and time. */
  date: isoDate.optional(),
  time: timeOfDay.optional(),
})
  .refine((c) => c.result !== 'attended' || (c.note?.trim() ?? '') !== '', { message: 'say what was agreed', path: ['note'] })
  .refine((c) => c.result !== 'rescheduled' || (c.date !== undefined && c.time !== undefined), { message: 'the new date and time of a rescheduled meeting', path: ['date'] });
export type RecordMeetingOutcome = z.infer<typeof recordMeetingOutcomeCommand>;

export function recordMeetingOutcome(ctx: ChatContext, cmd: RecordMeetingOutcome) {
  return onCase(ctx, 'meeting-outcome', cmd, async ({ tx, add, fulfil, school }) => {
    const meeting = await tx.meeting(cmd.meetingId);
    if (!meeting) throw new Refusal("That meeting is not on this pupil's open case. Nothing was recorded.");
    const now = ctx.deps.clock.now();
    const problem = meetingOutcomeProblem(cmd.result, meeting, now);
    if (problem) throw new Refusal(`${problem} Nothing was recorded.`);
    const note = cmd.note?.trim() || null;
    // rescheduled: a new meeting in its place, at a time to come
    const rebookedAt = cmd.result === 'rescheduled' ? instantOf(cmd.date!, cmd.time!, school.timezone) : undefined;
    if (rebookedAt && rebookedAt.getTime() <= now.getTime()) throw new Refusal('The new time has passed: give a time to come. Nothing was recorded.');
    const rebookedAs = rebookedAt ? await tx.bookMeeting(rebookedAt, meeting.attendees) : undefined;
    await tx.settleMeeting(meeting.id, cmd.result, note, rebookedAs);
    const moved = rebookedAt ? `; rebooked for ${schoolDateTime(rebookedAt, school.timezone)}` : '';
    // only a meeting held with the family is the ladder's meeting
    const onLadder = cmd.result === 'attended' ? await fulfil('meeting-held') : '';
    const summary = `Meeting ${schoolDateTime(meeting.scheduledAt, school.timezone)} with ${meeting.attendees}: ${MEETING_RESULTS[cmd.result].toLowerCase()}${note ? ` (${note})` : ''}${moved}${onLadder}`;
    await add({ kind: 'meeting-outcome', summary, meetingId: meeting.id, result: cmd.result, note, rebookedFor: rebookedAt ? `${cmd.date} ${cmd.time}` : null, ...(rebookedAs !== undefined ? { rebookedAs } : {}) });
    return { summary };
  });
}
