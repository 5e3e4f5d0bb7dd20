/**
 * Letters drafted from chat reach only the person who asked: in Slack as files in their direct
 * messages with the bot (files.uploadV2 against the stand-in Slack), never in the channel; in
 * Teams as one-time signed download links served by the service, on a card in their personal
 * chat. A link works once, for no one a second time; an expired or forged one is refused; the
 * timeline shows the letter sent, with the drafts' figures. Driven as the platforms drive us.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDeps } from '../../src/compose.ts';
import { evaluateRoll } from '../../src/app/roll.ts';
import { loadEnv } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { startService, type Service } from '../../src/service.ts';
import { CAPS } from '../../cards/limits.ts';
import { DOWNLOAD_TTL_MS } from '../../src/app/use-cases/letters/hand-drafts.ts';
import { checkAdaptiveCard, checkBlockKit } from '../support/card-checks.ts';
import { freshDatabase } from '../support/db.ts';
import { fakeConnector, fakeSlack, type Fake, interaction, postToSlackEndpoint, slashCommand } from '../support/fakes.ts';

const SECRET = 'letters-signing-secret';
const AS_OF = '2025-02-26';
const ATT_AAD = '00000000-0000-0000-0000-0000000000a1';
const TENANT = '00000000-0000-0000-0000-0000000000d0';
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let slack: Fake;
let connector: Fake;
let service: Service;
let base: string;
/** A demo pupil with a letter of the ladder due today, and the letter. */
let pupil: { id: number; upn: string; name: string; stepKey: string; title: string };
let letterPupils: number;
/** How far the service's clock runs ahead of the wall clock (to let a link expire). */
let skewMs = 0;

type Block = { type: string; elements?: { action_id?: string; value?: string; url?: string; text?: { text: string } }[] };
const allText = (x: unknown) => JSON.stringify(x);
const officerId = async () => (await ctx.db.pool.query(`SELECT id FROM "Staff" WHERE "slackUserId" = 'U0DEMOATT'`)).rows[0].id as number;

beforeAll(async () => {
  ctx = await freshDatabase('letters_chat');
  await seedDemo(ctx.db, AS_OF);
  const deps = appDeps(ctx.db);
  const due = (await evaluateRoll(deps, await deps.schools.load('demo'), AS_OF)).flatMap((r) => r.due.filter((d) => d.step.kind === 'letter').map((d) => ({ r, d })));
  expect(due.length).toBeGreaterThan(0);
  const first = due[0]!;
  pupil = { id: first.r.pupil.id, upn: first.r.pupil.upn, name: `${first.r.pupil.preferredName ?? first.r.pupil.givenName} ${first.r.pupil.familyName}`, stepKey: first.d.step.key, title: first.d.step.title };
  letterPupils = due.filter((x) => x.d.step.key === pupil.stepKey).length;
  slack = await fakeSlack();
  connector = await fakeConnector();
  service = await startService(loadEnv({
    DATABASE_URL: ctx.url, PORT: '0', SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/`,
    MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '',
  }), { asOf: AS_OF, jobs: false, host: '127.0.0.1', log: () => undefined, clock: { now: () => new Date(Date.now() + skewMs) } });
  base = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
});
afterAll(async () => { await service?.stop(); await slack?.close(); await connector?.close(); await ctx?.drop(); });

const press = (user: string, button: { action_id: string; value: string }, responseUrl: string, channel = 'C0DEMOATT') => postToSlackEndpoint(base, SECRET, interaction({
  type: 'block_actions', user: { id: user }, team: { id: 'T0DEMO' }, api_app_id: 'A0DEMO', trigger_id: `${Date.now()}.1.x`,
  container: { type: 'message', is_ephemeral: false }, channel: { id: channel }, message: { ts: '1700000000.000100' }, response_url: responseUrl,
  actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1' }],
}), 'application/x-www-form-urlencoded');

let n = 0;
const invoke = (aad: string, data: Record<string, unknown>, conversation: Record<string, unknown> = { id: `a:conv-${aad}`, conversationType: 'personal', tenantId: TENANT }) => fetch(`${base}/api/messages`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    type: 'invoke', name: 'adaptiveCard/action', id: `letters-${++n}`, timestamp: new Date().toISOString(), channelId: 'msteams', serviceUrl: connector.url,
    from: { id: `29:${aad}`, name: 'Staff', aadObjectId: aad }, recipient: { id: '28:bot', name: 'Attendance' }, conversation, channelData: { tenant: { id: TENANT } },
    replyToId: 'card-1', value: { action: { type: 'Action.Execute', verb: data.action, data } },
  }),
}).then(async (r) => ({ status: r.status, json: await r.json() as { type: string; value: unknown } }));

describe('Teams: drafts as one-time signed links, on a card for the person who asked', () => {
  it('"Draft letter" in the personal chat: a valid card with a download link per file; each link works once, then never again, for anyone', async () => {
    const r = await invoke(ATT_AAD, { action: 'draft-letter', pupilId: pupil.id, stepKey: pupil.stepKey });
    expect(r.status).toBe(200);
    expect(r.json.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(checkAdaptiveCard(r.json.value as Record<string, unknown>)).toEqual([]);
    const links = [...allText(r.json.value).matchAll(/"type":"Action.OpenUrl","title":"([^"]+)","url":"([^"]+)"/g)].map((m) => ({ label: m[1]!, url: m[2]! }));
    expect(links.length).toBeGreaterThanOrEqual(2);
    expect(links.every((l) => l.url.startsWith(`${base}/letters/download?t=`))).toBe(true);
    const first = await fetch(links[0]!.url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.(docx|pdf)"$/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const body = Buffer.from(await first.arrayBuffer());
    expect(body.subarray(0, 2).toString() === 'PK' || body.subarray(0, 5).toString() === '%PDF-').toBe(true);
    // the same link a second time (a colleague it was forwarded to): gone
    const second = await fetch(links[0]!.url);
    expect(second.status).toBe(410);
    expect(await second.text()).toMatch(/used/);
    // a link with its signature changed is not a link
    const forged = links[1]!.url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(forged)).status).toBe(403);
    // not used in time: half an hour on, the link has expired
    skewMs = DOWNLOAD_TTL_MS + 60_000;
    try {
      const late = await fetch(links[1]!.url);
      expect(late.status).toBe(410);
      expect(await late.text()).toMatch(/expired/);
    } finally {
      skewMs = 0;
    }
    const audit = (await ctx.db.pool.query(`SELECT action, detail->>'why' AS why FROM "AuditLog" WHERE action LIKE 'letter.download%' ORDER BY id`)).rows;
    expect(audit).toEqual([
      { action: 'letter.downloaded', why: null }, { action: 'letter.download.refused', why: 'used' },
      { action: 'letter.download.refused', why: 'signature' }, { action: 'letter.download.refused', why: 'expired' }]);
    // nothing of the letters is kept once taken or expired
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "LetterDownload" WHERE body IS NOT NULL AND ("usedAt" IS NOT NULL OR "expiresAt" < now())`)).rows[0].n).toBe(0);
  });

  it('pressed on a card in a channel: the links go to the personal chat, the channel is told only that', async () => {
    const r = await invoke(ATT_AAD, { action: 'draft-letter', pupilId: pupil.id, stepKey: pupil.stepKey }, { id: '19:attendance@thread.tacv2', conversationType: 'channel', tenantId: TENANT });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
    expect(allText(r.json)).not.toContain('/letters/download');
    const personal = connector.calls.filter((c) => c.method === 'POST' && decodeURIComponent(c.path).includes(`a:conv-${ATT_AAD}`));
    expect(allText(personal.at(-1)?.body)).toContain('/letters/download?t=');
  });
});

describe('Slack: drafts go to the person who pressed, in their DM with the bot', () => {
  it('"Draft letter" on a pupil card: the drafts (.docx and .pdf per parent) uploaded into the officer\'s DM, the card privately; nothing in the channel', async () => {
    const card = await postToSlackEndpoint(base, SECRET, slashCommand({ user_id: 'U0DEMOATT', text: pupil.upn, response_url: `${slack.url}/response/card` }), 'application/x-www-form-urlencoded');
    const button = (card.json.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id?.startsWith('draft-letter'))!;
    expect(button.text!.text).toContain('Draft letter');
    const before = slack.calls.length;
    expect((await press('U0DEMOATT', button as { action_id: string; value: string }, `${slack.url}/response/draft-1`)).status).toBe(200);
    await expect.poll(() => slack.calls.find((c) => c.path === '/response/draft-1'), { timeout: 30_000 }).toBeDefined();
    const calls = slack.calls.slice(before);
    // the DM with the bot is opened for the person who pressed, and the files completed into it alone
    expect(calls.filter((c) => c.path.endsWith('conversations.open')).map((c) => c.body.users)).toEqual(['U0DEMOATT']);
    const uploads = calls.filter((c) => c.path.startsWith('/upload/'));
    const names = calls.filter((c) => c.path.endsWith('files.getUploadURLExternal')).map((c) => String(c.body.filename));
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names.every((n) => n.startsWith(pupil.upn) && /\.(docx|pdf)$/.test(n))).toBe(true);
    expect(uploads).toHaveLength(names.length);
    expect(uploads.filter((u) => u.bytes.includes('%PDF-1.4')).length).toBe(names.filter((n) => n.endsWith('.pdf')).length);
    expect(uploads.filter((u) => u.bytes.includes(Buffer.from('[Content_Types].xml'))).length).toBe(names.filter((n) => n.endsWith('.docx')).length);
    const completed = calls.filter((c) => c.path.endsWith('files.completeUploadExternal'));
    expect(completed.map((c) => c.body.channel_id)).toEqual(['DU0DEMOATT']);
    expect(calls.filter((c) => c.path.endsWith('chat.postMessage') || c.path.endsWith('chat.update'))).toEqual([]);
    // the card comes to her alone, saying where the drafts are, with "Mark sent" for them
    const answer = calls.find((c) => c.path === '/response/draft-1')!.body;
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(checkBlockKit(answer.blocks as Record<string, unknown>[])).toEqual([]);
    expect(allText(answer.blocks)).toContain('in your direct messages with the bot');
    const drafted = (await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "LetterDraft" WHERE "pupilId" = $1 AND "draftedBy" = $2`, [pupil.id, `staff:${await officerId()}`])).rows[0].n;
    expect(drafted).toBeGreaterThanOrEqual(names.length / 2);
    expect((await ctx.db.pool.query(`SELECT source, detail FROM "AuditLog" WHERE action = 'letter.drafted' AND source = 'slack'`)).rows).toEqual([{ source: 'slack', detail: expect.objectContaining({ pupils: [pupil.id] }) }]);
  });

  it('Slack refusing the files (an installation without the new scopes): the presser is told why, privately', async () => {
    slack.fail('files.getUploadURLExternal', { times: 10, error: 'missing_scope' });
    try {
      await press('U0DEMOATT', { action_id: `draft-letter:${pupil.id}`, value: JSON.stringify({ pupilId: pupil.id, stepKey: pupil.stepKey }) }, `${slack.url}/response/draft-scope`);
      await expect.poll(() => slack.calls.find((c) => c.path === '/response/draft-scope'), { timeout: 30_000 }).toBeDefined();
      const said = allText(slack.calls.find((c) => c.path === '/response/draft-scope')!.body);
      expect(said).toContain('Slack would not take them into your direct messages (missing_scope)');
      expect(said).toContain('im:write and files:write');
    } finally {
      slack.recover('files.getUploadURLExternal');
    }
  });

  it('a head of year pressing a sister pupil\'s "Draft letter" is refused privately, audited, and gets no file', async () => {
    const before = slack.calls.length;
    const value = JSON.stringify({ pupilId: pupil.id, stepKey: pupil.stepKey });
    // a head of year 7 (the demo's pupils with letters due are not all theirs): press as the one whose years exclude the pupil
    const year = (await ctx.db.pool.query(`SELECT "yearGroup" FROM "Pupil" WHERE id = $1`, [pupil.id])).rows[0].yearGroup as number;
    const outsider = year === 9 ? 'U0DEMOHOY7' : 'U0DEMOHOY9';
    await press(outsider, { action_id: `draft-letter:${pupil.id}`, value }, `${slack.url}/response/draft-refused`);
    await expect.poll(() => slack.calls.find((c) => c.path === '/response/draft-refused'), { timeout: 30_000 }).toBeDefined();
    const calls = slack.calls.slice(before);
    expect(calls.filter((c) => c.path.includes('files.') || c.path.startsWith('/upload/'))).toEqual([]);
    expect(allText(calls.find((c) => c.path === '/response/draft-refused')!.body)).toContain("can't record casework");
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'letter.draft.refused'`)).rows[0].n).toBe(1);
  });

  it('"Draft all N letters" on the ladder-steps post: one archive and one PDF to print in the presser\'s DM; "Mark all sent" records the ticked pupils with the drafts\' figures', async () => {
    const { jobDeps, chatPlatforms } = await import('../../src/compose.ts');
    const { runJob } = await import('../../src/app/jobs/index.ts');
    const env = loadEnv({ DATABASE_URL: ctx.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/` });
    await runJob(jobDeps(ctx.db, chatPlatforms(env), { now: () => new Date(`${AS_OF}T10:00:00Z`) }), 'ladder-steps', 'demo', AS_OF);
    const post = slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === 'C0DEMOATT').at(-1)!;
    const draftAll = (post.body.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id?.startsWith('draft-letters'))!;
    expect(draftAll.text!.text).toMatch(letterPupils === 1 ? /^Draft the letter: / : new RegExp(`^Draft all ${letterPupils} letters: `));
    const before = slack.calls.length;
    await press('U0DEMOATT', draftAll as { action_id: string; value: string }, `${slack.url}/response/draft-all`);
    await expect.poll(() => slack.calls.find((c) => c.path === '/response/draft-all'), { timeout: 30_000 }).toBeDefined();
    const calls = slack.calls.slice(before);
    const names = calls.filter((c) => c.path.endsWith('files.getUploadURLExternal')).map((c) => String(c.body.filename));
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^demo-.*\.zip$/);
    expect(names[1]).toMatch(/^demo-.*-to-print\.pdf$/);
    expect(calls.filter((c) => c.path.endsWith('files.completeUploadExternal')).map((c) => c.body.channel_id)).toEqual(['DU0DEMOATT']);
    expect(calls.filter((c) => c.path.endsWith('chat.postMessage') || c.path.endsWith('chat.update'))).toEqual([]);
    // Mark all sent: the form, one toggle a pupil; she unticks none and records them
    const answer = calls.find((c) => c.path === '/response/draft-all')!.body;
    const markAll = (answer.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id?.startsWith('open-letters-sent'))!;
    const opened = slack.calls.filter((c) => c.path.endsWith('views.open')).length;
    await press('U0DEMOATT', markAll as { action_id: string; value: string }, `${slack.url}/response/mark-all`, 'DU0DEMOATT');
    await expect.poll(() => slack.calls.filter((c) => c.path.endsWith('views.open')).length, { timeout: 30_000 }).toBeGreaterThan(opened);
    const view = slack.calls.filter((c) => c.path.endsWith('views.open')).at(-1)!.body.view as { private_metadata: string; callback_id: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('form:letters-sent');
    const toggles = view.blocks.map((b) => b.block_id).filter((id) => /^p\d+$/.test(id));
    // at most a batch at once, lowest attendance first; the card says how many more
    const batch = Math.min(letterPupils, CAPS.lettersPerBatch);
    expect(toggles).toHaveLength(batch);
    if (letterPupils > batch) expect(allText(answer.blocks)).toContain(`Not drafted: ${letterPupils - batch} more with the highest attendance`);
    await postToSlackEndpoint(base, SECRET, interaction({
      type: 'view_submission', user: { id: 'U0DEMOATT' }, team: { id: 'T0DEMO' }, api_app_id: 'A0DEMO',
      view: { id: 'V7', callback_id: 'form:letters-sent', private_metadata: view.private_metadata, blocks: view.blocks, state: { values: {
        ...Object.fromEntries(toggles.map((id) => [id, { [id]: { type: 'checkboxes', selected_options: [{ value: 'true' }] } }])),
        day: { day: { type: 'datepicker', selected_date: AS_OF } },
      } } },
    }), 'application/x-www-form-urlencoded');
    await expect.poll(async () => (await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "CaseAction" WHERE kind = 'letter-sent'`)).rows[0].n, { timeout: 30_000 }).toBe(batch);
    // the timeline keeps the letters' ids and figures as drafted
    const rows = (await ctx.db.pool.query(`SELECT a.detail FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId" WHERE c."pupilId" = $1 AND a.kind = 'letter-sent'`, [pupil.id])).rows;
    expect(rows[0].detail.summary).toMatch(/^Letter sent: .* to .* \(letters #\d+(, #\d+)*\); attendance \d+\.\d%, \d+ unauthorised sessions, as on Wed 26 Feb when drafted$/);
    expect(rows[0].detail.letters.length).toBeGreaterThan(0);
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "LetterDraft" WHERE "sentOn" IS NOT NULL AND id = ANY($1::int[])`, [rows[0].detail.letters])).rows[0].n).toBe(rows[0].detail.letters.length);
    // and the pupil's card shows it on the case, as it was recorded
    const card = await postToSlackEndpoint(base, SECRET, slashCommand({ user_id: 'U0DEMOATT', text: pupil.upn, response_url: `${slack.url}/response/after` }), 'application/x-www-form-urlencoded');
    expect(allText(card.json.blocks)).toContain(String(rows[0].detail.summary).replace(/"/g, '\\"').slice(0, 60));
  });
});
