/**
 * Slack, through Bolt: the `/attendance` command, card buttons and modal forms, on Bolt's
 * single endpoint `/slack/events`. Bolt checks every request's signature and timestamp
 * (401 otherwise). One file per kind of listener in `listeners/`, each a callback that can
 * be called with fake `ack` and `respond`. Nothing outside this folder imports Bolt.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type BlockAction, HTTPReceiver, LogLevel, type ViewSubmitAction, webApi } from '@slack/bolt';
import { cardButton } from './listeners/actions.ts';
import { attendanceCommand } from './listeners/commands.ts';
import type { SlackDeps } from './listeners/context.ts';
import { formSubmission } from './listeners/views.ts';
import { InFlight, settlesWithin } from '../../shared/in-flight.ts';

export type { SlackDeps } from './listeners/context.ts';

/** Slack signs each request with its time; outside this many seconds either way it is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface SlackConfig {
  readonly signingSecret: string;
  readonly token: string;
  readonly apiUrl: string;
}

export interface Slack {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  readonly app: InstanceType<typeof App>;
  /**
   * Resolves when the events being processed are done, or after `ms`. Bolt processes an event
   * apart from the HTTP request that brought it (the request may already be answered, or its
   * client gone): what the listeners use must outlive this.
   */
  settled(ms: number): Promise<void>;
}

export function createSlack(deps: SlackDeps, config: SlackConfig): Slack {
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
    // no conversation state is kept between events: Bolt's store would otherwise look each one
    // up and make (and throw away) an Error for every request
    convoStore: false,
    clientOptions: { slackApiUrl: config.apiUrl, retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 } },
  });
  const processing = new InFlight();
  app.use(async ({ next }) => { await processing.track(next()); });
  app.command('/attendance', attendanceCommand(deps));
  app.action<BlockAction>({ type: 'block_actions' }, cardButton(deps));
  app.view<ViewSubmitAction>({ type: 'view_submission' }, formSubmission(deps));
  // Bolt refuses a timestamp more than 5 minutes old; one more than 5 minutes ahead is refused here too
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const sent = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(sent) && sent > Date.now() / 1000 + MAX_CLOCK_SKEW_SECONDS) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('request timestamp is in the future');
      req.resume();
      return;
    }
    receiver.requestListener(req, res);
  };
  const settled = async (ms: number) => { await settlesWithin(processing.settled(), ms); };
  return { handle, app, settled };
}
