/**
 * `/attendance …`: answered privately (ephemeral) within Slack's 3 seconds: in the HTTP
 * response when the query is quick, and by response_url after an empty ack when not.
 * `/attendance subscribe attendance|dsl|senior|year N` binds the channel it is said in.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { messageCard, resultCard } from '../../../../cards/attendance.ts';
import { bindChannel, parseSubscribe } from '../../../app/use-cases/bind-channel.ts';
import { toSlackMessage } from '../blocks.ts';
import { ask } from '../../../app/use-cases/ask.ts';
import { chatContext, type SlackDeps } from './context.ts';
import { membershipsOf } from './staff.ts';

export const SAY_IT_IN_THE_CHANNEL = 'Say it in the channel that should receive the posts: `/attendance subscribe attendance` there.';

/** How long the command may compute before it acks empty and answers by response_url. */
export const INLINE_ANSWER_MS = 2000;

export function attendanceCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, context }: Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'> & Pick<AllMiddlewareArgs, 'context'>) => {
    const staff = membershipsOf(context);
    const subscribe = parseSubscribe(command.text ?? '');
    if (subscribe) {
      const ctx = await chatContext(deps, staff, `slack:${command.channel_id}`);
      // a direct message is not a channel the bot can post the school's posts into; a group DM is read by whoever is in it
      const answer = command.channel_name === 'directmessage' ? SAY_IT_IN_THE_CHANNEL
        : await bindChannel(ctx, subscribe.cmd, { platform: 'slack', channelId: command.channel_id, workspace: command.team_id }, subscribe.school, command.channel_name?.startsWith('mpdm-') ? 'groupChat' : 'channel');
      await ack({ response_type: 'ephemeral', ...toSlackMessage(messageCard('Attendance', answer)) });
      return;
    }
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
