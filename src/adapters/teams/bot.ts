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
  MessageFactory,
  type TurnContext,
  TurnContext as Turn,
} from 'botbuilder';
import { z } from 'zod';
import { messageCard, resultCard } from '../../../cards/attendance.ts';
import type { Card } from '../../../cards/model.ts';
import { formToAdaptiveCard, toAdaptiveCard } from '../../../cards/teams.ts';
import { BadActionError, type ChatAnswer, handleAction } from '../../app/chat-actions.ts';
import { runQuery, UNKNOWN_USER } from '../../app/query.ts';
import { actorOf, resolveStaff, type StaffMember } from '../../app/staff.ts';
import { canSeeSafeguarding } from '../../domain/access.ts';
import { audit } from '../db/audit.ts';
import type { Db } from '../db/client.ts';
import { readBody, sendJson } from '../../server/http.ts';
import { type TeamsConfig, teamsAdapter } from './platform.ts';

export interface TeamsDeps {
  readonly db: Db;
  readonly asOf: (schoolId: string) => Promise<string>;
}


const actionData = z.object({ action: z.string().min(1) }).catchall(z.unknown());

const attachment = (answer: ChatAnswer | { kind: 'card'; card: Card }) =>
  CardFactory.adaptiveCard(answer.kind === 'form' ? formToAdaptiveCard(answer.form) : toAdaptiveCard(answer.card));

/** The text after the bot's @mention and an optional leading "attendance". */
export function queryText(context: TurnContext): string {
  const text = Turn.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return text.replace(/<at>.*?<\/at>/g, '').trim();
}

class AttendanceBot extends ActivityHandler {
  constructor(private readonly deps: TeamsDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.remember(context);
      if (context.activity.value && typeof context.activity.value === 'object') await this.onSubmit(context);
      else await this.onQuery(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => { await this.remember(context); await next(); });
    this.onInstallationUpdate(async (context, next) => { await this.remember(context); await next(); });
  }

  private async staff(context: TurnContext) {
    const aad = context.activity.from?.aadObjectId;
    return aad ? resolveStaff(this.deps.db, { platform: 'teams', aadObjectId: aad }) : undefined;
  }

  private async remember(context: TurnContext): Promise<void> {
    const ref = Turn.getConversationReference(context.activity);
    const conversationId = ref.conversation?.id;
    if (!conversationId) return;
    const staff = await this.staff(context);
    await this.deps.db.pool.query(
      `INSERT INTO "ConversationReference" ("conversationId", "schoolId", "aadObjectId", reference) VALUES ($1, $2, $3, $4)
       ON CONFLICT ("conversationId") DO UPDATE SET reference = EXCLUDED.reference, "schoolId" = coalesce(EXCLUDED."schoolId", "ConversationReference"."schoolId"),
         "aadObjectId" = coalesce(EXCLUDED."aadObjectId", "ConversationReference"."aadObjectId"), "updatedAt" = now()`,
      [conversationId, staff?.schoolId ?? null, context.activity.from?.aadObjectId ?? null, JSON.stringify(ref)],
    );
  }

  private async onQuery(context: TurnContext): Promise<void> {
    const staff = await this.staff(context);
    if (!staff) { await context.sendActivity(MessageFactory.attachment(attachment({ kind: 'card', card: messageCard('Attendance', UNKNOWN_USER) }))); return; }
    const text = queryText(context);
    const subscribe = /^(?:attendance\s+)?subscribe\s+(attendance|dsl|senior|year\s+(\d{1,2}))$/i.exec(text);
    if (subscribe) {
      const purpose = subscribe[1]!.toLowerCase().startsWith('year') ? 'year' : subscribe[1]!.toLowerCase() as 'attendance' | 'dsl' | 'senior';
      const yearGroup = purpose === 'year' ? Number(subscribe[2]) : undefined;
      const answer = await bindChannel(this.deps.db, staff, purpose, yearGroup, Turn.getConversationReference(context.activity) as Record<string, unknown>);
      await context.sendActivity(MessageFactory.attachment(attachment({ kind: 'card', card: messageCard('Attendance', answer) })));
      return;
    }
    const asOf = await this.deps.asOf(staff.schoolId);
    const card = resultCard(await runQuery({ db: this.deps.db, staff, asOf, source: 'teams' }, text));
    await context.sendActivity(MessageFactory.attachment(attachment({ kind: 'card', card }), card.summary));
  }

  /** Action.Submit from a client without Action.Execute: answer by updating the card's message. */
  private async onSubmit(context: TurnContext): Promise<void> {
    const answer = await this.act(context, context.activity.value);
    const reply = MessageFactory.attachment(attachment(answer));
    if (context.activity.replyToId) {
      reply.id = context.activity.replyToId;
      await context.updateActivity(reply);
    } else {
      await context.sendActivity(reply);
    }
  }

  private async act(context: TurnContext, raw: unknown): Promise<ChatAnswer> {
    const staff = await this.staff(context);
    if (!staff) return { kind: 'card', card: messageCard('Attendance', UNKNOWN_USER) };
    const parsed = actionData.safeParse(raw);
    if (!parsed.success) return { kind: 'card', card: messageCard('Attendance', 'That button did not carry what it should. Ask again.') };
    // a card's data and its inputs come back merged in one object
    const { action, ...rest } = parsed.data;
    const asOf = await this.deps.asOf(staff.schoolId);
    try {
      return await handleAction({ db: this.deps.db, staff, source: 'teams', asOf, where: `teams:${context.activity.conversation?.id ?? ''}/${context.activity.replyToId ?? ''}` }, action, rest, rest);
    } catch (err) {
      if (err instanceof BadActionError) return { kind: 'card', card: messageCard('Attendance', err.message) };
      throw err;
    }
  }

  /** Action.Execute: the invoke's answer is the card that replaces the one clicked. */
  protected override async onInvokeActivity(context: TurnContext) {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    await this.remember(context);
    const value = context.activity.value as { action?: { verb?: string; data?: Record<string, unknown> } } | undefined;
    const answer = await this.act(context, { ...(value?.action?.data ?? {}), action: value?.action?.data?.action ?? value?.action?.verb });
    const card = answer.kind === 'form' ? formToAdaptiveCard(answer.form) : toAdaptiveCard(answer.card);
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
  }
}

/**
 * `subscribe attendance|dsl|senior|year N`, said in a Teams channel or chat: the jobs' posts
 * for that purpose go there. Attendance officers and senior leaders may bind any; the DSL
 * channel only a DSL or deputy.
 */
async function bindChannel(db: Db, staff: StaffMember, purpose: 'attendance' | 'dsl' | 'senior' | 'year', yearGroup: number | undefined, reference: Record<string, unknown>): Promise<string> {
  const roles = staff.grants.map((g) => g.role);
  const allowed = purpose === 'dsl' ? canSeeSafeguarding(staff.grants) : roles.includes('attendance_officer') || roles.includes('senior_leader');
  if (!allowed) return "You can't choose where the school's posts go.";
  const conversationId = (reference.conversation as { id?: string } | undefined)?.id;
  if (!conversationId) return 'This conversation has no id to post into.';
  await db.pool.query(
    `DELETE FROM "SchoolChannel" WHERE "schoolId" = $1 AND platform = 'teams' AND purpose = $2 AND "yearGroup" IS NOT DISTINCT FROM $3`,
    [staff.schoolId, purpose, yearGroup ?? null]);
  await db.pool.query(
    `INSERT INTO "SchoolChannel" ("schoolId", platform, purpose, "yearGroup", "channelId", "conversationReference") VALUES ($1, 'teams', $2, $3, $4, $5)`,
    [staff.schoolId, purpose, yearGroup ?? null, conversationId, JSON.stringify(reference)]);
  await audit(db.pool, { schoolId: staff.schoolId, actor: actorOf(staff), source: 'teams', action: 'school.channel', detail: { purpose, yearGroup: yearGroup ?? null, conversationId } });
  return `Done: the ${purpose === 'year' ? `year ${yearGroup}` : purpose} posts now come here.`;
}

export interface Teams {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  readonly authenticated: boolean;
}

export function createTeams(deps: TeamsDeps, config: TeamsConfig): Teams {
  const authenticated = Boolean(config.appId && config.appPassword);
  const adapter = teamsAdapter(config);
  adapter.onTurnError = async (context, error) => {
    console.error(`teams: turn failed: ${error instanceof Error ? error.stack : String(error)}`);
    await context.sendActivity('Something went wrong answering that. It has been logged.').catch(() => undefined);
  };
  const bot = new AttendanceBot(deps);

  return {
    authenticated,
    async handle(req, res) {
      const raw = (await readBody(req, 1024 * 1024)).toString('utf8');
      if (raw.trim() === '') { sendJson(res, 400, { error: 'empty activity' }); return; } // the Playground's probe
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        sendJson(res, 400, { error: 'not JSON' });
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
