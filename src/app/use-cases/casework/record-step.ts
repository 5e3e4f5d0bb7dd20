/**
 * Record a step of the ladder: done (today, or on an earlier day: a school that starts with the
 * bot mid-year records what it already did) or not needed, with the reason. Only the steps of
 * the school's ladder; a day in the future or before this academic year is refused.
 */
import { z } from 'zod';
import { academicYearOf, academicYearStart, dayOf, schoolDate } from '../../../domain/dates.ts';
import { stepOf } from '../../../domain/ladder.ts';
import type { ChatContext } from '../../deps.ts';
import { isoDate, onCase, pupilId, Refusal } from './on-case.ts';

export const recordStepCommand = z.object({
  pupilId,
  stepKey: z.string().min(1).max(100),
  state: z.enum(['done', 'not-needed']),
  /** The day it was done (default: today). */
  day: isoDate.optional(),
  /** Why it is not needed, or a note. */
  note: z.string().max(500).optional(),
}).refine((c) => c.state !== 'not-needed' || (c.note?.trim() ?? '') !== '', { message: 'say why the step is not needed', path: ['note'] });
export type RecordStep = z.infer<typeof recordStepCommand>;

export function recordStep(ctx: ChatContext, cmd: RecordStep) {
  return onCase(ctx, 'step-recorded', cmd, async ({ tx, school, add }) => {
    const found = stepOf(school.ladder, cmd.stepKey);
    if (!found) throw new Refusal("That is not a step of the school's ladder.");
    const { rung, step } = found;
    const day = cmd.day ?? ctx.asOf;
    const today = dayOf(ctx.asOf);
    if (dayOf(day) > today) throw new Refusal(`${schoolDate(day)} is after today: record a step once it is done.`);
    if (dayOf(day) < academicYearStart(academicYearOf(today))) throw new Refusal(`${schoolDate(day)} is before this academic year began: the ladder's steps start again each year.`);
    const note = cmd.note?.trim() || undefined;
    await tx.recordStep({ stepKey: step.key, rungKey: rung.key, state: cmd.state, day, ...(note ? { note } : {}) });
    const summary = cmd.state === 'done'
      ? `Ladder step done${day === ctx.asOf ? '' : ` on ${schoolDate(day)}`}: ${step.title}`
      : `Ladder step not needed: ${step.title} (${note})`;
    await add({ kind: 'step-recorded', summary, stepKey: step.key, state: cmd.state, day, note: note ?? null });
    return { summary };
  });
}
