/**
 * Mark a letter of the ladder sent, on purpose: the form asks the day it went (today by
 * default; an earlier day this academic year for one sent before) and is the confirmation. The
 * step is recorded done on that day and no longer comes due; undone the same day if wrong. The
 * case keeps to whom it went and the figures it gave, as they were that day.
 */
import { z } from 'zod';
import { academicYearOf, academicYearStart, dayOf, schoolDate } from '../../../domain/dates.ts';
import { stepOf } from '../../../domain/ladder.ts';
import type { ChatContext } from '../../deps.ts';
import { isoDate, onCase, pupilId, Refusal } from './on-case.ts';
import { letterValues } from '../letters/draft-letters.ts';

export const markLetterSentCommand = z.object({ pupilId, stepKey: z.string().min(1).max(100), title: z.string().min(1).max(300), day: isoDate.optional() });
export type MarkLetterSent = z.infer<typeof markLetterSentCommand>;

export function markLetterSent(ctx: ChatContext, cmd: MarkLetterSent) {
  return onCase(ctx, 'letter-sent', cmd, async ({ tx, school, pupil, add }) => {
    const found = stepOf(school.ladder, cmd.stepKey);
    if (found?.step.kind !== 'letter') throw new Refusal("That letter is not a step of the school's ladder. Nothing was recorded.");
    const day = cmd.day ?? ctx.asOf;
    const today = dayOf(ctx.asOf);
    if (dayOf(day) > today) throw new Refusal(`${schoolDate(day)} is after today: mark a letter sent once it has gone. Nothing was recorded.`);
    if (dayOf(day) < academicYearStart(academicYearOf(today))) throw new Refusal(`${schoolDate(day)} is before this academic year began: the ladder's steps start again each year. Nothing was recorded.`);
    await tx.recordStep({ stepKey: cmd.stepKey, rungKey: found.rung.key, state: 'done', day });
    // to whom, with the figures as they were on the day it went: kept on the timeline, never recomputed
    const { parents, values } = await letterValues(ctx.deps, school, pupil, found.step.template ?? cmd.stepKey, day);
    const to = parents.length > 0 ? ` to ${parents.map((p) => `${p.name} (${p.relationship})`).join(' and ')}` : '';
    const summary = `Letter sent${day === ctx.asOf ? '' : ` on ${schoolDate(day)}`}: ${found.step.title}${to}; attendance ${values.attendance}, ${values.unauthorisedSessions} unauthorised sessions, as on ${schoolDate(day)}`;
    await add({ kind: 'letter-sent', summary, stepKey: cmd.stepKey, day });
    return { summary };
  });
}
