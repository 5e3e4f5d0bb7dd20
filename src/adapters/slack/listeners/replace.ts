/**
 * Answering the person who acted, and only them. A channel message is seen by everyone in the
 * channel: it is never replaced by one person's view (the shared lists are brought up to date
 * by delivery, with what everyone may see). The answer goes privately: it replaces the
 * person's own ephemeral message (their `/attendance` answer), or comes as a new ephemeral
 * message by the response_url, or by chat.postEphemeral; from the App Home tab, in their own
 * chat with the app.
 */
import type { App } from '@slack/bolt';
import type { Card } from '../../../../cards/model.ts';
import { toSlackMessage } from '../blocks.ts';

export type Client = InstanceType<typeof App>['client'];
type Respond = (message: Record<string, unknown>) => Promise<unknown>;

export interface Where {
  readonly user: string;
  readonly channel?: string;
  readonly ephemeral?: boolean;
  readonly responseUrl?: string;
}

export async function answerPrivately(client: Client, respond: Respond | undefined, where: Where, card: Card): Promise<void> {
  const message = { response_type: 'ephemeral', replace_original: where.ephemeral === true, ...toSlackMessage(card) };
  if (respond) {
    await respond(message);
    return;
  }
  if (where.responseUrl) {
    const r = await fetch(where.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    if (!r.ok) throw new Error(`response_url answered ${r.status}`);
    return;
  }
  if (where.channel) await client.chat.postEphemeral({ channel: where.channel, user: where.user, ...toSlackMessage(card) });
  // from the Home tab (no channel, no response_url): in the person's own chat with the app
  else await client.chat.postMessage({ channel: where.user, ...toSlackMessage(card) });
}
