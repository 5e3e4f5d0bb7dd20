/**
 * Mark a letter of the ladder sent, on purpose: the form asks the day it went (today by
 * default; an earlier day this academic year for one sent before) and is the confirmation. The
 * step is recorded done on that day and no longer comes due; undone the same day if wrong. The
 * case keeps to whom it went and the figures it gave, as they were that day.
 */
import { z } from 'zod';
import { DRAFT_IDS, parseDraftIds } from '../../../../cards/draft-ids.ts';
import { academicYearOf, academicYearStart, dayOf, schoolDate } from '../../../domain/dates.ts';
import { stepOf } from '../../../domain/ladder.ts';
import type { ChatContext } from '../../deps.ts';
import { isoDate, onCase, pupilId, Refusal } from './on-case.ts';
import { letterValues } from '../letters/draft-letters.ts';

/** The drafts a letter was sent from, as a button carries them ("12.13"). */
export const draftIds = z.string().max(200).regex(DRAFT_IDS, 'the drafts\' ids');
export const markLetterSentCommand = z.object({ pupilId, stepKey: z.string().min(1).max(100), title: z.string().min(1).max(300), day: isoDate.optional(), drafts: draftIds.optional() });
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
    const sent = `Letter sent${day === ctx.asOf ? '' : ` on ${schoolDate(day)}`}: ${found.step.title}`;
    if (cmd.drafts) {
      // sent from drafts: the case keeps those letters, to those parents, with the figures they gave
      const drafts = await tx.markDraftsSent(parseDraftIds(cmd.drafts), cmd.stepKey, day);
      if (drafts.length === 0) throw new Refusal('Those drafts are recorded sent already, or are not this pupil\'s letter. Nothing was recorded.');
      const v = drafts[0]!.values;
      const summary = `${sent} to ${drafts.map((d) => d.parentName).join(' and ')} (letters ${drafts.map((d) => `#${d.id}`).join(', ')}); attendance ${v.attendance}, ${v.unauthorisedSessions} unauthorised sessions, as on ${schoolDate(drafts[0]!.asOf)} when drafted`;
      await add({ kind: 'letter-sent', summary, stepKey: cmd.stepKey, day, letters: drafts.map((d) => d.id) });
      return { summary };
    }
    // to whom, with the figures as they were on the day it went: kept on the timeline, never recomputed
    const { parents, values } = await letterValues(ctx.deps, school, pupil, found.step.template ?? cmd.stepKey, day);
    const to = parents.length > 0 ? ` to ${parents.map((p) => `${p.name} (${p.relationship})`).join(' and ')}` : '';
    const summary = `${sent}${to}; attendance ${values.attendance}, ${values.unauthorisedSessions} unauthorised sessions, as on ${schoolDate(day)}`;
    await add({ kind: 'letter-sent', summary, stepKey: cmd.stepKey, day });
    return { summary };
  });
}
