/** Answering in place of the message a card came from. */
import type { App } from '@slack/bolt';
import type { Card } from '../../../../cards/model.ts';
import { toSlackMessage } from '../../../../cards/slack.ts';

export type Client = InstanceType<typeof App>['client'];
type Respond = (message: Record<string, unknown>) => Promise<unknown>;

/**
 * Updates the message a card came from, in place: chat.update for a channel message, the
 * response_url for an ephemeral one (which chat.update cannot reach).
 */
export async function replaceMessage(client: Client, respond: Respond | undefined, where: { channel?: string; ts?: string; ephemeral?: boolean; responseUrl?: string }, card: Card): Promise<void> {
  const message = toSlackMessage(card);
  if (!where.ephemeral && where.channel && where.ts) {
    await client.chat.update({ channel: where.channel, ts: where.ts, ...message });
    return;
  }
  if (respond) {
    await respond({ replace_original: true, ...message });
    return;
  }
  if (where.responseUrl) {
    const r = await fetch(where.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ replace_original: true, ...message }) });
    if (!r.ok) throw new Error(`response_url answered ${r.status}`);
  }
}
