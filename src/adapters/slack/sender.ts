/**
 * Slack as a ChatPlatform for delivery: chat.postMessage with the delivery key as message
 * metadata, chat.update, and a look-up of a recent message by its key, each with the token of
 * the workspace the channel is in (its OAuth installation, or the one SLACK_BOT_TOKEN). The Web API client is
 * pointed at SLACK_API_URL with its own retries off: a 429 is waited out here (Slack did not
 * take the call, so sending again cannot double it), and any other failure goes back to the
 * outbox as a DeliveryFailure, whose next attempt looks for the message by its key first (a
 * post Slack stored before its answer was lost is not sent twice).
 */
import { webApi } from '@slack/bolt';
import type { Card } from '../../../cards/model.ts';
import { toSlackMessage } from './blocks.ts';
import { DeliveryFailure } from '../../app/delivery-failure.ts';
import type { ChatPlatform, ChatTarget } from '../../app/ports.ts';
import type { InstallProvider } from '@slack/oauth';

/** Each post carries its delivery key as Slack message metadata. */
const METADATA_EVENT = 'attendance_post';

/** Slack errors that trying again cannot mend. */
const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'not_authed', 'token_revoked', 'account_inactive', 'missing_scope', 'restricted_action', 'msg_too_long', 'invalid_blocks']);

/** How many 429s in a row are waited out, and the longest wait, before the outbox takes over. */
const RATE_LIMIT_TRIES = 5;
const RATE_LIMIT_MAX_WAIT_S = 60;

type SlackError = { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; message?: string };

function failureOf(err: unknown): DeliveryFailure {
  const e = err as SlackError;
  if (e.code === webApi.ErrorCode.PlatformError && e.data?.error) return new DeliveryFailure(e.data.error, PERMANENT.has(e.data.error));
  if (e.code === webApi.ErrorCode.HTTPError) return new DeliveryFailure(`http ${e.statusCode ?? '?'}`, false);
  return new DeliveryFailure((e.message ?? String(err)).slice(0, 200), false);
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const e = err as SlackError;
      if (e.code === webApi.ErrorCode.RateLimitedError && attempt < RATE_LIMIT_TRIES) {
        await new Promise((r) => setTimeout(r, Math.min(e.retryAfter ?? 1, RATE_LIMIT_MAX_WAIT_S) * 1000));
        continue;
      }
      throw failureOf(err);
    }
  }
}

/** A call to Slack's Web API gives up after this (the outbox tries the post again later). */
export const PLATFORM_TIMEOUT_MS = 15_000;
/** Pages of 200 messages read at the most when looking for an earlier attempt's post. */
const MAX_LOOKUP_PAGES = 50;

/** The token that posts into a workspace: the one bot token, or the workspace's installation's. */
export type SlackTokens = (workspace: string | undefined) => Promise<string>;

/** One workspace, one token (`SLACK_BOT_TOKEN`). */
export const singleToken = (token: string): SlackTokens => async () => token;

/**
 * Every workspace by its OAuth installation (refreshed first when it rotates): a workspace
 * without a live one (never added, or removed) is a permanent failure, told to the school once.
 */
export function installedTokens(installer: Pick<InstallProvider, 'authorize'>): SlackTokens {
  return async (workspace) => {
    if (!workspace) throw new DeliveryFailure('no_workspace', true);
    const auth = await installer.authorize({ teamId: workspace, enterpriseId: undefined, isEnterpriseInstall: false }).catch(() => undefined);
    if (!auth?.botToken) throw new DeliveryFailure('app_uninstalled', true);
    return auth.botToken;
  };
}

export function slackPlatform(tokens: SlackTokens, apiUrl: string): ChatPlatform {
  const clients = new Map<string, InstanceType<typeof webApi.WebClient>>();
  const clientFor = async (target: ChatTarget) => {
    const token = await tokens(target.workspace);
    let client = clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, {
        slackApiUrl: apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        logLevel: webApi.LogLevel.ERROR,
        // shorter than the outbox's lease on the post: a channel that never answers gives up its post for a later try
        timeout: PLATFORM_TIMEOUT_MS,
      });
      clients.set(token, client);
    }
    return client;
  };
  return {
    async post(target, card: Card, key) {
      const client = await clientFor(target);
      const { channelId } = target;
      const r = await call(() => client.chat.postMessage({ channel: channelId, ...toSlackMessage(card), metadata: { event_type: METADATA_EVENT, event_payload: { key } } }));
      if (!r.ts) throw new DeliveryFailure('no ts in the answer', false);
      return r.ts;
    },
    async update(target, ts, card) {
      const client = await clientFor(target);
      const { channelId } = target;
      await call(() => client.chat.update({ channel: channelId, ts, ...toSlackMessage(card) }));
    },
    async findByKey(target, key, since) {
      const client = await clientFor(target);
      const { channelId } = target;
      // every message since the post was first stored (a minute before it, for clocks that
      // disagree), page after page: however busy the channel, the post cannot be missed
      const oldest = String(Math.floor(since.getTime() / 1000) - 60);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_LOOKUP_PAGES; page++) {
        const r = await call(() => client.conversations.history({ channel: channelId, oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) }));
        const hit = (r.messages ?? []).find((m) => {
          const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
          return meta?.event_type === METADATA_EVENT && meta.event_payload?.key === key;
        });
        if (hit?.ts) return hit.ts;
        cursor = r.response_metadata?.next_cursor || undefined;
        if (!r.has_more || !cursor) return undefined;
      }
      throw new DeliveryFailure('the look-up for an earlier attempt did not end', false);
    },
  };
}
