/**
 * Undo an entry recorded by mistake: by its author or a senior leader, on the day it was
 * recorded, with the reason. The entry stays in the history, marked undone (by whom, why), and
 * an entry says so; what it did is taken back: the ladder's steps it recorded are due again, a
 * meeting it booked is cancelled, an outcome it recorded is open again (a meeting booked in its
 * place is cancelled), a plan's review is no longer due, a review held is due again, a notice to
 * improve is withdrawn. A call that changed the register, a penalty notice and an undo are not
 * undone here (each says what to do instead).
 */
import { z } from 'zod';
import { civilDate } from '../../../config/clock.ts';
import { mayUndo, NOT_UNDONE_HERE, undoProblem } from '../../../domain/casework.ts';
import type { CaseEntry, StaffMember } from '../../ports.ts';
import type { ChatContext } from '../../deps.ts';
import { onCase, pupilId, Refusal } from './on-case.ts';

export const undoEntryCommand = z.object({
  pupilId,
  actionId: z.coerce.number().int().positive(),
  reason: z.string().trim().min(1, 'say why it is undone').max(500),
});
export type UndoEntry = z.infer<typeof undoEntryCommand>;

const undoer = (staff: StaffMember) => ({ staffId: staff.id, seniorLeader: staff.grants.some((g) => g.role === 'senior_leader') });

/** The entries a member of staff may undo now: recorded today, not undone, theirs (any, for a senior leader), of a kind undone here. */
export function undoableEntries(entries: readonly CaseEntry[], staff: StaffMember, timezone: string, today: string): { id: number; label: string }[] {
  return entries
    .filter((e) => !e.undone && !NOT_UNDONE_HERE.has(e.kind) && mayUndo({ staffId: e.staffId, recordedOn: civilDate(e.at, timezone) }, undoer(staff), today) === undefined)
    .map((e) => ({ id: e.id, label: `${e.summary} (${e.actorName})` }));
}

export function undoEntry(ctx: ChatContext, cmd: UndoEntry) {
  return onCase(ctx, 'entry-undone', cmd, async ({ tx, school, add }) => {
    const entry = await tx.entry(cmd.actionId);
    if (!entry) throw new Refusal("That entry is not on this pupil's case. Nothing was changed.");
    if (entry.undone) throw new Refusal('That entry is undone already. Nothing was changed.');
    const who = mayUndo({ staffId: entry.staffId, recordedOn: civilDate(entry.at, school.timezone) }, undoer(ctx.staff), ctx.asOf);
    if (who) throw new Refusal(`${who} Nothing was changed.`);
    const e = entry.event;
    const problem = undoProblem(e);
    if (problem) throw new Refusal(`${problem} Nothing was changed.`);
    for (const s of e.steps ?? []) await tx.reopenStep(s.stepKey, s.day);
    switch (e.kind) {
      case 'meeting-booked': {
        const m = e.meetingId === undefined ? undefined : await tx.meeting(e.meetingId);
        if (m && m.status !== 'booked') throw new Refusal('That meeting has an outcome recorded: undo the outcome first. Nothing was changed.');
        if (m) await tx.settleMeeting(m.id, 'cancelled', `booked by mistake: ${cmd.reason}`);
        break;
      }
      case 'meeting-outcome': {
        // the meeting booked in its place goes, unless it has an outcome of its own
        const rebooked = e.rebookedAs ? await tx.meeting(e.rebookedAs) : undefined;
        if (rebooked && rebooked.status !== 'booked') throw new Refusal('The meeting booked in its place has an outcome recorded: undo that first. Nothing was changed.');
        if (rebooked) await tx.settleMeeting(rebooked.id, 'cancelled', `rebooked by mistake: ${cmd.reason}`);
        const m = await tx.meeting(e.meetingId);
        if (m) await tx.reopenMeeting(m.id);
        break;
      }
      case 'notice-to-improve':
        await tx.withdrawNoticeToImprove(e.day);
        break;
      default:
        break;
    }
    await tx.undo(entry.id, cmd.reason);
    const summary = `Undone: ${e.summary} (${cmd.reason})`;
    await add({ kind: 'entry-undone', summary, actionId: entry.id, reason: cmd.reason });
    return { summary };
  });
}
