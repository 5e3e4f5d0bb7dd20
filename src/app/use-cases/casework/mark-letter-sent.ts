/** Mark a letter of the ladder sent: the step is recorded done and no longer comes due. */
import { z } from 'zod';
import { stepOf } from '../../../domain/ladder.ts';
import type { ChatContext } from '../../deps.ts';
import { onCase, pupilId, Refusal } from './on-case.ts';

export const markLetterSentCommand = z.object({ pupilId, stepKey: z.string().min(1).max(100), title: z.string().min(1).max(300) });
export type MarkLetterSent = z.infer<typeof markLetterSentCommand>;

export function markLetterSent(ctx: ChatContext, cmd: MarkLetterSent) {
  return onCase(ctx, 'letter-sent', cmd, async ({ tx, school, add }) => {
    const found = stepOf(school.ladder, cmd.stepKey);
    if (found?.step.kind !== 'letter') throw new Refusal("That letter is not a step of the school's ladder.");
    const summary = `Letter sent: ${cmd.title}`;
    await add({ kind: 'letter-sent', summary, stepKey: cmd.stepKey });
    await tx.recordStep({ stepKey: cmd.stepKey, rungKey: found.rung.key, state: 'done', day: ctx.asOf });
    return { summary };
  });
}
