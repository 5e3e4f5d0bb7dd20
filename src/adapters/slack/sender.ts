/**
 * Posting and updating from the jobs, with Slack's Web API client pointed at SLACK_API_URL.
 * The client retries a 429 after the Retry-After Slack gives, and other failures with
 * backoff.
 */
import { webApi } from '@slack/bolt';
import type { Card } from '../../../cards/model.ts';
import { toSlackMessage } from '../../../cards/slack.ts';

/** Each post carries its delivery key as Slack message metadata. */
const METADATA_EVENT = 'attendance_post';

export function slackSender(token: string, apiUrl: string) {
  const client = new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
    rejectRateLimitedCalls: false,
    logLevel: webApi.LogLevel.ERROR,
  });
  return {
    async post(channel: string, card: Card, key: string): Promise<string> {
      const r = await client.chat.postMessage({ channel, ...toSlackMessage(card), metadata: { event_type: METADATA_EVENT, event_payload: { key } } });
      if (!r.ts) throw new Error(`chat.postMessage to ${channel} returned no ts`);
      return r.ts;
    },
    async update(channel: string, ts: string, card: Card): Promise<void> {
      await client.chat.update({ channel, ts, ...toSlackMessage(card) });
    },
    async find(channel: string, key: string): Promise<string | undefined> {
      const r = await client.conversations.history({ channel, limit: 100, include_all_metadata: true });
      const hit = (r.messages ?? []).find((m) => {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
        return meta?.event_type === METADATA_EVENT && meta.event_payload?.key === key;
      });
      return hit?.ts;
    },
  };
}
