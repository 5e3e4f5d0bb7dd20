/**
 * Payloads as the platforms send them (test/fixtures/platform/, recorded): a slash command, a
 * button on an ephemeral message and a modal submission from Slack, a personal-chat message and
 * an Action.Execute invoke from Teams, replayed through the real listeners with real request
 * signing. Only the fields that name our demo, and the button and form the bot itself sent, are
 * replaced; everything else goes as recorded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { startService, type Service } from '../../src/service.ts';
import { checkAdaptiveCard, checkBlockKit } from '../support/card-checks.ts';
import { freshDatabase } from '../support/db.ts';
import { fakeConnector, fakeSlack, type Fake, postToSlackEndpoint } from '../support/fakes.ts';

const SECRET = 'recorded-signing-secret';
const AS_OF = '2025-02-26';
const TENANT = '00000000-0000-0000-0000-0000000000d0';
const OFFICER_AAD = '00000000-0000-0000-0000-0000000000a1';
const recorded = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/platform', name), 'utf8')) as Record<string, any>;

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let slack: Fake;
let connector: Fake;
let service: Service;
let base: string;

beforeAll(async () => {
  ctx = await freshDatabase('recorded');
  await seedDemo(ctx.db, AS_OF);
  slack = await fakeSlack();
  connector = await fakeConnector();
  service = await startService(loadEnv({
    DATABASE_URL: ctx.url, PORT: '0', SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/`,
    MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '',
  }), { asOf: AS_OF, jobs: false, host: '127.0.0.1', log: () => undefined });
  base = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
});
afterAll(async () => { await service?.stop(); await slack?.close(); await connector?.close(); await ctx?.drop(); });

const form = (fields: Record<string, unknown>) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();

describe('Slack, as recorded', () => {
  let pupilCard: Record<string, any>[];
  let opened: Record<string, any>;

  it('a slash command with text: answered in the response with the pupil card', async () => {
    const command = { ...recorded('slack-slash-command.json'), team_id: 'T0DEMO', user_id: 'U0DEMOATT', command: '/attendance', text: 'DEMO9001', channel_id: 'C0DEMOATT', response_url: `${slack.url}/response/rec-1` };
    const r = await postToSlackEndpoint(base, SECRET, form(command), 'application/x-www-form-urlencoded');
    expect(r.status).toBe(200);
    expect(r.json.response_type).toBe('ephemeral');
    pupilCard = r.json.blocks;
    expect(JSON.stringify(pupilCard)).toContain('Ava Nine (DEMO9001)');
    expect(checkBlockKit(pupilCard)).toEqual([]);
  });

  it("a button on that ephemeral message (the bot's own Log a call): the call form opens as a modal", async () => {
    const button = pupilCard.flatMap((b) => b.elements ?? []).find((e: { action_id?: string }) => e.action_id?.startsWith('open-call'));
    const payload = recorded('slack-block-actions.json');
    payload.user = { ...payload.user, id: 'U0DEMOATT', team_id: 'T0DEMO' };
    payload.team = { ...payload.team, id: 'T0DEMO' };
    payload.channel = { ...payload.channel, id: 'C0DEMOATT' };
    payload.container = { ...payload.container, channel_id: 'C0DEMOATT' };
    payload.response_url = `${slack.url}/response/rec-2`;
    payload.actions = [{ ...payload.actions[0], action_id: button.action_id, value: button.value, text: button.text, style: button.style }];
    const r = await postToSlackEndpoint(base, SECRET, form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
    expect(r.status).toBe(200);
    await expect.poll(() => slack.calls.find((c) => c.path.endsWith('views.open')), { timeout: 15_000 }).toBeDefined();
    const call = slack.calls.find((c) => c.path.endsWith('views.open'))!;
    expect(call.body.trigger_id).toBe(payload.trigger_id);
    opened = call.body.view as Record<string, any>;
    expect(opened.callback_id).toBe('form:call');
  });

  it('the modal submitted: the call is recorded once, and the answer replaces the ephemeral card by the response_url of the button', async () => {
    const payload = recorded('slack-view-submission.json');
    payload.user = { ...payload.user, id: 'U0DEMOATT', team_id: 'T0DEMO' };
    payload.team = { ...payload.team, id: 'T0DEMO' };
    payload.view = {
      ...payload.view, team_id: 'T0DEMO', callback_id: opened.callback_id, private_metadata: opened.private_metadata, blocks: opened.blocks,
      state: { values: {
        contactId: { contactId: { type: 'static_select', selected_option: opened.blocks.find((b: { block_id: string }) => b.block_id === 'contactId').element.initial_option } },
        outcome: { outcome: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Reached', emoji: true }, value: 'reached' } } },
        reason: { reason: { type: 'static_select', selected_option: null } },
        note: { note: { type: 'plain_text_input', value: 'Recorded payload: mum rang back' } },
      } },
    };
    const r = await postToSlackEndpoint(base, SECRET, form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
    expect(r.status).toBe(200);
    await expect.poll(() => slack.calls.find((c) => c.path === '/response/rec-2'), { timeout: 15_000 }).toBeDefined();
    const answer = slack.calls.find((c) => c.path === '/response/rec-2')!.body;
    expect(answer.replace_original).toBe(true);
    expect(JSON.stringify(answer.blocks)).toContain('Recorded payload: mum rang back');
    const calls = (await ctx.db.pool.query(`SELECT a.outcome FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId" JOIN "Pupil" p ON p.id = c."pupilId" WHERE p.upn = 'DEMO9001' AND a.kind = 'call'`)).rows;
    expect(calls).toEqual([{ outcome: 'reached' }]);
  });
});

describe('Teams, as recorded', () => {
  const asOurs = (a: Record<string, any>): Record<string, any> => ({
    ...a, serviceUrl: connector.url,
    from: { ...a.from, id: `29:${OFFICER_AAD}`, aadObjectId: OFFICER_AAD },
    conversation: { ...a.conversation, tenantId: TENANT },
    channelData: { ...a.channelData, tenant: { id: TENANT } },
  });
  let card: Record<string, any>;

  it('a personal-chat message: "attendance DEMO9001" answered in the chat with the pupil card', async () => {
    const message: Record<string, any> = { ...asOurs(recorded('teams-message-personal.json')), text: 'attendance DEMO9001' };
    const r = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    expect(r.status).toBe(200);
    const replies = connector.calls.filter((c) => c.method === 'POST' && c.path.includes(`/activities/${message.id}`));
    const withCard = replies.map((c) => (c.body.attachments as { content: Record<string, any> }[] | undefined)?.[0]?.content).filter(Boolean);
    card = withCard.find((c) => JSON.stringify(c).includes('Ava Nine (DEMO9001)'))!;
    expect(card).toBeDefined();
    expect(checkAdaptiveCard(card)).toEqual([]);
  });

  it("an Action.Execute invoke from that card's Log a call: answered with the call form, in the invoke's response", async () => {
    const execute = card.body.flatMap((el: { type: string; actions?: unknown[] }) => (el.type === 'ActionSet' ? el.actions : [])).find((a: { verb?: string }) => a.verb === 'open-call');
    const invoke = asOurs(recorded('teams-invoke-action.json'));
    invoke.value = { ...invoke.value, action: { ...invoke.value.action, verb: execute.verb, data: execute.data } };
    const r = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(invoke) });
    expect(r.status).toBe(200);
    const json = await r.json() as { statusCode: number; type: string; value: Record<string, any> };
    expect(json.statusCode).toBe(200);
    expect(json.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(json.value)).toContain('Call about Ava Nine');
    expect(checkAdaptiveCard(json.value)).toEqual([]);
  });
});
