/** Decline a penalty notice: why it is not appropriate (support first, Equality Act duties, …). */
import { z } from 'zod';
import type { ChatContext } from '../../deps.ts';
import { onCase, pupilId } from './on-case.ts';

export const declinePenaltyCommand = z.object({ pupilId, reason: z.string().min(1, 'say why').max(2000) });
export type DeclinePenalty = z.infer<typeof declinePenaltyCommand>;

export function declinePenalty(ctx: ChatContext, cmd: DeclinePenalty) {
  return onCase(ctx, 'penalty-declined', cmd, async ({ add }) => {
    const summary = `Penalty notice not appropriate: ${cmd.reason}`;
    await add({ kind: 'penalty-declined', summary });
    return { summary };
  });
}
