import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { startService, type Service } from '../../src/service.ts';
import { checkBlockKit } from '../support/card-checks.ts';
import { freshDatabase } from '../support/db.ts';
import { fakeSlack, type Fake, interaction, postToSlackEndpoint, slashCommand } from '../support/fakes.ts';

const SECRET = 'test-signing-secret';
const AS_OF = '2025-02-26';
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let slack: Fake;
let service: Service;
let base: string;

beforeAll(async () => {
  ctx = await freshDatabase('slack');
  await seedDemo(ctx.db, AS_OF);
  slack = await fakeSlack();
  service = await startService(loadEnv({
    DATABASE_URL: ctx.url, PORT: '0', SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/`,
  }), { asOf: AS_OF, jobs: false, host: '127.0.0.1', log: () => undefined });
  base = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
});
afterAll(async () => { await service?.stop(); await slack?.close(); await ctx?.drop(); });

const command = (user: string, text: string) => postToSlackEndpoint(base, SECRET, slashCommand({ user_id: user, text, response_url: `${slack.url}/response/1` }), 'application/x-www-form-urlencoded');
const allText = (blocks: unknown) => JSON.stringify(blocks);

describe('Slack /attendance', () => {
  it('answers the head of year 9 about Ava Nine with her attendance and PA status, in the HTTP response', async () => {
    const r = await command('U0DEMOHOY9', 'DEMO9001');
    expect(r.status).toBe(200);
    expect(r.json.response_type).toBe('ephemeral');
    const text = allText(r.json.blocks);
    expect(text).toContain('Ava Nine (DEMO9001)');
    expect(text).toMatch(/\d+\.\d% attendance/);
    expect(text).toMatch(/persistent absence|not persistently absent|low attendance|severe absence/);
    expect(text).not.toContain('social worker'); // safeguarding details: DSL only
    expect(checkBlockKit(r.json.blocks)).toEqual([]);
  });

  it('finds a pupil by name, forgivingly', async () => {
    const r = await command('U0DEMOATT', 'ava nine');
    expect(allText(r.json.blocks)).toContain('Ava Nine (DEMO9001)');
  });

  it('shows the DSL the safeguarding details', async () => {
    const r = await command('U0DEMODSL', 'DEMO9001');
    expect(allText(r.json.blocks)).toContain('social worker (child in need)');
  });

  it('refuses a pupil outside the head of year\'s scope, revealing nothing', async () => {
    const outside = await command('U0DEMOHOY9', 'DEMO7001');
    const missing = await command('U0DEMOHOY9', 'NOSUCHUPN');
    const text = allText(outside.json);
    expect(text).not.toMatch(/Sam|Seven|DEMO7001/);
    expect(outside.json.blocks).toEqual(missing.json.blocks);
  });

  it('refuses an unknown user, revealing nothing', async () => {
    const r = await command('U0STRANGER', 'DEMO9001');
    expect(allText(r.json)).not.toMatch(/Ava|Nine|%/);
    expect(allText(r.json)).toContain("aren't set up");
  });

  it('lists persistent absence for the head of year: year 9 only', async () => {
    const r = await command('U0DEMOHOY9', 'pa');
    const text = allText(r.json.blocks);
    expect(text).toContain('Persistent absence');
    expect(text).not.toMatch(/ 7[ABC] | 8[ABC] | 10[ABC] | 11[ABC] /);
  });

  it('lists the steps due on the ladder when asked', async () => {
    const r = await command('U0DEMOHOY9', 'steps');
    const text = allText(r.json.blocks);
    expect(text).toContain('One In A Million Free School: steps due');
    expect(text).toMatch(/Letter 1 \(attendance officer\)|Letter 2|Warning letter 1/);
  });

  it('rejects a bad signature and a stale timestamp with 401, changing nothing', async () => {
    const before = (await ctx.db.pool.query('SELECT count(*)::int AS n FROM "AuditLog"')).rows[0].n;
    const body = slashCommand({ user_id: 'U0DEMOHOY9', text: 'DEMO9001', response_url: `${slack.url}/response/1` });
    expect((await postToSlackEndpoint(base, SECRET, body, 'application/x-www-form-urlencoded', { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await postToSlackEndpoint(base, SECRET, body, 'application/x-www-form-urlencoded', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    // a timestamp more than 5 minutes in the future is refused like an old one
    expect((await postToSlackEndpoint(base, SECRET, body, 'application/x-www-form-urlencoded', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401);
    expect((await ctx.db.pool.query('SELECT count(*)::int AS n FROM "AuditLog"')).rows[0].n).toBe(before);
  });

  it('audits every query: who, what, when, where from', async () => {
    const rows = (await ctx.db.pool.query(`SELECT actor, source, action, detail FROM "AuditLog" WHERE action = 'query' ORDER BY id`)).rows;
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows[0]).toMatchObject({ source: 'slack', action: 'query', detail: { text: 'DEMO9001', result: 'pupil' } });
  });
});

describe('Slack casework: a call logged from the card, the card updated in place', () => {
  it('opens the call form, records the call and the reason, amends today\'s N, and replaces the message', async () => {
    const card = await command('U0DEMOATT', 'DEMO9001');
    const button = card.json.blocks.flatMap((b: { elements?: unknown[] }) => b.elements ?? []).find((e: { action_id?: string }) => e.action_id?.startsWith('open-call'));
    expect(button).toBeDefined();
    const click = await postToSlackEndpoint(base, SECRET, interaction({
      type: 'block_actions', user: { id: 'U0DEMOATT' }, team: { id: 'T0DEMO' }, api_app_id: 'A0DEMO', trigger_id: '999.1.x',
      container: { type: 'message', is_ephemeral: true }, channel: { id: 'C0DEMOATT' }, response_url: `${slack.url}/response/2`,
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1' }],
    }), 'application/x-www-form-urlencoded');
    expect(click.status).toBe(200);
    await expect.poll(() => slack.calls.find((c) => c.path.endsWith('views.open'))).toBeDefined();
    const view = slack.calls.find((c) => c.path.endsWith('views.open'))!.body.view as { private_metadata: string; callback_id: string };
    expect(view.callback_id).toBe('form:call');

    const submit = await postToSlackEndpoint(base, SECRET, interaction({
      type: 'view_submission', user: { id: 'U0DEMOATT' }, team: { id: 'T0DEMO' }, api_app_id: 'A0DEMO',
      view: {
        id: 'V1', callback_id: 'form:call', private_metadata: view.private_metadata, blocks: [{ type: 'input', block_id: 'outcome' }],
        state: { values: {
          outcome: { outcome: { type: 'static_select', selected_option: { value: 'reached' } } },
          reason: { reason: { type: 'static_select', selected_option: { value: 'illness' } } },
          amendToday: { amendToday: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
          note: { note: { type: 'plain_text_input', value: 'Mum called back' } },
        } },
      },
    }), 'application/x-www-form-urlencoded');
    expect(submit.status).toBe(200);
    await expect.poll(() => slack.calls.find((c) => c.path === '/response/2')).toBeDefined();
    const replaced = slack.calls.find((c) => c.path === '/response/2')!.body;
    expect(replaced.replace_original).toBe(true);
    expect(allText(replaced.blocks)).toContain('Call: reached a parent or carer; reason given: illness (I)');
    expect(allText(replaced.blocks)).toContain('recorded by Asha Patel');

    const amendment = (await ctx.db.pool.query(`SELECT a."originalCode", a."newCode", a.reason, a."amendedBy", a.source FROM "MarkAmendment" a JOIN "Pupil" p ON p.id = a."pupilId" WHERE p.upn = 'DEMO9001'`)).rows;
    expect(amendment).toEqual([{ originalCode: 'N', newCode: 'I', reason: 'call: Illness (Mum called back)', amendedBy: expect.stringMatching(/^staff:\d+$/), source: 'slack' }]);
    const audit = (await ctx.db.pool.query(`SELECT actor, source, detail FROM "AuditLog" WHERE action = 'casework.call'`)).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0].detail.where).toContain('slack:C0DEMOATT');
  });

  it('a head of year cannot amend the register: the call is logged, the code change left for the attendance officer', async () => {
    const card = await command('U0DEMOHOY9', 'DEMO9002');
    const button = card.json.blocks.flatMap((b: { elements?: unknown[] }) => b.elements ?? []).find((e: { action_id?: string }) => e.action_id?.startsWith('open-call'));
    const meta = JSON.stringify({ form: 'call', data: JSON.parse(button.value), channel: 'C0DEMOY9', ts: '1700000000.000001', ephemeral: false });
    await postToSlackEndpoint(base, SECRET, interaction({
      type: 'view_submission', user: { id: 'U0DEMOHOY9' }, team: { id: 'T0DEMO' }, api_app_id: 'A0DEMO',
      view: { id: 'V2', callback_id: 'form:call', private_metadata: meta, blocks: [], state: { values: {
        outcome: { outcome: { type: 'static_select', selected_option: { value: 'voicemail' } } },
        reason: { reason: { type: 'static_select', selected_option: { value: 'illness' } } },
        amendToday: { amendToday: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
      } } },
    }), 'application/x-www-form-urlencoded');
    await expect.poll(() => slack.calls.find((c) => c.path.endsWith('chat.update') && c.body.channel === 'C0DEMOY9')).toBeDefined();
    const update = slack.calls.find((c) => c.path.endsWith('chat.update') && c.body.channel === 'C0DEMOY9')!.body;
    expect(update.ts).toBe('1700000000.000001');
    expect(allText(update.blocks)).toContain('code change left for the attendance officer');
  });
});
