/**
 * Posting and updating from the jobs, with Slack's Web API client pointed at SLACK_API_URL.
 * The client retries a 429 after the Retry-After Slack gives, and other failures with
 * backoff.
 */
import { webApi } from '@slack/bolt';
import type { Card } from '../../../cards/model.ts';
import { toSlackMessage } from '../../../cards/slack.ts';

export function slackSender(token: string, apiUrl: string) {
  const client = new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
    rejectRateLimitedCalls: false,
    logLevel: webApi.LogLevel.ERROR,
  });
  return {
    async post(channel: string, card: Card): Promise<string> {
      const r = await client.chat.postMessage({ channel, ...toSlackMessage(card) });
      if (!r.ts) throw new Error(`chat.postMessage to ${channel} returned no ts`);
      return r.ts;
    },
    async update(channel: string, ts: string, card: Card): Promise<void> {
      await client.chat.update({ channel, ts, ...toSlackMessage(card) });
    },
  };
}
