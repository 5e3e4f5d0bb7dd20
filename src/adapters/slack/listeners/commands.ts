/**
 * `/attendance …`: answered privately (ephemeral) within Slack's 3 seconds: in the HTTP
 * response when the query is quick, and by response_url after an empty ack when not.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { resultCard } from '../../../../cards/attendance.ts';
import { toSlackMessage } from '../blocks.ts';
import { ask } from '../../../app/use-cases/ask.ts';
import { chatContext, type SlackDeps } from './context.ts';
import { membershipsOf } from './staff.ts';

/** How long the command may compute before it acks empty and answers by response_url. */
export const INLINE_ANSWER_MS = 2000;

export function attendanceCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, context }: Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'> & Pick<AllMiddlewareArgs, 'context'>) => {
    const staff = membershipsOf(context);
    const work = (async () => resultCard(await ask(await chatContext(deps, staff, `slack:${command.channel_id}`), command.text ?? '')))();
    const quick = await Promise.race([work, new Promise<undefined>((r) => setTimeout(() => r(undefined), INLINE_ANSWER_MS).unref())]);
    if (quick) {
      await ack({ response_type: 'ephemeral', ...toSlackMessage(quick) });
      return;
    }
    await ack();
    await respond({ response_type: 'ephemeral', ...toSlackMessage(await work) });
  };
}
