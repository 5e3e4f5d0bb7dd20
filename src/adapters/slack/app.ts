/**
 * Slack, through Bolt: the `/attendance` command, card buttons and modal forms, on Bolt's
 * single endpoint `/slack/events`. Bolt checks every request's signature and timestamp
 * (401 otherwise). Answers come within Slack's 3 seconds: the command is answered in its
 * HTTP response when the query is quick, and by response_url after an empty ack when not.
 * The Web API client is pointed at SLACK_API_URL and retries on 429, honouring Retry-After.
 * Nothing outside this folder imports Bolt.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, webApi } from '@slack/bolt';
import { z } from 'zod';
import { resultCard, messageCard } from '../../../cards/attendance.ts';
import type { Card } from '../../../cards/model.ts';
import { readModalValues, toModal, toSlackMessage } from '../../../cards/slack.ts';
import { BadActionError, handleAction } from '../../app/chat-actions.ts';
import { runQuery, UNKNOWN_USER } from '../../app/query.ts';
import { resolveStaff } from '../../app/staff.ts';
import type { Db } from '../db/client.ts';


export interface SlackDeps {
  readonly db: Db;
  /** The school day the bot answers for (the school's civil date now). */
  readonly asOf: (schoolId: string) => Promise<string>;
}

export interface SlackConfig {
  readonly signingSecret: string;
  readonly token: string;
  readonly apiUrl: string;
}

/** How long the command may compute before it acks empty and answers by response_url. */
const INLINE_ANSWER_MS = 2000;

const actionValue = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const metadataSchema = z.object({
  form: z.string(), data: actionValue,
  channel: z.string().optional(), ts: z.string().optional(), responseUrl: z.string().url().optional(), ephemeral: z.boolean().optional(),
});

export function createSlack(deps: SlackDeps, config: SlackConfig): { handle: (req: IncomingMessage, res: ServerResponse) => void; app: InstanceType<typeof App> } {
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logLevel: LogLevel.WARN,
  });
  // Bolt's own single-token authorisation calls auth.test on every request when token
  // verification at start is off; this one asks once, keeps the answer, and asks again only
  // after a failure.
  const authClient = new webApi.WebClient(config.token, { slackApiUrl: config.apiUrl, logLevel: webApi.LogLevel.ERROR });
  let identity: Promise<{ botUserId?: string; botId?: string }> | undefined;
  const authorize = async () => {
    identity ??= authClient.auth.test().then(
      (r) => ({ botUserId: r.user_id, botId: r.bot_id }),
      (err: unknown) => { identity = undefined; throw err; },
    );
    return { botToken: config.token, ...(await identity) };
  };
  const app = new App({
    authorize,
    receiver,
    logLevel: LogLevel.WARN,
    clientOptions: { slackApiUrl: config.apiUrl, retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 } },
  });

  const staffOf = (userId: string) => resolveStaff(deps.db, { platform: 'slack', userId });

  app.command('/attendance', async ({ command, ack, respond }) => {
    const staff = await staffOf(command.user_id);
    if (!staff) {
      await ack({ response_type: 'ephemeral', ...toSlackMessage(messageCard('Attendance', UNKNOWN_USER)) });
      return;
    }
    const work = (async () => {
      const asOf = await deps.asOf(staff.schoolId);
      return resultCard(await runQuery({ db: deps.db, staff, asOf, source: 'slack' }, command.text ?? ''));
    })();
    const quick = await Promise.race([work, new Promise<undefined>((r) => setTimeout(() => r(undefined), INLINE_ANSWER_MS).unref())]);
    if (quick) {
      await ack({ response_type: 'ephemeral', ...toSlackMessage(quick) });
      return;
    }
    await ack();
    await respond({ response_type: 'ephemeral', ...toSlackMessage(await work) });
  });

  app.action(/^(open-call|open-meeting|open-plan|open-outcome|open-nti|open-decline|letter-sent|penalty-request|query|ack-flag)(:.*)?$/, async ({ ack, body, action, client, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const staff = await staffOf(body.user.id);
    if (!staff) { await respond({ response_type: 'ephemeral', replace_original: false, text: UNKNOWN_USER }); return; }
    const button = action as { action_id: string; value?: string };
    const id = button.action_id.split(':')[0]!;
    const data = actionValue.parse(JSON.parse(button.value ?? '{}'));
    const asOf = await deps.asOf(staff.schoolId);
    const ctx = { db: deps.db, staff, source: 'slack' as const, asOf, where: `slack:${body.channel?.id ?? 'dm'}/${body.message?.ts ?? ''}` };
    try {
      const answer = await handleAction(ctx, id, data);
      if (answer.kind === 'form') {
        const container = body.container as { is_ephemeral?: boolean } | undefined;
        await client.views.open({
          trigger_id: body.trigger_id,
          view: toModal(answer.form, {
            channel: body.channel?.id, ts: body.message?.ts, responseUrl: body.response_url, ephemeral: container?.is_ephemeral === true,
          }) as never,
        });
        return;
      }
      await replaceMessage(client, respond, { channel: body.channel?.id, ts: body.message?.ts, ephemeral: (body.container as { is_ephemeral?: boolean })?.is_ephemeral === true }, answer.card);
    } catch (err) {
      if (err instanceof BadActionError) await respond({ response_type: 'ephemeral', replace_original: false, text: err.message });
      else throw err;
    }
  });

  app.view(/^form:/, async ({ ack, body, view, client }) => {
    const staff = await staffOf(body.user.id);
    if (!staff) { await ack({ response_action: 'errors', errors: { [view.blocks.find((b) => b.type === 'input')?.block_id ?? 'form']: UNKNOWN_USER } }); return; }
    const meta = metadataSchema.parse(JSON.parse(view.private_metadata));
    const values = readModalValues(view.state.values as never);
    const asOf = await deps.asOf(staff.schoolId);
    let answer;
    try {
      answer = await handleAction({ db: deps.db, staff, source: 'slack', asOf, where: `slack:${meta.channel ?? 'dm'}/${meta.ts ?? ''}` }, `submit:${meta.form}`, meta.data, values);
    } catch (err) {
      if (err instanceof BadActionError) {
        const firstInput = view.blocks.find((b) => b.type === 'input')?.block_id ?? 'form';
        await ack({ response_action: 'errors', errors: { [firstInput]: err.message.slice(0, 150) } });
        return;
      }
      throw err;
    }
    await ack();
    if (answer.kind === 'card') {
      await replaceMessage(client, undefined, meta, answer.card);
    }
  });

  return { handle: receiver.requestListener, app };
}

type Client = InstanceType<typeof App>['client'];
type Respond = (message: Record<string, unknown>) => Promise<unknown>;

/**
 * Updates the message a card came from, in place: chat.update for a channel message, the
 * response_url for an ephemeral one (which chat.update cannot reach).
 */
async function replaceMessage(client: Client, respond: Respond | undefined, where: { channel?: string; ts?: string; ephemeral?: boolean; responseUrl?: string }, card: Card): Promise<void> {
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

