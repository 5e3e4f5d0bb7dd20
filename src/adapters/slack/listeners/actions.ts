/**
 * Card buttons (block_actions): a form opens as a modal; anything else is answered to the
 * person who pressed, privately: a channel message is never replaced by one person's view. The action id is read as a typed ActionRef, never matched
 * by pattern.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { KEEP_CARD, parseActionRef } from '../../../../cards/model.ts';
import { toModal } from '../blocks.ts';
import { messageCard } from '../../../../cards/attendance.ts';
import { refreshHome } from './home.ts';
import { actOnCard, BadActionError } from '../../../app/use-cases/act-on-card.ts';
import { chatContext, type SlackDeps } from './context.ts';
import { membershipsOf } from './staff.ts';
import { answerPrivately, type Client } from './replace.ts';
import { handOver } from './letters.ts';

export const actionValue = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export function cardButton(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond, context }: Pick<SlackActionMiddlewareArgs<BlockAction>, 'ack' | 'body' | 'action' | 'respond'> & Pick<AllMiddlewareArgs, 'context'> & { client: Client }) => {
    await ack();
    if (action.type !== 'button') return;
    const ref = parseActionRef(action.action_id);
    if (!ref || ref.kind !== 'button') return; // not one of ours
    const staff = membershipsOf(context);
    const data = actionValue.parse(JSON.parse(action.value ?? '{}'));
    // the person's own answer (ephemeral) is replaced by what they asked for, unless it stays put
    // (a list: the answer comes as a new message and the reader keeps their page)
    const ephemeral = (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true && data[KEEP_CARD] !== true;
    const ctx = await chatContext(deps, staff, `slack:${body.channel?.id ?? 'dm'}/${body.message?.ts ?? ''}`);
    try {
      const answer = await actOnCard(ctx, ref, data);
      if (answer.kind === 'form') {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: toModal(answer.form, { channel: body.channel?.id, ts: body.message?.ts, responseUrl: body.response_url, ephemeral }),
        });
        return;
      }
      const card = answer.kind === 'letters' ? await handOver(client, body.user.id, answer.drafts) : answer.card;
      await answerPrivately(client, respond, { user: body.user.id, channel: body.channel?.id, ephemeral }, card);
      if (ref.id !== 'query' && ref.id !== 'cancel') await refreshHome(deps, client, body.user.id, staff);
    } catch (err) {
      if (err instanceof BadActionError) await answerPrivately(client, respond, { user: body.user.id, channel: body.channel?.id }, messageCard('Attendance', err.message));
      else throw err;
    }
  };
}
