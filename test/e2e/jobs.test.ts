import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../src/app/jobs/index.ts';
import { dayOf, isoOf } from '../../src/domain/dates.ts';
import { handleAction } from '../../src/app/use-cases/act-on-card.ts';
import { importRegister } from '../../src/adapters/ingest/import-files.ts';
import { pgImports } from '../../src/adapters/db/stores.ts';
import { loadEnv } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { chatPlatforms, jobDeps } from '../../src/compose.ts';
import { catchUp, createQueue, schedulesFor, startWorker, syncSchedulers } from '../../jobs/queue.ts';
import { runCliAsync } from '../support/cli.ts';
import { freshDatabase } from '../support/db.ts';
import { fakeConnector, fakeSlack, type Fake } from '../support/fakes.ts';
import { checkAdaptiveCard, checkBlockKit } from '../support/card-checks.ts';
import { chatAs } from '../support/memory.ts';

const AS_OF = '2025-02-26'; // a Wednesday in Spring 2
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let slack: Fake;
let connector: Fake;
let now = new Date('2025-02-26T09:10:00Z');
const clock = { now: () => now };
let deps: Parameters<typeof runJob>[0];

beforeAll(async () => {
  ctx = await freshDatabase('jobs');
  await seedDemo(ctx.db, AS_OF);
  slack = await fakeSlack();
  connector = await fakeConnector();
  const env = loadEnv({ DATABASE_URL: ctx.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/` });
  deps = jobDeps(ctx.db, chatPlatforms(env), clock, { afterMinutes: 30, from: '08:00', to: '17:00' });
  // the attendance officer has talked to the bot in Teams: the jobs can post to her there
  await ctx.db.pool.query(`INSERT INTO "ConversationReference" ("conversationId", "tenantId", "aadObjectId", reference) VALUES ($1, '00000000-0000-0000-0000-0000000000d0', $2, $3)`, [
    'a:att-personal', '00000000-0000-0000-0000-0000000000a1',
    JSON.stringify({ channelId: 'msteams', serviceUrl: connector.url, conversation: { id: 'a:att-personal', conversationType: 'personal', tenantId: '00000000-0000-0000-0000-0000000000d0' }, bot: { id: '28:bot' }, user: { id: '29:att' } }),
  ]);
});
afterAll(async () => { await slack?.close(); await connector?.close(); await ctx?.drop(); });

const posts = (channel: string) => slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === channel);
const updates = (channel: string) => slack.calls.filter((c) => c.path.endsWith('chat.update') && c.body.channel === channel);

describe('the morning list', () => {
  it('`jobs run morning-list` posts the unexplained absences to the attendance channel, naming Ava Nine, and posts once', async () => {
    const env = { DATABASE_URL: ctx.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/` };
    const first = await runCliAsync(['jobs', 'run', 'morning-list', '--school', 'demo', '--date', AS_OF], env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/posted 2/); // Slack channel and the officer's Teams chat
    const second = await runCliAsync(['jobs', 'run', 'morning-list', '--school', 'demo', '--date', AS_OF], env);
    expect(second.stdout).toContain('posted 0, updated 0, unchanged 2');
    expect(posts('C0DEMOATT')).toHaveLength(1);
    const blocks = posts('C0DEMOATT')[0]!.body.blocks as Record<string, unknown>[];
    expect(JSON.stringify(blocks)).toContain('Ava Nine');
    expect(JSON.stringify(blocks)).toContain('Unexplained absences: Wed 26 Feb AM');
    expect(checkBlockKit(blocks)).toEqual([]);
    const teams = connector.calls.filter((c) => c.method === 'POST' && decodeURIComponent(c.path).startsWith('/v3/conversations/a:att-personal/activities'));
    expect(teams, JSON.stringify(connector.calls.map((c) => `${c.method} ${c.path}`))).toHaveLength(1);
    expect(JSON.stringify(teams[0]!.body)).toContain('Ava Nine');
  });

  it('updates in place as reasons come in: Ava leaves the list and is shown resolved, with the code and by whom', async () => {
    await importRegister(pgImports(ctx.db), 'demo', `upn,date,session,mark\nDEMO9001,${AS_OF},AM,I\n`, 'reasons.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    const r = await runJob(deps, 'morning-list', 'demo', AS_OF);
    expect(r.delivery[0]).toMatchObject({ posted: 0, updated: 2 });
    const update = updates('C0DEMOATT').at(-1)!;
    expect(update.body.ts).toMatch(/^\d+\.\d+$/); // the ts chat.postMessage returned
    // the list is the message's table block; the resolved pupils, its second table, monospaced text
    const blocks = update.body.blocks as { type: string; text?: { text?: string } }[];
    const [list, resolved] = [blocks.filter((b) => b.type === 'table' && JSON.stringify(b).includes('Call first')), blocks.filter((b) => b.text?.text?.includes('Resolved'))].map((x) => JSON.stringify(x));
    expect(list).toContain('Call first');
    expect(list).not.toContain('Ava Nine');
    expect(resolved).toMatch(/Ava Nine +9A +I +\d\d:\d\d an import/);
    // who to call first, with the number, and the last school day's marks
    expect(list).toMatch(/\(parent\) 07700 \d{6}/);
    expect(list).toMatch(/Tue [\/\\A-Z·]{2}/);
    expect(connector.calls.some((c) => c.method === 'PUT')).toBe(true);
    // put her back as N for the flag tests
    await importRegister(pgImports(ctx.db), 'demo', `upn,date,session,mark\nDEMO9001,${AS_OF},AM,N\n`, 'undo.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
  });

  it('skips a day that is not a school day', async () => {
    expect((await runJob(deps, 'morning-list', 'demo', '2025-02-19')).skipped).toContain('not a school day'); // half term
  });

  it('a post left pending by a crash is sent once when the job runs again', async () => {
    await ctx.db.pool.query(`INSERT INTO "ChatPost" ("schoolId", kind, "dateKey", session, platform, "channelId", payload) VALUES ('demo', 'unexplained-list', '2025-02-25', 'AM', 'slack', 'C0DEMOATT', '{}')`);
    const before = posts('C0DEMOATT').length;
    await runJob(deps, 'morning-list', 'demo', '2025-02-25');
    await runJob(deps, 'morning-list', 'demo', '2025-02-25');
    expect(posts('C0DEMOATT').length).toBe(before + 1);
  });

  it('a run that stopped after Slack took the post, before it was marked sent, does not post it again', async () => {
    const slackPlatform = deps.platforms.slack!;
    const crashing = { ...deps.platforms, slack: { ...slackPlatform, post: async (...a: Parameters<typeof slackPlatform.post>) => {
      await slackPlatform.post(...a);
      throw new Error('worker killed');
    } } };
    const before = posts('C0DEMOATT').length;
    // the answer is lost after Slack took the post: the row stays pending for the outbox
    const lost = await runJob({ ...deps, platforms: crashing }, 'morning-list', 'demo', '2025-02-24');
    expect(lost.delivery[0]!.failed).toEqual(['slack:C0DEMOATT: worker killed']);
    expect(posts('C0DEMOATT').length).toBe(before + 1);
    const pending = (await ctx.db.pool.query(`SELECT status FROM "ChatPost" WHERE "dateKey" = '2025-02-24' AND platform = 'slack'`)).rows;
    expect(pending).toEqual([{ status: 'pending' }]);
    await runJob(deps, 'morning-list', 'demo', '2025-02-24');
    expect(posts('C0DEMOATT').length).toBe(before + 1);
    const sent = (await ctx.db.pool.query(`SELECT status, "messageRef" FROM "ChatPost" WHERE "dateKey" = '2025-02-24' AND platform = 'slack'`)).rows[0];
    expect(sent.status).toBe('sent');
    expect(sent.messageRef).toMatch(/^\d+\.\d+$/); // the ts found in the channel's history
    expect(slack.calls.some((c) => c.path.endsWith('conversations.history') && c.body.channel === 'C0DEMOATT')).toBe(true);
  });

  it("honours Slack's 429 Retry-After and still posts once", async () => {
    slack.rateLimit('chat.postMessage', 1, 1);
    const before = posts('C0DEMOATT').length;
    const t0 = Date.now();
    await runJob(deps, 'afternoon-list', 'demo', '2025-02-25');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(posts('C0DEMOATT').length).toBe(before + 1);
  });
});

describe('safeguarding flags', () => {
  it('flags Ava (social worker, no reason) to the DSL channel, once', async () => {
    const r1 = await runJob(deps, 'safeguarding-flags', 'demo', AS_OF);
    const r2 = await runJob(deps, 'safeguarding-flags', 'demo', AS_OF);
    expect(r1.items).toBeGreaterThanOrEqual(1);
    expect(r2.items).toBe(0);
    const dsl = posts('C0DEMODSL').filter((p) => JSON.stringify(p.body.blocks).includes('Ava Nine'));
    expect(dsl).toHaveLength(1);
    const text = JSON.stringify(dsl[0]!.body.blocks);
    expect(text).toContain('has a social worker');
    expect(text).toContain('Acknowledge');
    expect(text).not.toMatch(/%|Kim Nine|07700/); // least detail: no figures, no contacts
  });

  it('escalates on time in school hours to the deputy, then a senior leader, and stops when acknowledged', async () => {
    const flag = (await ctx.db.pool.query(`SELECT f.id FROM "SafeguardingFlag" f JOIN "Pupil" p ON p.id = f."pupilId" WHERE p.upn = 'DEMO9001'`)).rows[0].id;
    now = new Date('2025-02-26T09:35:00Z'); // 25 minutes: not yet
    expect((await runJob(deps, 'flag-escalation', 'demo', AS_OF)).items).toBe(0);
    now = new Date('2025-02-26T09:41:00Z');
    expect((await runJob(deps, 'flag-escalation', 'demo', AS_OF)).items).toBeGreaterThanOrEqual(1);
    expect((await ctx.db.pool.query(`SELECT level FROM "SafeguardingFlag" WHERE id = $1`, [flag])).rows[0].level).toBe(1);
    // one post per flag in the safeguarding channel: the escalation updates it in place
    expect(posts('C0DEMODSL').filter((p) => JSON.stringify(p.body.blocks).includes('Ava Nine'))).toHaveLength(1);
    expect(JSON.stringify(updates('C0DEMODSL').at(-1)!.body.blocks)).toContain('escalated to the deputy DSL');
    // the parent rings in: the register has a reason for the day, and the flag says so, in place
    await importRegister(pgImports(ctx.db), 'demo', `upn,date,session,mark\nDEMO9001,${AS_OF},AM,I\nDEMO9001,${AS_OF},PM,I\n`, 'reason.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    now = new Date('2025-02-26T09:50:00Z');
    await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    expect(JSON.stringify(updates('C0DEMODSL').at(-1)!.body.blocks)).toContain('Since it was raised: a reason is now recorded for the day (I: illness');
    expect(JSON.stringify(updates('C0DEMODSL').at(-1)!.body.blocks)).toContain('Acknowledge it to close it');
    expect(posts('C0DEMODSL').filter((p) => JSON.stringify(p.body.blocks).includes('Ava Nine'))).toHaveLength(1);
    now = new Date('2025-02-26T18:30:00Z'); // after school hours: waits
    await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    expect((await ctx.db.pool.query(`SELECT level FROM "SafeguardingFlag" WHERE id = $1`, [flag])).rows[0].level).toBe(1);
    now = new Date('2025-02-27T08:05:00Z'); // next morning, in school hours
    await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    expect((await ctx.db.pool.query(`SELECT level FROM "SafeguardingFlag" WHERE id = $1`, [flag])).rows[0].level).toBe(2);
    expect(JSON.stringify(posts('C0DEMOSLT').map((p) => p.body.blocks))).toContain('escalated to a senior leader');

    const hoy = (await deps.staff.resolve({ platform: 'slack', userId: 'U0DEMOHOY9', teamId: 'T0DEMO' }));
    const refused = await handleAction(chatAs(deps, hoy, AS_OF), 'ack-flag', { flagId: flag });
    expect(JSON.stringify(refused)).toContain('Only the designated safeguarding lead');
    const dsl = (await deps.staff.resolve({ platform: 'slack', userId: 'U0DEMODSL', teamId: 'T0DEMO' }));
    const form = await handleAction(chatAs(deps, dsl, AS_OF), 'ack-flag', { flagId: flag });
    expect(form.kind).toBe('form');
    const acked = await handleAction(chatAs(deps, dsl, AS_OF), 'submit:flag-acknowledged', { flagId: flag }, { done: 'home-visit', note: '' });
    expect(JSON.stringify(acked)).toContain('Acknowledged by Dana Lewis');
    // every DSL sees it: the flag's posts in the safeguarding channel are updated in place
    expect(JSON.stringify(updates('C0DEMODSL').at(-1)!.body.blocks)).toContain('Acknowledged by Dana Lewis at');
    expect(JSON.stringify(updates('C0DEMODSL').at(-1)!.body.blocks)).toContain('home visit arranged');
    const row = (await ctx.db.pool.query(`SELECT "acknowledgedBy", "acknowledgedByStaffId", "acknowledgedAt" FROM "SafeguardingFlag" WHERE id = $1`, [flag])).rows[0];
    expect(row).toMatchObject({ acknowledgedBy: `staff:${dsl[0]!.id}`, acknowledgedByStaffId: dsl[0]!.id });
    now = new Date('2025-02-27T12:00:00Z');
    expect((await runJob(deps, 'flag-escalation', 'demo', AS_OF)).items).toBe(0);
  });
});

describe("a school's own safeguarding flags", () => {
  it('raises the flags the school configured in its ladder, once a half term', async () => {
    const { upsertSchool } = await import('../../src/adapters/db/school-store.ts');
    const { ladderPreset } = await import('../../src/config/ladder-presets.ts');
    const ladder = { ...ladderPreset('one-in-a-million'), safeguardingFlags: [{ key: 'two-days', when: { kind: 'days-without-contact' as const, atLeast: 2 } }] };
    await upsertSchool(ctx.db, { id: 'demo', name: 'Demo Academy', ladder, registers: { AM: { opens: '08:30', closes: '09:00' }, PM: { opens: '13:30', closes: '13:50' } } }, { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    await importRegister(pgImports(ctx.db), 'demo', `upn,date,session,mark\nDEMO9002,2025-02-25,AM,N\nDEMO9002,2025-02-25,PM,N\nDEMO9002,${AS_OF},AM,N\n`, 'n.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    const r1 = await runJob(deps, 'safeguarding-flags', 'demo', AS_OF);
    const r2 = await runJob(deps, 'safeguarding-flags', 'demo', AS_OF);
    const flags = (await ctx.db.pool.query(`SELECT f.kind, f."dateKey" FROM "SafeguardingFlag" f JOIN "Pupil" p ON p.id = f."pupilId" WHERE p.upn = 'DEMO9002'`)).rows;
    expect(flags).toEqual([{ kind: 'school:two-days', dateKey: '2025-02-24' }]);
    expect(r1.items).toBeGreaterThanOrEqual(1);
    expect(r2.items).toBe(0);
    expect(JSON.stringify(posts('C0DEMODSL').map((p) => p.body.blocks))).toContain("The school's flag: 2 school days absent with no contact.");
  });
});

describe('local authority returns', () => {
  it('lists 10 continuous days of unauthorised absence, 15 days of illness and a new pupil', async () => {
    const { importPupils } = await import('../../src/adapters/ingest/import-files.ts');
    const { SchoolCalendar } = await import('../../src/domain/calendar.ts');
    const { englishTermDates } = await import('../../src/domain/term-dates.ts');
    const cal = new SchoolCalendar(englishTermDates(2024));
    await importPupils(pgImports(ctx.db), 'demo', 'upn,given_name,family_name,year,reg_group,admission_date\nDEMO8881,Una,Unauth,8,8A,2024-09-02\nDEMO8882,Ivy,Ill,8,8B,2024-09-02\nDEMO8883,Nia,New,8,8C,2025-02-24\n', 'la.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    const lines = ['upn,date,session,mark'];
    const days = cal.schoolDays.filter((d) => d <= dayOf(AS_OF));
    for (const d of days.slice(-10)) lines.push(`DEMO8881,${isoOf(d)},AM,O`, `DEMO8881,${isoOf(d)},PM,G`);
    for (const d of days.slice(0, 15)) lines.push(`DEMO8882,${isoOf(d)},AM,I`, `DEMO8882,${isoOf(d)},PM,I`);
    await importRegister(pgImports(ctx.db), 'demo', lines.join('\n'), 'la-marks.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    const r = await runJob(deps, 'la-returns', 'demo', AS_OF);
    const text = JSON.stringify(posts('C0DEMOATT').at(-1)!.body.blocks);
    expect(text).toContain('Local authority returns');
    expect(text).toContain('Una Unauth');
    expect(text).toContain('10 continuous school days of unauthorised absence');
    expect(text).toContain('Ivy Ill');
    expect(text).toContain('15 school days of illness');
    expect(text).toContain('Nia New');
    expect(r.items).toBeGreaterThanOrEqual(3);
  });
});

describe('the other daily posts', () => {
  it('posts PA/SA changes to year channels, penalty alerts and ladder steps to the attendance channel', async () => {
    const pa = await runJob(deps, 'pa-sa-changes', 'demo', AS_OF);
    for (const d of pa.delivery) expect(d.posted + d.unchanged).toBeGreaterThan(0);
    const steps = await runJob(deps, 'ladder-steps', 'demo', AS_OF);
    expect(steps.items).toBeGreaterThan(0);
    expect(JSON.stringify(posts('C0DEMOATT').at(-1)!.body.blocks)).toContain('steps due');
    expect(JSON.stringify(posts('C0DEMOATT').at(-1)!.body.blocks)).toContain('(Attendance team)');
    // One In A Million's contracts are the senior leaders' to issue: their reminders go to them
    expect(JSON.stringify(posts('C0DEMOSLT').map((p) => p.body.blocks))).toMatch(/steps due .*\(Senior leaders\)/);
    // a pupil admitted in January, 6 sessions missed (9.4%): 7 more take her into PA by Easter
    const { importPupils } = await import('../../src/adapters/ingest/import-files.ts');
    await importPupils(pgImports(ctx.db), 'demo', 'upn,given_name,family_name,year,reg_group,admission_date\nDEMO9998,Cass,Cusp,9,9C,2025-01-06\n', 'c.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    const { SchoolCalendar } = await import('../../src/domain/calendar.ts');
    const { englishTermDates } = await import('../../src/domain/term-dates.ts');
    const cal = new SchoolCalendar(englishTermDates(2024));
    const lines = ['upn,date,session,mark'];
    cal.schoolDays.filter((d) => d >= dayOf('2025-01-06') && d <= dayOf(AS_OF)).forEach((d, i) => {
      const date = isoOf(d);
      lines.push(`DEMO9998,${date},AM,${i < 3 ? 'I' : '/'}`, `DEMO9998,${date},PM,${i < 3 ? 'I' : '\\'}`);
    });
    await importRegister(pgImports(ctx.db), 'demo', lines.join('\n'), 'cusp.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    const warning = await runJob(deps, 'pa-early-warning', 'demo', AS_OF);
    expect(warning.items).toBeGreaterThan(0);
    expect(JSON.stringify(slack.calls.filter((c) => c.body.channel === 'C0DEMOY9').map((c) => c.body.blocks))).toContain('Cass Cusp');
    expect(JSON.stringify(slack.calls.filter((c) => String(c.body.channel).startsWith('C0DEMOY')).map((c) => c.body.blocks))).toContain('close to persistent absence');
  });
});

describe('penalty threshold: alert, request a notice (marks linked, never counted twice), notice to improve', () => {
  it('alerts on the day a pupil reaches 10 sessions, and a notice links the marks so they do not count again', async () => {
    const { importPupils } = await import('../../src/adapters/ingest/import-files.ts');
    await importPupils(pgImports(ctx.db), 'demo', 'upn,given_name,family_name,year,reg_group,admission_date,contact1_name\nDEMO9999,Pat,Penalty,9,9B,2025-01-06,Lee Penalty\n', 'p.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    const lines = ['upn,date,session,mark'];
    for (const d of ['2025-02-10', '2025-02-11', '2025-02-12', '2025-02-13']) lines.push(`DEMO9999,${d},AM,G`, `DEMO9999,${d},PM,G`);
    lines.push('DEMO9999,2025-02-26,AM,O', 'DEMO9999,2025-02-26,PM,O');
    await importRegister(pgImports(ctx.db), 'demo', lines.join('\n'), 'g.csv', { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    const alert = await runJob(deps, 'penalty-threshold', 'demo', AS_OF);
    const text = JSON.stringify(posts('C0DEMOATT').at(-1)!.body.blocks);
    expect(alert.items).toBeGreaterThanOrEqual(1);
    expect(text).toContain('Pat Penalty');
    expect(text).toContain('10 sessions: 10 Feb AM G, 10 Feb PM G');
    expect(text).toContain('Lee Penalty: first notice');
    expect(text).toContain('Request notice: Pat Penalty');

    const att = (await deps.staff.resolve({ platform: 'slack', userId: 'U0DEMOATT', teamId: 'T0DEMO' }));
    const pupilId = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO9999'`)).rows[0].id;
    const act = (action: string, data: Record<string, unknown>, values: Record<string, unknown> = {}) => handleAction(chatAs(deps, att, AS_OF), action, data, values);
    // the button opens a form naming each parent with parental responsibility and what theirs would be
    const form = await act('penalty-request', { pupilId });
    expect(form.kind).toBe('form');
    const to = form.kind === 'form' ? form.form.inputs.find((i) => i.id === 'contactId') : undefined;
    expect(to && to.type === 'select' && to.options.map((o) => o.label)).toEqual([expect.stringMatching(/^Lee Penalty \(.*\): first notice: £160 \(£80 within 21 days\)$/)]);
    const contactId = to && to.type === 'select' ? to.options[0]!.value : '';
    expect(JSON.stringify(await act('submit:penalty-requested', { pupilId }, { contactId }))).toContain('Penalty notice requested to Lee Penalty (first notice');
    expect((await ctx.db.pool.query(`SELECT "contactId" FROM "PenaltyNotice" WHERE "pupilId" = $1`, [pupilId])).rows).toEqual([{ contactId: Number(contactId) }]);
    const linked = (await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "PenaltyNoticeMark" WHERE "pupilId" = $1`, [pupilId])).rows[0].n;
    expect(linked).toBe(10);
    expect(JSON.stringify(await act('submit:penalty-requested', { pupilId }, { contactId }))).toContain('Only 0 sessions count towards a notice to Lee Penalty now');
    await expect(act('submit:notice-to-improve', { pupilId }, { schoolDays: '40', support: 'Mentor', improvement: 'No absence' })).rejects.toThrow(/3 to 6 weeks: 15 to 30 school days/);
    // the marks are linked to the notice requested: under the threshold again, so no notice to improve now
    expect(JSON.stringify(await act('submit:notice-to-improve', { pupilId }, { schoolDays: '20', support: 'Mentor', improvement: 'No absence' }))).toContain('rests on the National Framework threshold');
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action IN ('casework.penalty-requested', 'casework.notice-to-improve')`)).rows[0].n).toBe(1);
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'casework.notice-to-improve.refused'`)).rows[0].n).toBe(1);
    // the LA issues it: recorded from the card's form, kept with its day; refused by the LA, its marks would count again
    const decision = await act('open-penalty-decision', { pupilId });
    expect(decision.kind === 'form' && decision.form.inputs.find((i) => i.id === 'status')).toMatchObject({ options: [{ value: 'issued' }, { value: 'refused' }, { value: 'withdrawn' }] });
    const noticeId = (await ctx.db.pool.query(`SELECT id FROM "PenaltyNotice" WHERE "pupilId" = $1`, [pupilId])).rows[0].id;
    const issued = JSON.stringify(await act('submit:penalty-decision', { pupilId }, { noticeId: String(noticeId), status: 'issued', day: '2025-02-26' }));
    expect(issued).toContain('Penalty notice issued by the LA on Wed 26 Feb');
    expect((await ctx.db.pool.query(`SELECT status, "issuedOn"::text AS "issuedOn", "statusOn"::text AS "statusOn" FROM "PenaltyNotice" WHERE id = $1`, [noticeId])).rows).toEqual([{ status: 'issued', issuedOn: '2025-02-26', statusOn: '2025-02-26' }]);
    expect(JSON.stringify(await act('penalty-request', { pupilId }))).toContain('Lee Penalty (parent): second notice within 3 years');
    expect(JSON.stringify(await act('submit:penalty-decision', { pupilId }, { noticeId: String(noticeId), status: 'withdrawn' }))).toContain('its marks may count towards another notice');
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "PenaltyNoticeMark" WHERE "noticeId" = $1`, [noticeId])).rows[0].n).toBe(0);
  });
});

describe('the shared lists after casework', () => {
  it('a refresh asked for in the casework\'s transaction and not done (a crash after the commit) is done by the outbox', async () => {
    await runJob(deps, 'morning-list', 'demo', AS_OF);
    await ctx.db.pool.query(`INSERT INTO "ListRefresh" ("schoolId", date) VALUES ('demo', $1) ON CONFLICT ("schoolId", date) DO UPDATE SET "requestedAt" = now()`, [AS_OF]);
    await ctx.db.pool.query(`UPDATE "ChatPost" SET payload = '{"title":"stale"}'::jsonb, "sentPayload" = '{"title":"stale"}'::jsonb WHERE kind = 'unexplained-list' AND "dateKey" = $1 AND session = 'AM' AND "channelId" = 'C0DEMOATT'`, [AS_OF]);
    const before = updates('C0DEMOATT').length;
    await runJob(deps, 'outbox', 'demo', AS_OF);
    expect(updates('C0DEMOATT').length).toBe(before + 1);
    expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "ListRefresh" WHERE "schoolId" = 'demo'`)).rows[0].n).toBe(0);
  });
});

describe('alerts from stored state: a crossing through back-dated marks', () => {
  it('N found to be O a day later: `jobs run penalty-threshold` alerts that day, through the CLI; run again, nobody twice', async () => {
    const env = { DATABASE_URL: ctx.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/` };
    const dir = await mkdtemp(join(tmpdir(), 'backdated-'));
    const file = (name: string, text: string) => { const f = join(dir, name); writeFileSync(f, text); return f; };
    const roll = file('roll.csv', 'upn,given_name,family_name,year,reg_group,admission_date,contact1_name\nDEMO9998,Noor,Backdate,9,9B,2025-01-06,Sami Backdate\n');
    expect((await runCliAsync(['import', 'pupils', '--school', 'demo', roll], env)).status).toBe(0);
    const rows = (n: string) => ['upn,date,session,mark',
      ...['2025-02-03', '2025-02-04', '2025-02-05', '2025-02-06'].flatMap((d) => [`DEMO9998,${d},AM,O`, `DEMO9998,${d},PM,O`]),
      `DEMO9998,2025-02-24,AM,${n}`, `DEMO9998,2025-02-24,PM,${n}`].join('\n');
    // Monday: 8 sessions of O and 2 of N (N is not counted): under the threshold
    expect((await runCliAsync(['import', 'register', '--school', 'demo', file('mon.csv', rows('N'))], env)).status).toBe(0);
    const monday = await runCliAsync(['jobs', 'run', 'penalty-threshold', '--school', 'demo', '--date', '2025-02-24'], env);
    expect(monday.status, monday.stderr).toBe(0);
    const named = () => slack.calls.filter((c) => /chat\.(postMessage|update)$/.test(c.path) && c.body.channel === 'C0DEMOATT' && JSON.stringify(c.body.blocks).includes('Noor Backdate'));
    expect(named()).toHaveLength(0);
    // Tuesday: enquiries found Monday's N to be O; the file says so, and Tuesday is present
    expect((await runCliAsync(['import', 'register', '--school', 'demo', file('tue.csv', `${rows('O')}\nDEMO9998,2025-02-25,AM,/\nDEMO9998,2025-02-25,PM,\\`)], env)).status).toBe(0);
    const tuesday = await runCliAsync(['jobs', 'run', 'penalty-threshold', '--school', 'demo', '--date', '2025-02-25'], env);
    expect(tuesday.stdout).toMatch(/1 item\(s\); posted 2/); // the Slack channel and the officer's Teams chat
    expect(named()).toHaveLength(1);
    expect(JSON.stringify(named()[0]!.body.blocks)).toContain('10 sessions: 3 Feb AM O');
    // run again that day, and the next: nobody is alerted twice
    const again = await runCliAsync(['jobs', 'run', 'penalty-threshold', '--school', 'demo', '--date', '2025-02-25'], env);
    expect(again.stdout).toMatch(/posted 0, updated 0, unchanged 2/);
    await runCliAsync(['jobs', 'run', 'penalty-threshold', '--school', 'demo', '--date', '2025-02-26'], env);
    expect(named()).toHaveLength(1);
    const stored = (await ctx.db.pool.query(`SELECT a.state, a.previous, a."changedOn"::text AS on FROM "AnnouncedState" a JOIN "Pupil" p ON p.id = a."pupilId" WHERE p.upn = 'DEMO9998' AND a.kind = 'penalty-threshold'`)).rows;
    expect(stored).toEqual([{ state: 'met', previous: 'not-met', on: '2025-02-25' }]);
  });
});

describe('BullMQ job schedulers', () => {
  it('upserts one scheduler per school and job, in the school\'s time zone, from its register close times', async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const prefix = `test-${process.pid}`;
    const queue = createQueue(redis, prefix);
    try {
      await syncSchedulers(queue, deps.schools);
      await syncSchedulers(queue, deps.schools); // idempotent
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toHaveLength(schedulesFor({ AM: { closes: '09:00' }, PM: { closes: '13:50' } }).length);
      const morning = schedulers.find((s) => s.key === 'demo:morning-list')!;
      expect(morning).toMatchObject({ pattern: '5 9 * * 1-5', tz: 'Europe/London' });
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      redis.disconnect();
    }
  });

  it('re-asserting unchanged schedulers touches none of them: a run due while the worker is busy is never removed', async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const prefix = `test-${process.pid}-r`;
    const queue = createQueue(redis, prefix);
    try {
      await syncSchedulers(queue, deps.schools);
      // the jobs each scheduler has queued (no worker runs here: as if every slot were busy)
      const queued = async () => (await queue.getJobs(['delayed', 'waiting', 'prioritized'])).map((j) => `${j.id}@${j.timestamp + (j.opts.delay ?? 0)}`).sort();
      const before = await queued();
      expect(before.length).toBeGreaterThan(0);
      let upserts = 0;
      const upsert = queue.upsertJobScheduler.bind(queue);
      queue.upsertJobScheduler = (async (...args: Parameters<typeof upsert>) => { upserts++; return upsert(...args); }) as typeof upsert;
      await syncSchedulers(queue, deps.schools);
      expect(upserts).toBe(0);
      expect(await queued()).toEqual(before);
      // a changed definition is upserted: the school's register now closes later
      await ctx.db.pool.query(`UPDATE "School" SET "amRegisterOpens" = '08:40', "amRegisterCloses" = '09:10' WHERE id = 'demo'`);
      const { forgetSchool } = await import('../../src/adapters/db/school-store.ts');
      forgetSchool(ctx.db, 'demo');
      await syncSchedulers(queue, deps.schools);
      expect(upserts).toBeGreaterThanOrEqual(2); // the morning list and the morning flags
      expect((await queue.getJobScheduler('demo:morning-list'))?.pattern).toBe('15 9 * * 1-5');
    } finally {
      await ctx.db.pool.query(`UPDATE "School" SET "amRegisterOpens" = '08:30', "amRegisterCloses" = '09:00' WHERE id = 'demo'`);
      (await import('../../src/adapters/db/school-store.ts')).forgetSchool(ctx.db, 'demo');
      await queue.obliterate({ force: true });
      await queue.close();
      redis.disconnect();
    }
  });

  it('a worker runs a queued job; a catch-up after downtime runs once', async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const prefix = `test-${process.pid}-w`;
    const queue = createQueue(redis, prefix);
    const worker = startWorker(redis.duplicate(), deps, { prefix });
    try {
      await ctx.db.pool.query(`DELETE FROM "ChatPost" WHERE "dateKey" = $1 AND session = 'PM'`, [AS_OF]);
      const later = new Date('2025-02-26T14:30:00Z');
      // every other job of the day ran; the afternoon list did not (the service was down at 13:55)
      await ctx.db.pool.query(
        `INSERT INTO "JobRun" ("schoolId", kind, date, "finishedAt") SELECT 'demo', k, $1, $2 FROM unnest($3::text[]) k
         ON CONFLICT ("schoolId", kind, date) DO UPDATE SET "finishedAt" = EXCLUDED."finishedAt"`,
        [AS_OF, later, ['morning-list', 'safeguarding-flags', 'ladder-steps', 'mis-roll']]);
      await ctx.db.pool.query(`DELETE FROM "JobRun" WHERE kind = 'afternoon-list'`);
      const first = await catchUp(queue, deps, later);
      const again = await catchUp(queue, deps, later);
      expect(first).toEqual(['catch-up.demo.afternoon-list.2025-02-26']);
      expect(again).toEqual(first); // same job id: BullMQ keeps one
      await expect.poll(async () => (await queue.getJobCounts('completed')).completed, { timeout: 10_000 }).toBe(1);
      expect((await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "ChatPost" WHERE "dateKey" = $1 AND session = 'PM' AND status = 'sent'`, [AS_OF])).rows[0].n).toBe(2);
      // a job that failed all its attempts is run again by the next check, the same day
      await ctx.db.pool.query(`DELETE FROM "JobRun" WHERE kind = 'ladder-steps'`);
      // (its one attempt fails: it names a school that cannot be loaded, as when PostgreSQL was away)
      const failing = await queue.add('ladder-steps', { kind: 'ladder-steps', schoolId: 'not-loaded', date: AS_OF }, { jobId: 'catch-up.demo.ladder-steps.2025-02-26', attempts: 1 });
      await expect.poll(async () => failing.getState(), { timeout: 15_000 }).toBe('failed');
      const logged: string[] = [];
      const healed = await catchUp(queue, deps, new Date('2025-02-26T15:00:00Z'), (l) => logged.push(l));
      expect(healed).toContain('catch-up.demo.ladder-steps.2025-02-26');
      await expect.poll(async () => (await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "JobRun" WHERE kind = 'ladder-steps' AND date = $1`, [AS_OF])).rows[0].n, { timeout: 15_000 }).toBe(1);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      redis.disconnect();
    }
  });
});

describe('every Teams card the jobs posted in these tests', () => {
  it('validates against the Adaptive Card 1.5 schema and keeps within Teams\' limits', () => {
    const cards = connector.calls.flatMap((c) => ((c.body.attachments as { contentType?: string; content?: unknown }[] | undefined) ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content as Record<string, unknown>));
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(checkAdaptiveCard(card)).toEqual([]);
  });
});
