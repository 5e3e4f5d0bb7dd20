/**
 * Record a review held: a support plan's, a contract's or a notice to improve's review, set when
 * it was started; it leaves the ladder-steps post's reminders.
 */
import { z } from 'zod';
import type { ChatContext } from '../../deps.ts';
import { onCase, pupilId, Refusal } from './on-case.ts';

export const recordReviewCommand = z.object({ pupilId, actionId: z.coerce.number().int().positive(), note: z.string().max(2000).optional() });
export type RecordReview = z.infer<typeof recordReviewCommand>;

export function recordReview(ctx: ChatContext, cmd: RecordReview) {
  return onCase(ctx, 'review-held', cmd, async ({ add, school, pupil }) => {
    const facts = (await ctx.deps.cases.facts(school.id, [pupil.id])).get(pupil.id);
    const review = facts?.reviews.find((r) => r.actionId === cmd.actionId);
    if (!review) throw new Refusal("That review is not one of this pupil's, or it has been recorded already.");
    const note = cmd.note?.trim() || undefined;
    const summary = `Review held: ${review.title}`;
    await add({ kind: 'review-held', summary, reviewOf: review.actionId, note: note ?? null });
    return { summary };
  });
}
