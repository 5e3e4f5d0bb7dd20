/**
 * Slack as a ChatPlatform for delivery: chat.postMessage with the delivery key as message
 * metadata, chat.update, and a look-up of a recent message by its key. The Web API client is
 * pointed at SLACK_API_URL; it retries a 429 after the Retry-After Slack gives, and other
 * failures with backoff.
 */
import { webApi } from '@slack/bolt';
import type { Card } from '../../../cards/model.ts';
import { toSlackMessage } from '../../../cards/slack.ts';
import type { ChatPlatform } from '../../app/ports.ts';

/** Each post carries its delivery key as Slack message metadata. */
const METADATA_EVENT = 'attendance_post';

export function slackPlatform(token: string, apiUrl: string): ChatPlatform {
  const client = new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
    rejectRateLimitedCalls: false,
    logLevel: webApi.LogLevel.ERROR,
  });
  return {
    async post({ channelId }, card: Card, key) {
      const r = await client.chat.postMessage({ channel: channelId, ...toSlackMessage(card), metadata: { event_type: METADATA_EVENT, event_payload: { key } } });
      if (!r.ts) throw new Error(`chat.postMessage to ${channelId} returned no ts`);
      return r.ts;
    },
    async update({ channelId }, ts, card) {
      await client.chat.update({ channel: channelId, ts, ...toSlackMessage(card) });
    },
    async findByKey({ channelId }, key) {
      const r = await client.conversations.history({ channel: channelId, limit: 100, include_all_metadata: true });
      const hit = (r.messages ?? []).find((m) => {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
        return meta?.event_type === METADATA_EVENT && meta.event_payload?.key === key;
      });
      return hit?.ts;
    },
  };
}
