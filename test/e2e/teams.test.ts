import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { startService, type Service } from '../../src/service.ts';
import { OPENED_BELOW } from '../../src/adapters/teams/bot.ts';
import { checkAdaptiveCard } from '../support/card-checks.ts';
import { freshDatabase } from '../support/db.ts';
import { fakeConnector, type Fake } from '../support/fakes.ts';

const AS_OF = '2025-02-26';
const HOY9 = '00000000-0000-0000-0000-0000000000a2';
const ATT = '00000000-0000-0000-0000-0000000000a1';
/** The demo school's tenant (chat-contract.md), sent as Teams does: in the conversation and in channelData. */
const TENANT = '00000000-0000-0000-0000-0000000000d0';
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let connector: Fake;
let service: Service;
let base: string;

beforeAll(async () => {
  ctx = await freshDatabase('teams');
  await seedDemo(ctx.db, AS_OF);
  connector = await fakeConnector();
  service = await startService(loadEnv({ DATABASE_URL: ctx.url, PORT: '0', MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '' }), { asOf: AS_OF, jobs: false, host: '127.0.0.1', log: () => undefined });
  base = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
});
afterAll(async () => { await service?.stop(); await connector?.close(); await ctx?.drop(); });

let n = 0;
function activity(aad: string, fields: Record<string, unknown>) {
  return {
    type: 'message', id: `in-${++n}`, timestamp: new Date().toISOString(), channelId: 'msteams', serviceUrl: connector.url,
    from: { id: `29:${aad}`, name: 'Staff', aadObjectId: aad }, recipient: { id: '28:bot', name: 'Attendance' },
    conversation: { id: `a:conv-${aad}`, conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } }, locale: 'en-GB', ...fields,
  };
}

/** Every Adaptive Card the bot answered an invoke with, to check against the 1.5 schema at the end. */
const invokeCards: unknown[] = [];

async function send(body: unknown) {
  const r = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  const json = text ? JSON.parse(text) : undefined;
  if (json?.type === 'application/vnd.microsoft.card.adaptive') invokeCards.push(json.value);
  return { status: r.status, json };
}

const repliesTo = (id: string) => connector.calls.filter((c) => c.path.includes(`/activities/${id}`) && c.method === 'POST');
const cardText = (call: { body: Record<string, unknown> }) => JSON.stringify((call.body.attachments as { content: unknown }[])[0]!.content);

describe('Teams: queries as messages to the bot', () => {
  it('answers "attendance DEMO9001" from the head of year 9 with a reply posted to the serviceUrl', async () => {
    const msg = activity(HOY9, { text: 'attendance DEMO9001' });
    expect((await send(msg)).status).toBe(200);
    // the first contact in a personal chat is welcomed, with what the person can do in their role
    const [welcome, reply] = repliesTo(msg.id);
    expect(cardText(welcome!)).toContain('Welcome to the Attendance bot');
    expect(cardText(welcome!)).toContain('As head of year 9: ask about any pupil in year 9');
    expect(checkAdaptiveCard((welcome!.body.attachments as { content: object }[])[0]!.content)).toEqual([]);
    expect(reply).toBeDefined();
    // once: the next question is answered alone
    const again = activity(HOY9, { text: 'attendance DEMO9001' });
    await send(again);
    expect(repliesTo(again.id)).toHaveLength(1);
    const card = (reply!.body.attachments as { contentType: string; content: { version: string } }[])[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.version).toBe('1.5');
    expect(checkAdaptiveCard(card.content)).toEqual([]);
    expect(cardText(reply!)).toContain('Ava Nine (DEMO9001)');
    expect(cardText(reply!)).toMatch(/\d+\.\d% attendance/);
    // her half terms as bars coloured against 90%, her absences by weekday, each with its figures as the 1.5 fallback
    const body = (card.content as unknown as { body: { type: string; title?: string; fallback?: { text: string } }[] }).body;
    const charts = body.filter((el) => el.type.startsWith('Chart.'));
    expect(charts.map((c) => `${c.type} ${c.title}`)).toEqual(['Chart.VerticalBar Attendance by half term', 'Chart.VerticalBar Absent sessions by weekday']);
    expect(charts[0]!.fallback!.text).toMatch(/^Attendance by half term: .*\d+\.\d%.*read against persistent absence at 90\.0%/);
    // one answer per question: the card, with no text bubble saying the same beside it
    expect(reply!.body.text ?? '').toBe('');
    expect(reply!.body.summary).toContain('Ava Nine');
  });

  it('refuses DEMO7001 for the head of year 9 and any query from an unknown user, revealing nothing', async () => {
    const outside = activity(HOY9, { text: 'attendance DEMO7001' });
    await send(outside);
    expect(cardText(repliesTo(outside.id)[0]!)).not.toMatch(/Sam|Seven|DEMO7001/);
    const stranger = activity('00000000-0000-0000-0000-00000000dead', { text: 'attendance DEMO9001' });
    await send(stranger);
    expect(cardText(repliesTo(stranger.id)[0]!)).not.toMatch(/Ava|Nine|%/);
  });

  it('resolves the person within the tenant the activity came from: the same user in another tenant is unknown', async () => {
    const elsewhere = activity(HOY9, { text: 'attendance DEMO9001', conversation: { id: `a:conv-other-${HOY9}`, conversationType: 'personal', tenantId: '00000000-0000-0000-0000-0000000000e0' }, channelData: { tenant: { id: '00000000-0000-0000-0000-0000000000e0' } } });
    await send(elsewhere);
    const text = cardText(repliesTo(elsewhere.id)[0]!);
    expect(text).toContain("aren't set up");
    expect(text).not.toMatch(/Ava|DEMO9001/);
  });

  it('stores the conversation reference for proactive posts', async () => {
    const r = (await ctx.db.pool.query(`SELECT "tenantId", reference FROM "ConversationReference" WHERE "aadObjectId" = $1 AND "conversationId" = $2`, [HOY9, `a:conv-${HOY9}`])).rows[0];
    expect(r.tenantId).toBe(TENANT);
    expect(r.reference.serviceUrl).toBe(connector.url);
  });

  it('a body over the limit gets 413, not 500, and nothing is remembered from it', async () => {
    const before = (await ctx.db.pool.query('SELECT count(*)::int AS n FROM "ConversationReference"')).rows[0].n;
    const big = JSON.stringify(activity(ATT, { text: `attendance ${'x'.repeat(300_000)}` })); // over the 256 KB an activity may be
    const r = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(r.status).toBe(413);
    expect((await ctx.db.pool.query('SELECT count(*)::int AS n FROM "ConversationReference"')).rows[0].n).toBe(before);
  });

  it('a deeply nested body is refused on a scan, before it is parsed, and nothing is remembered from it', async () => {
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const r = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('nested deeper than 64 levels');
  });

  it('answers the Playground\'s empty probe and its conversationUpdate without failing', async () => {
    const probe = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    expect(probe.status).toBeLessThan(500);
    const update = await send(activity(ATT, { type: 'conversationUpdate', membersAdded: [{ id: '28:bot' }] }));
    expect(update.status).toBe(200);
  });
});

describe('Teams: binding a channel for the jobs', () => {
  it('"subscribe attendance" in a channel makes it the attendance team\'s; a head of year may not', async () => {
    const inChannel = (aad: string, text: string) => activity(aad, { text, conversation: { id: '19:attendance@thread.tacv2', conversationType: 'channel', tenantId: TENANT } });
    const refused = inChannel(HOY9, 'attendance subscribe attendance');
    await send(refused);
    expect(cardText(repliesTo(refused.id)[0]!)).toContain("can't choose where");
    const ok = inChannel(ATT, 'subscribe attendance');
    await send(ok);
    expect(cardText(repliesTo(ok.id)[0]!)).toContain('the attendance posts now come here');
    const row = (await ctx.db.pool.query(`SELECT "channelId", "conversationReference" FROM "SchoolChannel" WHERE platform = 'teams' AND purpose = 'attendance'`)).rows[0];
    expect(row.channelId).toBe('19:attendance@thread.tacv2');
    expect(row.conversationReference.serviceUrl).toBe(connector.url);
  });
});

describe('Teams: casework with Action.Execute, the card replaced in place', () => {
  it('opens the call form and records the call, answering each invoke with the new card', async () => {
    const invoke = (data: Record<string, unknown>) => send(activity(ATT, {
      type: 'invoke', name: 'adaptiveCard/action', replyToId: 'card-1',
      value: { action: { type: 'Action.Execute', verb: data.action, data } },
    }));
    const ava = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO9001'`)).rows[0].id;
    const form = await invoke({ action: 'open-call', pupilId: ava });
    expect(form.status).toBe(200);
    expect(form.json.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(form.json.value)).toContain('Input.ChoiceSet');
    const done = await invoke({ action: 'submit:call', pupilId: ava, outcome: 'no-answer', note: 'Tried twice', amendToday: 'false' });
    expect(JSON.stringify(done.json.value)).toContain('Call: no answer');
    const rows = (await ctx.db.pool.query(`SELECT a.kind, a.outcome FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId" WHERE c."pupilId" = $1`, [ava])).rows;
    expect(rows).toEqual([{ kind: 'call', outcome: 'no-answer' }]);
    const audit = (await ctx.db.pool.query(`SELECT source, detail FROM "AuditLog" WHERE action = 'casework.call'`)).rows;
    expect(audit[0]).toMatchObject({ source: 'teams' });
  });

  it('handles Action.Submit from an older client by updating the card\'s message', async () => {
    const ava = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO9001'`)).rows[0].id;
    await send(activity(ATT, { replyToId: 'card-2', value: { action: 'submit:meeting-booked', pupilId: ava, date: '2025-03-03', time: '15:30', attendees: 'Kim Nine' } }));
    const update = connector.calls.find((c) => c.method === 'PUT' && c.path.includes('/activities/card-2'));
    expect(update).toBeDefined();
    expect(cardText(update!)).toContain('Meeting booked for Mon 3 Mar 15:30 with Kim Nine');
    const meeting = (await ctx.db.pool.query(`SELECT id, "scheduledAt" FROM "Meeting"`)).rows[0];
    expect((meeting.scheduledAt as Date).toISOString()).toBe('2025-03-03T15:30:00.000Z'); // GMT in March before the clocks change
    expect(cardText(update!)).toContain('Record outcome: meeting Mon 3 Mar 15:30');
    const form = await send(activity(ATT, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'open-outcome', data: { action: 'open-outcome', pupilId: ava, meetingId: meeting.id } } } }));
    // the form names the meeting it is for, and asks what happened
    expect(JSON.stringify(form.json.value)).toContain('on Mon 3 Mar 15:30 with Kim Nine');
    expect(JSON.stringify(form.json.value)).toContain('Did not attend');
    const held = await send(activity(ATT, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'submit:meeting-outcome', data: { action: 'submit:meeting-outcome', pupilId: ava, meetingId: meeting.id, result: 'attended', note: 'Morning routine plan agreed' } } } }));
    expect(JSON.stringify(held.json.value)).toContain('Meeting Mon 3 Mar 15:30 with Kim Nine: held: the family attended (Morning routine plan agreed)');
    expect((await ctx.db.pool.query(`SELECT outcome, status::text FROM "Meeting" WHERE id = $1`, [meeting.id])).rows[0]).toEqual({ outcome: 'Morning routine plan agreed', status: 'attended' });
  });

  it('refuses casework outside the user\'s scope', async () => {
    const sam = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO7001'`)).rows[0].id;
    const r = await send(activity(HOY9, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'open-call', data: { action: 'open-call', pupilId: sam } } } }));
    expect(JSON.stringify(r.json.value)).not.toMatch(/Sam|Seven/);
    expect(JSON.stringify(r.json.value)).toContain("can't record casework");
  });
});

describe('Teams: a submission the client sends again', () => {
  it('records once (the activity id is its key)', async () => {
    const ava = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO9001'`)).rows[0].id;
    const count = async () => (await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId" WHERE c."pupilId" = $1 AND a.kind = 'call'`, [ava])).rows[0].n;
    const before = await count();
    const submit = activity(ATT, { value: { action: 'submit:call', pupilId: ava, outcome: 'voicemail', note: 'sent twice' } });
    await send(submit);
    await send(submit);
    expect(await count()).toBe(before + 1);
  });
});

describe('Teams: a year as one', () => {
  it('"attendance year 9": the half terms as a line against national, the bands and PA/SA against national as bars, the pupils as a table; each chart with its words as the 1.5 fallback', async () => {
    const msg = activity(HOY9, { text: 'attendance year 9' });
    expect((await send(msg)).status).toBe(200);
    const reply = repliesTo(msg.id).at(-1)!;
    const content = (reply.body.attachments as { content: Record<string, unknown> }[])[0]!.content;
    expect(checkAdaptiveCard(content)).toEqual([]);
    const body = content.body as { type: string; title?: string; fallback?: { text: string }; rows?: unknown[] }[];
    expect(body.filter((el) => el.type.startsWith('Chart.')).map((el) => `${el.type} ${el.title}`)).toEqual([
      'Chart.Line Attendance by half term', 'Chart.VerticalBar Pupils by attendance band', 'Chart.VerticalBar.Grouped Persistent and severe absence against national',
    ]);
    expect(body.find((el) => el.type === 'Chart.VerticalBar.Grouped')!.fallback!.text).toMatch(/^Persistent and severe absence against national: Persistent: Year 9 \d+\.\d%, National 2023\/24 20\.0%; Severe: Year 9 \d+\.\d%, National 2023\/24 2\.3%\.$/);
    expect(body.find((el) => el.type === 'Table')!.rows!.length).toBeGreaterThan(1);
    expect(reply.body.summary).toMatch(/^Year 9: \d+\.\d% attendance, persistent absence/);
  });
});

describe('Teams: my day', () => {
  it('"attendance today" in the personal chat: the head of year\'s steps for year 9, a valid card', async () => {
    const msg = activity(HOY9, { text: 'attendance today' });
    expect((await send(msg)).status).toBe(200);
    const reply = repliesTo(msg.id).at(-1)!;
    const content = (reply.body.attachments as { content: Record<string, unknown> }[])[0]!.content;
    expect(checkAdaptiveCard(content)).toEqual([]);
    const text = JSON.stringify(content);
    expect(text).toContain('Your day: Wed 26 Feb');
    expect(text).toContain('as head of year 9');
    expect(text).not.toContain('Calls to make');
    expect(reply.body.summary).toMatch(/^Your day, Wed 26 Feb: |^Nothing waiting/);
  });
});

describe('every Teams card the bot sent in these tests', () => {
  it('validates against the Adaptive Card 1.5 schema and keeps within Teams\' limits', () => {
    const sent = connector.calls.flatMap((c) => ((c.body.attachments as { contentType?: string; content?: unknown }[] | undefined) ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content));
    const cards = [...sent, ...invokeCards];
    expect(cards.length).toBeGreaterThan(3);
    for (const card of cards) expect(checkAdaptiveCard(card as Record<string, unknown>)).toEqual([]);
  });
});

describe('Teams: a channel is seen by everyone in it', () => {
  const inChannel = (aad: string, fields: Record<string, unknown>) => ({
    ...activity(aad, fields), conversation: { id: '19:attendance@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
  });
  const toConversation = (id: string, since: number) => connector.calls.slice(since).filter((c) => decodeURIComponent(c.path).startsWith(`/v3/conversations/${id}/activities`));

  it('a query in a channel: the full card goes to the asker\'s personal chat; the channel gets one line with nothing private', async () => {
    await send(activity(ATT, { text: 'attendance help' })); // the officer's personal chat with the bot is known
    const since = connector.calls.length;
    expect((await send(inChannel(ATT, { text: 'attendance DEMO9001' }))).status).toBe(200);
    const channel = toConversation('19:attendance@thread.tacv2', since);
    const personal = toConversation(`a:conv-${ATT}`, since);
    expect(channel).toHaveLength(1);
    expect(cardText(channel[0]!)).toContain('Ava Nine (9');
    expect(cardText(channel[0]!)).toContain('personal chat');
    expect(cardText(channel[0]!)).not.toMatch(/Recent marks|attendance\*\*|Case|Safeguarding|%/);
    expect(personal).toHaveLength(1);
    expect(cardText(personal[0]!)).toContain('Ava Nine (DEMO9001)');
    expect(cardText(personal[0]!)).toContain('Recent marks');
  });

  it('an Action.Execute on a channel card never replaces it: the answer goes to the personal chat, and the invoke says so', async () => {
    const ava = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO9001'`)).rows[0].id;
    const since = connector.calls.length;
    const r = await send(inChannel(ATT, { type: 'invoke', name: 'adaptiveCard/action', replyToId: 'list-activity-1', value: { action: { type: 'Action.Execute', verb: 'open-call', data: { action: 'open-call', pupilId: ava, keep: true } } } }));
    expect(r.json).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('personal chat') });
    expect(JSON.stringify(r.json)).not.toContain('Input.ChoiceSet');
    expect(toConversation('19:attendance@thread.tacv2', since)).toHaveLength(0);
    const personal = toConversation(`a:conv-${ATT}`, since);
    expect(personal).toHaveLength(1);
    expect(cardText(personal[0]!)).toContain('Input.ChoiceSet');
  });

  it('an Action.Submit on a channel card never replaces the channel message: the answer goes to the personal chat', async () => {
    const ava = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO9001'`)).rows[0].id;
    const since = connector.calls.length;
    await send(inChannel(ATT, { replyToId: 'list-activity-1', value: { action: 'open-call', pupilId: ava } }));
    expect(connector.calls.slice(since).some((c) => c.method === 'PUT')).toBe(false);
    const personal = toConversation(`a:conv-${ATT}`, since);
    expect(personal).toHaveLength(1);
    expect(cardText(personal[0]!)).toContain('Input.ChoiceSet'); // the call form, for the officer only
  });
});

describe('Teams: a list stays put in a personal chat', () => {
  it("a pupil's button and a Call on a list open beside it as a new message; the list is not replaced; paging and a pupil card's own buttons act in place", async () => {
    const ava = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO9001'`)).rows[0].id;
    const since = connector.calls.length;
    const call = await send(activity(ATT, { type: 'invoke', name: 'adaptiveCard/action', replyToId: 'morning-list-1', value: { action: { type: 'Action.Execute', verb: 'open-call', data: { action: 'open-call', pupilId: ava, keep: true } } } }));
    expect(call.json).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: OPENED_BELOW });
    const pupil = await send(activity(ATT, { type: 'invoke', name: 'adaptiveCard/action', replyToId: 'pa-list-1', value: { action: { type: 'Action.Execute', verb: 'query', data: { action: 'query', q: 'DEMO9001', keep: true } } } }));
    expect(pupil.json).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
    const posted = connector.calls.slice(since).filter((c) => c.method === 'POST' && decodeURIComponent(c.path).startsWith(`/v3/conversations/a:conv-${ATT}/activities`));
    expect(posted.map((c) => (cardText(c).includes('Input.ChoiceSet') ? 'call form' : cardText(c).includes('Recent marks') ? 'pupil card' : 'other'))).toEqual(['call form', 'pupil card']);
    expect(connector.calls.slice(since).some((c) => c.method === 'PUT')).toBe(false);
    // a pupil card's own button (no keep) answers in place, as before
    const form = await send(activity(ATT, { type: 'invoke', name: 'adaptiveCard/action', replyToId: 'pupil-card-1', value: { action: { type: 'Action.Execute', verb: 'open-meeting', data: { action: 'open-meeting', pupilId: ava } } } }));
    expect(form.json).toMatchObject({ type: 'application/vnd.microsoft.card.adaptive' });
  });
});

describe('Teams: a group chat is read by everyone in it', () => {
  const DSL = '00000000-0000-0000-0000-0000000000a3';
  const GROUP = '19:attendance-team-chat@thread.v2';
  const inGroup = (aad: string, fields: Record<string, unknown>) => ({
    ...activity(aad, fields), conversation: { id: GROUP, conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
  });

  it('never carries a role\'s posts: not the DSL\'s, not the attendance team\'s, though the DSL and the officer speak in it; and it cannot be bound', async () => {
    const { pgChannels } = await import('../../src/adapters/db/stores.ts');
    expect((await send(inGroup(DSL, { text: 'attendance help' }))).status).toBe(200);
    expect((await send(inGroup(ATT, { text: 'attendance help' }))).status).toBe(200);
    expect((await ctx.db.pool.query(`SELECT kind, "aadObjectId" FROM "ConversationReference" WHERE "conversationId" = $1`, [GROUP])).rows).toEqual([{ kind: 'groupChat', aadObjectId: null }]);
    const channels = pgChannels(ctx.db);
    for (const purpose of ['dsl', 'attendance', 'senior'] as const) {
      expect((await channels.targets('demo', purpose)).map((t) => t.channelId), purpose).not.toContain(GROUP);
    }
    const since = connector.calls.length;
    await send(inGroup(DSL, { text: 'subscribe dsl' }));
    const reply = connector.calls.slice(since).find((c) => decodeURIComponent(c.path).startsWith(`/v3/conversations/${GROUP}/activities`));
    expect(cardText(reply!)).toContain('A group chat is read by everyone in it');
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "SchoolChannel" WHERE "channelId" = $1`, [GROUP])).rows[0].n).toBe(0);
    expect((await ctx.db.pool.query(`SELECT detail->>'conversation' AS c FROM "AuditLog" WHERE action = 'school.channel.refused' ORDER BY id DESC LIMIT 1`)).rows).toEqual([{ c: 'groupChat' }]);
  });

  it('a query in a group chat is answered privately, as in a channel', async () => {
    const since = connector.calls.length;
    await send(inGroup(ATT, { text: 'attendance DEMO9001' }));
    const group = connector.calls.slice(since).filter((c) => decodeURIComponent(c.path).startsWith(`/v3/conversations/${GROUP}/activities`));
    expect(group).toHaveLength(1);
    expect(cardText(group[0]!)).not.toMatch(/Recent marks|%/);
  });
});

describe('Teams: a safeguarding flag is never silently undelivered', () => {
  const DSL = '00000000-0000-0000-0000-0000000000a3';
  it('with no DSL surface, the attendance team is told (no details) that a flag waits; the DSL gets it, with its age, the moment she opens the bot', async () => {
    const { chatPlatforms, jobDeps } = await import('../../src/compose.ts');
    const { runJob } = await import('../../src/app/jobs/index.ts');
    // no Slack here (its DSL channel cannot be reached) and the DSL has never opened the bot in Teams
    const deps = jobDeps(ctx.db, chatPlatforms(loadEnv({ DATABASE_URL: ctx.url, MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '' })), { now: () => new Date('2025-02-26T09:20:00Z') });
    const since = connector.calls.length;
    const report = await runJob(deps, 'safeguarding-flags', 'demo', AS_OF);
    expect(report.items).toBeGreaterThanOrEqual(1);
    const toTeam = connector.calls.slice(since).filter((c) => decodeURIComponent(c.path).startsWith('/v3/conversations/19:attendance@thread.tacv2/activities'));
    expect(toTeam).toHaveLength(1);
    expect(cardText(toTeam[0]!)).toContain('a designated safeguarding lead, and no DSL can be reached in chat yet');
    expect(cardText(toTeam[0]!)).not.toMatch(/Ava|Nine|social worker/);
    // she opens the bot: the flag reaches her at once, saying when it was raised; the team's message says so
    const opened = connector.calls.length;
    await send(activity(DSL, { text: 'attendance help' }));
    const toHer = connector.calls.slice(opened).filter((c) => decodeURIComponent(c.path).startsWith(`/v3/conversations/a:conv-${DSL}/activities`));
    const flag = toHer.find((c) => cardText(c).includes('Safeguarding: Ava Nine'));
    expect(flag).toBeDefined();
    expect(cardText(flag!)).toMatch(/Raised \w{3} \d+ \w{3} \d\d:\d\d/);
    await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    const updated = connector.calls.slice(opened).filter((c) => c.method === 'PUT' && decodeURIComponent(c.path).startsWith('/v3/conversations/19:attendance@thread.tacv2/activities'));
    expect(updated.map(cardText).join(' ')).toContain('Every safeguarding flag has now reached a DSL');
  });
});

describe('Teams: the morning list, read by two officers', () => {
  const OMAR = '00000000-0000-0000-0000-0000000000b7';
  const CHANNEL = '19:attendance@thread.tacv2';
  const inChannel = (aad: string, fields: Record<string, unknown>) => ({ ...activity(aad, fields), conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT } });
  it("the attendance channel's list changes only by delivery: one officer calls Ava from it, the other opens a pupil; each answer is private, and the list is updated in place with who called", async () => {
    const { pgImports } = await import('../../src/adapters/db/stores.ts');
    const { importRegister, importStaff } = await import('../../src/adapters/ingest/import-files.ts');
    const { jobDeps, chatPlatforms } = await import('../../src/compose.ts');
    const { runJob } = await import('../../src/app/jobs/index.ts');
    const who = { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const };
    await importStaff(pgImports(ctx.db), 'demo', `name,email,roles,slack_user_id,teams_aad_object_id\nOmar Officer,omar@demo.school,attendance_officer,,${OMAR}\n`, 'omar.csv', who);
    for (const aad of [ATT, OMAR]) await send(activity(aad, { text: 'attendance help' })); // both have opened the bot
    for (const mark of ['M', 'N']) await importRegister(pgImports(ctx.db), 'demo', `upn,date,session,mark\nDEMO9001,${AS_OF},AM,${mark}\n`, 'reset.csv', who);
    await ctx.db.pool.query(`DELETE FROM "ChatPost" WHERE kind = 'unexplained-list' AND platform = 'teams'`);
    const deps = jobDeps(ctx.db, chatPlatforms(loadEnv({ DATABASE_URL: ctx.url, MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '' })), { now: () => new Date(`${AS_OF}T09:10:00Z`) });
    await runJob(deps, 'morning-list', 'demo', AS_OF);
    const list = (await ctx.db.pool.query<{ channelId: string; messageRef: string }>(`SELECT "channelId", "messageRef" FROM "ChatPost" WHERE kind = 'unexplained-list' AND platform = 'teams'`)).rows;
    expect(list.map((l) => l.channelId)).toEqual([CHANNEL]);
    const ref = list[0]!.messageRef;
    const ava = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO9001'`)).rows[0].id;
    const since = connector.calls.length;
    const to = (conv: string) => connector.calls.slice(since).filter((c) => c.method === 'POST' && decodeURIComponent(c.path).startsWith(`/v3/conversations/${conv}/activities`));
    // Asha presses Call on the channel's list: the form comes to her personal chat
    const pressed = await send(inChannel(ATT, { type: 'invoke', name: 'adaptiveCard/action', replyToId: ref, value: { action: { type: 'Action.Execute', verb: 'open-call', data: { action: 'open-call', pupilId: ava, keep: true } } } }));
    expect(pressed.json).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
    expect(to(`a:conv-${ATT}`).some((c) => cardText(c).includes('Input.ChoiceSet'))).toBe(true);
    // Omar opens Ava from the same list: her card comes to his personal chat
    await send(inChannel(OMAR, { type: 'invoke', name: 'adaptiveCard/action', replyToId: ref, value: { action: { type: 'Action.Execute', verb: 'query', data: { action: 'query', q: 'DEMO9001', keep: true } } } }));
    expect(to(`a:conv-${OMAR}`).some((c) => cardText(c).includes('Recent marks'))).toBe(true);
    // Asha saves the call from her personal chat
    const saved = await send(activity(ATT, { type: 'invoke', name: 'adaptiveCard/action', replyToId: 'form-1', value: { action: { type: 'Action.Execute', verb: 'submit:call', data: { action: 'submit:call', pupilId: ava, outcome: 'no-answer' } } } }));
    expect(JSON.stringify(saved.json)).toContain('recorded by Asha Patel');
    // delivery brings the channel's list up to date in place; nothing else ever replaced it, and the channel got nothing new
    const updates = () => connector.calls.slice(since).filter((c) => c.method === 'PUT' && decodeURIComponent(c.path) === `/v3/conversations/${CHANNEL}/activities/${ref}`);
    await expect.poll(() => updates().some((c) => /Asha Patel, no answer/.test(cardText(c))), { timeout: 20_000 }).toBe(true);
    for (const c of updates()) {
      expect(cardText(c)).toContain('Unexplained absences: Wed 26 Feb AM');
      expect(cardText(c)).not.toMatch(/Input\.ChoiceSet|Recent marks|no reason|illness/);
    }
    expect(to(CHANNEL)).toEqual([]);
  });
});
