/**
 * Microsoft Teams, through botbuilder's CloudAdapter and an ActivityHandler. A message
 * "attendance <query>" is answered with a card; card buttons are Action.Execute, answered
 * synchronously as `adaptiveCard/action` invokes with the updated card (the card changes in
 * place), or, from older clients, Action.Submit messages answered with updateActivity.
 * Every conversation reference is stored so the jobs can post proactively. Bot Framework
 * authentication is on whenever MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are set.
 *
 * botbuilder is archived (support ended 31 December 2025). Its successor,
 * @microsoft/agents-hosting, keeps the CloudAdapter / ActivityHandler shape: every
 * botbuilder import lives in this folder, so the move is this folder only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ActivityHandler,
  CardFactory,
  type CloudAdapter,
  MessageFactory,
  type TurnContext,
  TurnContext as Turn,
} from 'botbuilder';
import { z } from 'zod';
import { draftsCard, messageCard, resultCard } from '../../../cards/attendance.ts';
import { KEEP_CARD } from '../../../cards/model.ts';
import { formToAdaptiveCard, toAdaptiveCard } from './cards.ts';
import { type AppDeps, type ChatContext, chatContextOf } from '../../app/deps.ts';
import type { StaffMember } from '../../app/ports.ts';
import { BadActionError, type ChatAnswer, handleAction } from '../../app/use-cases/act-on-card.ts';
import { DOWNLOAD_TTL_WORDS, offerDownloads } from '../../app/use-cases/letters/hand-drafts.ts';
import { ask, HELP_TEXT, UNKNOWN_USER } from '../../app/use-cases/ask.ts';
import { whatYouCanDo } from '../../app/use-cases/welcome.ts';
import { bindChannel, parseSubscribe } from '../../app/use-cases/bind-channel.ts';
import { canSeeSafeguarding } from '../../domain/access.ts';
import { conversationKind, isShared as sharedKind } from '../../domain/audience.ts';
import { readBody, sendJson } from '../../shared/http.ts';
import { JsonLimitError, parseBoundedJson } from '../../shared/bounded-json.ts';
import { type TeamsConfig, teamsAdapter } from './platform.ts';
import { conversationOf, referenceOf } from './reference.ts';
import { membershipsOf, resolveStaffOnTurn, tenantOf } from './staff.ts';

export interface TeamsDeps {
  readonly app: AppDeps;
  readonly asOf: (schoolId: string) => Promise<string>;
}

/** What kind of conversation an activity came from (src/domain/audience.ts). */
const kindOf = (context: TurnContext) => conversationKind(context.activity.conversation);
/** A channel or group chat is seen by everyone in it; a personal chat by the one person. */
const isShared = (context: TurnContext) => sharedKind(kindOf(context));

export const SENT_PRIVATELY = 'I have sent you the answer in your personal chat with the Attendance bot.';
export const OPENED_BELOW = 'Opened below: the list stays as it is.';
export const ASK_PRIVATELY = 'Ask me in a personal chat with the Attendance bot to see the answer: a channel is seen by everyone in it.';



const actionData = z.object({ action: z.string().min(1) }).catchall(z.unknown());

/** What Teams shows: a card or a form (drafts become a card with their links). */
type TeamsAnswer = Exclude<ChatAnswer, { kind: 'letters' }>;

const attachment = (answer: TeamsAnswer) =>
  CardFactory.adaptiveCard(answer.kind === 'form' ? formToAdaptiveCard(answer.form) : toAdaptiveCard(answer.card));

/** The text after the bot's @mention and an optional leading "attendance". */
export function queryText(context: TurnContext): string {
  const text = Turn.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return text.replace(/<at>.*?<\/at>/g, '').trim();
}

class AttendanceBot extends ActivityHandler {
  constructor(private readonly deps: TeamsDeps, private readonly appId: string) {
    super();
    this.onMessage(async (context, next) => {
      if (await this.remember(context)) await this.firstContact(context);
      if (context.activity.value && typeof context.activity.value === 'object') await this.onSubmit(context);
      else await this.onQuery(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => { if (await this.remember(context)) await this.firstContact(context); else await this.flagsToNewDsl(context); await next(); });
    this.onInstallationUpdate(async (context, next) => { if (await this.remember(context)) await this.firstContact(context); else await this.flagsToNewDsl(context); await next(); });
  }

  private context(context: TurnContext, staff: readonly StaffMember[]): Promise<ChatContext> {
    return chatContextOf(this.deps.app, staff, 'teams', this.deps.asOf, `teams:${context.activity.conversation?.id ?? ''}/${context.activity.replyToId ?? ''}`);
  }

  /**
   * A person's first contact in their personal chat: a welcome saying what they can do in their
   * roles (an unknown person hears only that they are unknown, when they ask), then, for a DSL,
   * the school's open flags.
   */
  private async firstContact(context: TurnContext): Promise<void> {
    const staff = membershipsOf(context);
    if (kindOf(context) === 'personal' && staff.length > 0) {
      const name = staff[0]!.name.split(' ')[0] ?? staff[0]!.name;
      await context.sendActivity(MessageFactory.attachment(attachment({ kind: 'card', card: messageCard(`Welcome to the Attendance bot, ${name}`, [...whatYouCanDo(staff), HELP_TEXT].join('\n')) })));
    }
    await this.flagsToNewDsl(context);
  }

  /**
   * A DSL or deputy who opens the bot in their personal chat is a surface for the school's open
   * flags from that moment: they are delivered at once, each with the time it was raised.
   */
  private async flagsToNewDsl(context: TurnContext): Promise<void> {
    if (kindOf(context) !== 'personal' || !this.deps.app.sharedPosts) return;
    for (const m of membershipsOf(context)) {
      if (canSeeSafeguarding(m.grants)) await this.deps.app.sharedPosts.deliverOpenFlags(m.schoolId, await this.deps.asOf(m.schoolId));
    }
  }

  /** Keeps the conversation for the jobs' posts; true when it is new. */
  private async remember(context: TurnContext): Promise<boolean> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) return false;
    const tenantId = tenantOf(context);
    return this.deps.app.channels.remember({
      conversationId, kind: kindOf(context), reference: referenceOf(context.activity),
      ...(tenantId ? { tenantId } : {}),
      ...(context.activity.from?.aadObjectId ? { aadObjectId: context.activity.from.aadObjectId } : {}),
    });
  }

  private async onQuery(context: TurnContext): Promise<void> {
    const staff = membershipsOf(context);
    if (staff.length === 0) { await context.sendActivity(MessageFactory.attachment(attachment({ kind: 'card', card: messageCard('Attendance', UNKNOWN_USER) }))); return; }
    const text = queryText(context);
    const ctx = await this.context(context, staff);
    const subscribe = parseSubscribe(text);
    if (subscribe) {
      const reference = referenceOf(context.activity);
      const conversationId = context.activity.conversation?.id;
      const answer = !conversationId ? 'This conversation has no id to post into.'
        : await bindChannel(ctx, subscribe.cmd, { platform: 'teams', channelId: conversationId, reference }, subscribe.school, kindOf(context));
      await context.sendActivity(MessageFactory.attachment(attachment({ kind: 'card', card: messageCard('Attendance', answer) })));
      return;
    }
    const result = await ask(ctx, text);
    const card = resultCard(result);
    if (!isShared(context)) {
      // one answer: the card alone (its summary is the notification's text, not a second bubble)
      await context.sendActivity({ ...MessageFactory.attachment(attachment({ kind: 'card', card })), summary: card.summary });
      return;
    }
    // in a channel: the full answer privately; in the channel, a line with nothing one reader alone may see
    const sent = await this.sendPrivately(context, { kind: 'card', card });
    const summary = result.kind === 'pupil'
      ? `${result.view.pupil.name} (${result.view.pupil.regGroup}): ${sent ? SENT_PRIVATELY : ASK_PRIVATELY}`
      : sent ? SENT_PRIVATELY : ASK_PRIVATELY;
    await context.sendActivity(MessageFactory.attachment(attachment({ kind: 'card', card: messageCard('Attendance', summary) })));
  }

  /**
   * Action.Submit from a client without Action.Execute. In a personal chat the card's message is
   * updated in place; a channel's message is never replaced by one person's view: the answer
   * goes to the person's personal chat, and the channel hears nothing but that it did.
   */
  private async onSubmit(context: TurnContext): Promise<void> {
    const answer = await this.act(context, context.activity.value);
    if (isShared(context)) {
      if (!(await this.sendPrivately(context, answer))) await context.sendActivity(MessageFactory.attachment(attachment({ kind: 'card', card: messageCard('Attendance', ASK_PRIVATELY) })));
      return;
    }
    const reply = MessageFactory.attachment(attachment(answer));
    // a card that stays put (a list, a flag) keeps its place: the answer comes beside it
    if (context.activity.replyToId && (context.activity.value as Record<string, unknown>)[KEEP_CARD] !== true) {
      reply.id = context.activity.replyToId;
      await context.updateActivity(reply);
    } else {
      await context.sendActivity(reply);
    }
  }

  /** Sends the answer to the person's personal chat with the bot; false when they have none yet. */
  private async sendPrivately(context: TurnContext, answer: TeamsAnswer): Promise<boolean> {
    const aad = context.activity.from?.aadObjectId;
    const tenantId = tenantOf(context);
    const reference = aad && tenantId ? await this.deps.app.channels.personalConversation(tenantId, aad) : undefined;
    if (!reference) return false;
    await (context.adapter as CloudAdapter).continueConversationAsync(this.appId, conversationOf(reference), async (personal) => {
      await personal.sendActivity(MessageFactory.attachment(attachment(answer)));
    });
    return true;
  }

  private async act(context: TurnContext, raw: unknown): Promise<TeamsAnswer> {
    const staff = membershipsOf(context);
    if (staff.length === 0) return { kind: 'card', card: messageCard('Attendance', UNKNOWN_USER) };
    const parsed = actionData.safeParse(raw);
    if (!parsed.success) return { kind: 'card', card: messageCard('Attendance', 'That button did not carry what it should. Ask again.') };
    // a card's data and its inputs come back merged in one object
    const { action, ...rest } = parsed.data;
    try {
      // the activity's id: a submission the client sends again records once
      const ctx = await this.context(context, staff);
      const answer = await handleAction(context.activity.id ? { ...ctx, submissionKey: `teams:${context.activity.conversation?.id ?? ''}:${context.activity.id}` } : ctx, action, rest, rest);
      if (answer.kind !== 'letters') return answer;
      // a bot cannot hand files over in a channel: one-time signed links, on a card that goes to this person alone
      const links = await offerDownloads(ctx, answer.drafts.files);
      return { kind: 'card', card: draftsCard({ ...answer.drafts.view, where: 'by the links below', links, linksExpire: `within ${DOWNLOAD_TTL_WORDS}` }) };
    } catch (err) {
      if (err instanceof BadActionError) return { kind: 'card', card: messageCard('Attendance', err.message) };
      throw err;
    }
  }

  /**
   * Action.Execute. In a channel or group chat the clicked card is everyone's: the answer goes
   * to the person's personal chat and the card stays. A card that stays put (a list, a flag:
   * delivery keeps them up to date) gets the answer as a new message beside it. Otherwise (the
   * person's own pupil card or form, in their personal chat) the answer replaces the card clicked.
   */
  protected override async onInvokeActivity(context: TurnContext) {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    await this.remember(context);
    const value = context.activity.value as { action?: { verb?: string; data?: Record<string, unknown> } } | undefined;
    const data = value?.action?.data ?? {};
    const answer = await this.act(context, { ...data, action: data.action ?? value?.action?.verb });
    const message = (text: string) => ({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } });
    if (isShared(context)) return message((await this.sendPrivately(context, answer)) ? SENT_PRIVATELY : ASK_PRIVATELY);
    if (data[KEEP_CARD] === true) {
      await context.sendActivity(MessageFactory.attachment(attachment(answer)));
      return message(OPENED_BELOW);
    }
    const card = answer.kind === 'form' ? formToAdaptiveCard(answer.form) : toAdaptiveCard(answer.card);
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
  }
}

export interface Teams {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  readonly authenticated: boolean;
}

/** A Bot Framework activity is small (files and images come as links): a body over this is refused. */
export const TEAMS_BODY_LIMIT = 256 * 1024;

export function createTeams(deps: TeamsDeps, config: TeamsConfig): Teams {
  const authenticated = Boolean(config.appId && config.appPassword);
  const adapter = teamsAdapter(config);
  adapter.onTurnError = async (context, error) => {
    console.error(`teams: turn failed: ${error instanceof Error ? error.stack : String(error)}`);
    await context.sendActivity('Something went wrong answering that. It has been logged.').catch(() => undefined);
  };
  // who is acting: resolved once per turn, before the bot runs
  adapter.use(resolveStaffOnTurn(deps.app));
  const bot = new AttendanceBot(deps, config.appId ?? '');

  return {
    authenticated,
    async handle(req, res) {
      // before reading anything: with authentication on, a request with no bearer token in the
      // shape of a JWT is refused on its headers (botbuilder then checks the token itself)
      if (authenticated && !/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(req.headers.authorization ?? '')) {
        req.resume();
        sendJson(res, 401, { error: 'a Bot Framework token is required' });
        return;
      }
      const raw = (await readBody(req, TEAMS_BODY_LIMIT)).toString('utf8');
      if (raw.trim() === '') { sendJson(res, 400, { error: 'empty activity' }); return; } // the Playground's probe
      let body: Record<string, unknown>;
      try {
        body = parseBoundedJson(raw, TEAMS_BODY_LIMIT) as Record<string, unknown>;
      } catch (err) {
        sendJson(res, 400, { error: err instanceof JsonLimitError ? `activity ${err.message}` : 'not JSON' });
        return;
      }
      await adapter.process({ body, headers: req.headers as Record<string, string>, method: req.method }, shimResponse(res), (context) => bot.run(context));
    },
  };
}

/** botbuilder's Response, over node's ServerResponse. */
function shimResponse(res: ServerResponse) {
  let status = 200;
  const shim = {
    socket: res.socket,
    status(code: number) { status = code; return shim; },
    header(name: string, value: unknown) { res.setHeader(name, String(value)); return shim; },
    send(body?: unknown) {
      if (res.headersSent) return shim;
      if (body === undefined || body === null) { res.writeHead(status); res.end(); return shim; }
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
      res.end(text);
      return shim;
    },
    end() { if (!res.headersSent) res.writeHead(status); res.end(); return shim; },
  };
  return shim;
}
