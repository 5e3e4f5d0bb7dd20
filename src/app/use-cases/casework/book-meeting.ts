/** Book a meeting with the family: when (in the school's time zone) and with whom. */
import { z } from 'zod';
import { instantOf } from '../../../config/clock.ts';
import { schoolDate } from '../../../domain/dates.ts';
import type { ChatContext } from '../../deps.ts';
import { timeOfDay } from '../fields.ts';
import { isoDate, onCase, pupilId } from './on-case.ts';

export const bookMeetingCommand = z.object({
  pupilId, date: isoDate,
  time: timeOfDay,
  attendees: z.string().min(1).max(500),
});
export type BookMeeting = z.infer<typeof bookMeetingCommand>;

export function bookMeeting(ctx: ChatContext, cmd: BookMeeting) {
  return onCase(ctx, 'meeting-booked', cmd, async ({ tx, school, add }) => {
    const meetingId = await tx.bookMeeting(instantOf(cmd.date, cmd.time, school.timezone), cmd.attendees);
    const summary = `Meeting booked for ${schoolDate(cmd.date)} ${cmd.time} with ${cmd.attendees}`;
    await add({ kind: 'meeting-booked', summary, date: cmd.date, time: cmd.time, attendees: cmd.attendees, meetingId });
    return { summary };
  });
}
