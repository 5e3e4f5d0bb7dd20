/**
 * Slack, through Bolt: the `/attendance` command, card buttons, modal forms and the App Home
 * tab, on Bolt's single endpoint `/slack/events`; with OAuth on, the install page and its
 * redirect too. Every request's signature and timestamp are checked (401 otherwise) in
 * `handle`, before Bolt is handed it. One file per kind of listener in `listeners/`, each a
 * callback that can be called with fake `ack` and `respond`. Nothing outside this folder
 * imports Bolt.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type BlockAction, HTTPReceiver, LogLevel, type ViewSubmitAction, webApi } from '@slack/bolt';
import { cardButton } from './listeners/actions.ts';
import { attendanceCommand } from './listeners/commands.ts';
import type { SlackDeps } from './listeners/context.ts';
import { formSubmission } from './listeners/views.ts';
import { resolveStaff } from './listeners/staff.ts';
import { homeOpened } from './listeners/home.ts';
import { boltInstallationStore, SLACK_SCOPES, type SlackOAuth } from './installations.ts';

import { InFlight, settlesWithin } from '../../shared/in-flight.ts';
import { readBody } from '../../shared/http.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';

export type { SlackDeps } from './listeners/context.ts';

/** The OAuth routes (../shared/reference/chat-contract.md). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** Slack signs each request with its time; outside this many seconds either way it is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface SlackConfig {
  readonly signingSecret: string;
  readonly apiUrl: string;
  /** One workspace: its bot token (SLACK_BOT_TOKEN). */
  readonly token?: string;
  /** Many workspaces, each by its own installation ("Add to Slack"): every request authorised with its own. */
  readonly oauth?: SlackOAuth;
}

export interface Slack {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** With OAuth on: `GET /slack/install` (the Add to Slack page) and `GET /slack/oauth_redirect`, state checked by its cookie, as Bolt does. */
  readonly install?: (req: IncomingMessage, res: ServerResponse) => void;
  readonly app: InstanceType<typeof App>;
  /**
   * Resolves when the events being processed are done, or after `ms`. Bolt processes an event
   * apart from the HTTP request that brought it (the request may already be answered, or its
   * client gone): what the listeners use must outlive this.
   */
  settled(ms: number): Promise<void>;
}

/** Slack's payloads (a slash command, a button, a modal's state) are small: a body over this is refused. */
export const SLACK_BODY_LIMIT = 512 * 1024;

export function createSlack(deps: SlackDeps, config: SlackConfig): Slack {
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret,
    // `handle` below has checked the signature and both ends of the timestamp on the bytes it
    // hands over, and is the only way in: Bolt need not compute the same HMAC again
    signatureVerification: false,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logLevel: LogLevel.WARN,
    ...(config.oauth ? {
      clientId: config.oauth.clientId, clientSecret: config.oauth.clientSecret, stateSecret: config.oauth.stateSecret,
      scopes: [...SLACK_SCOPES], installationStore: boltInstallationStore(config.oauth.installations),
      installerOptions: { installPath: INSTALL_PATH, redirectUriPath: REDIRECT_PATH, stateVerification: true, clientOptions: { slackApiUrl: config.apiUrl } },
    } : {}),
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
    // with OAuth, Bolt authorises each request with its own workspace's installation
    ...(config.oauth ? {} : { authorize }),
    receiver,
    logLevel: LogLevel.WARN,
    // no conversation state is kept between events: Bolt's store would otherwise look each one
    // up and make (and throw away) an Error for every request
    convoStore: false,
    clientOptions: { slackApiUrl: config.apiUrl, retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 } },
  });
  const processing = new InFlight();
  app.use(async ({ next }) => { await processing.track(next()); });
  app.use(resolveStaff(deps));
  app.command('/attendance', attendanceCommand(deps));
  app.action<BlockAction>({ type: 'block_actions' }, cardButton(deps));
  app.view<ViewSubmitAction>({ type: 'view_submission' }, formSubmission(deps));
  app.event('app_home_opened', homeOpened(deps));
  if (config.oauth) {
    // removed from a workspace, or its tokens revoked: nothing is sent there again
    const gone = config.oauth.installations;
    app.event('app_uninstalled', async ({ body }) => { if (body.team_id) await gone.uninstalled(body.team_id, new Date()); });
    app.event('tokens_revoked', async ({ event, body }) => { if ((event.tokens.bot ?? []).length > 0 && body.team_id) await gone.uninstalled(body.team_id, new Date()); });
  }
  // a timestamp more than 5 minutes old, or more than 5 minutes ahead, is refused
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, why: string) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(why);
    req.resume();
  };
  // the signature is checked here, on a body read within a size and a time limit, before Bolt
  // (or anything else) parses it; Bolt is handed the bytes
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const sent = Number(req.headers['x-slack-request-timestamp']);
    const signature = req.headers['x-slack-signature'];
    if (!Number.isFinite(sent) || typeof signature !== 'string' || !signature.startsWith('v0=')) return refuse(req, res, 401, 'a signed Slack request is required');
    if (sent > Date.now() / 1000 + MAX_CLOCK_SKEW_SECONDS) return refuse(req, res, 401, 'request timestamp is in the future');
    if (sent < Date.now() / 1000 - MAX_CLOCK_SKEW_SECONDS) return refuse(req, res, 401, 'request timestamp is too old');
    const body = await readBody(req, SLACK_BODY_LIMIT);
    const expected = `v0=${createHmac('sha256', config.signingSecret).update(`v0:${sent}:`).update(body).digest('hex')}`;
    if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return refuse(req, res, 401, 'signature mismatch');
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    receiver.requestListener(req, res);
  };
  const settled = async (ms: number) => { await settlesWithin(processing.settled(), ms); };
  const install = config.oauth ? (req: IncomingMessage, res: ServerResponse) => { receiver.requestListener(req, res); } : undefined;
  return { handle, app, settled, ...(install ? { install } : {}) };
}
