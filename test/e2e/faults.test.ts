/**
 * Nothing lost, nothing doubled: delivery and escalation under injected faults. A stand-in
 * Slack and Bot Framework connector fail on cue (500s for longer than any job's retries, a lost
 * answer after the post was stored, channel_not_found on one channel, Teams 500 and 404), with
 * a fake clock; each case asserts how many messages each channel holds per key, the stored rows,
 * and recovery without a restart. Redis emptied under a running schedule, and a failed catch-up,
 * are healed.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp, createQueue, keepSchedulers, schedulesFor } from '../../jobs/queue.ts';
import { runJob } from '../../src/app/jobs/index.ts';
import { chatPlatforms, jobDeps } from '../../src/compose.ts';
import { loadEnv } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { freshDatabase } from '../support/db.ts';
import { type Fake, fakeConnector, fakeSlack, storedIn } from '../support/fakes.ts';

const AS_OF = '2025-02-26';
const TENANT = '00000000-0000-0000-0000-0000000000d0';
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let slack: Fake;
let connector: Fake;
let now = new Date('2025-02-26T09:10:00Z');
const logged: string[] = [];
let deps: ReturnType<typeof jobDeps>;

beforeAll(async () => {
  ctx = await freshDatabase('faults');
  await seedDemo(ctx.db, AS_OF);
  slack = await fakeSlack();
  connector = await fakeConnector();
  const env = loadEnv({ DATABASE_URL: ctx.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/` });
  deps = { ...jobDeps(ctx.db, chatPlatforms(env), { now: () => now }, { afterMinutes: 30, from: '08:00', to: '17:00' }), log: (l: string) => { logged.push(l); } };
});
afterAll(async () => { await slack?.close(); await connector?.close(); await ctx?.drop(); });

const row = async (kind: string, channel: string) => (await ctx.db.pool.query(
  `SELECT status, attempts, "lastError", "nextAttemptAt" FROM "ChatPost" WHERE "schoolId" = 'demo' AND kind = $1 AND "channelId" = $2`, [kind, channel])).rows[0];
const outbox = () => runJob(deps, 'outbox', 'demo', AS_OF);
const minutes = (n: number) => { now = new Date(now.getTime() + n * 60_000); };

describe('a Slack outage longer than any retry budget', () => {
  it('the morning list waits in the outbox and is posted once when Slack is back', async () => {
    slack.fail('chat.postMessage', { times: 4, status: 500, channel: 'C0DEMOATT' });
    const report = await runJob(deps, 'morning-list', 'demo', AS_OF);
    expect(report.delivery[0]!.failed).toEqual(['slack:C0DEMOATT: http 500']);
    expect(await row('unexplained-list', 'C0DEMOATT')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'http 500' });
    // the outbox tries again as each attempt comes due (1, 2, 4 minutes…), never early
    expect((await outbox()).items).toBe(0);
    for (let i = 0; i < 3; i++) { minutes(10); await outbox(); }
    expect(await row('unexplained-list', 'C0DEMOATT')).toMatchObject({ status: 'pending', attempts: 4 });
    minutes(20);
    await outbox();
    expect(await row('unexplained-list', 'C0DEMOATT')).toMatchObject({ status: 'sent' });
    const keys = [...(await storedIn(slack, 'C0DEMOATT')).entries()].filter(([k]) => k.includes('unexplained-list'));
    expect(keys).toEqual([[expect.stringContaining('demo|unexplained-list|2025-02-26|AM|slack|C0DEMOATT'), 1]]);
  });
});

describe('a lost answer after Slack stored the post', () => {
  it('is found by its key on the next attempt and not posted again', async () => {
    slack.fail('chat.postMessage', { times: 1, status: 500, stored: true, channel: 'C0DEMOSLT' });
    now = new Date('2025-02-26T16:05:00Z');
    await runJob(deps, 'penalty-threshold', 'demo', AS_OF); // Percy Penn reached it this morning: to the attendance channel
    await runJob(deps, 'ladder-steps', 'demo', AS_OF); // and steps for senior leaders
    expect(await row('ladder-steps', 'C0DEMOSLT')).toMatchObject({ status: 'pending', lastError: 'http 500' });
    minutes(5);
    await outbox();
    expect(await row('ladder-steps', 'C0DEMOSLT')).toMatchObject({ status: 'sent' });
    const stored = [...(await storedIn(slack, 'C0DEMOSLT')).entries()].filter(([k]) => k.includes('ladder-steps'));
    expect(stored.map(([, n]) => n)).toEqual([1]);
  });
});

describe('a lost answer, then a busy channel', () => {
  it('the look-up reads from the first attempt on, page after page: 120 messages later the post is still found, and not posted again', async () => {
    const { deliver } = await import('../../src/app/delivery.ts');
    const card = { title: 'Lost then busy', summary: 'x', sections: [{ type: 'text' as const, text: 'x' }] };
    slack.fail('chat.postMessage', { times: 1, status: 500, stored: true, channel: 'C0DEMOY8' });
    now = new Date('2025-02-26T16:30:00Z');
    const first = await deliver(deps, { schoolId: 'demo', kind: 'lost-then-busy', dateKey: AS_OF, purpose: 'year', yearGroup: 8, card });
    expect(first.failed).toEqual(['slack:C0DEMOY8: http 500']);
    for (let i = 0; i < 120; i++) {
      await fetch(`${slack.url}/api/chat.postMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'C0DEMOY8', text: `chatter ${i}` }) });
    }
    minutes(5);
    await outbox();
    expect(await row('lost-then-busy', 'C0DEMOY8')).toMatchObject({ status: 'sent' });
    const stored = [...(await storedIn(slack, 'C0DEMOY8')).entries()].filter(([k]) => k.includes('lost-then-busy'));
    expect(stored.map(([, n]) => n)).toEqual([1]);
  });
});

describe('a channel that never answers', () => {
  it('costs one timeout an outbox pass, holds nothing, and the other channels\' posts go', async () => {
    const { deliver } = await import('../../src/app/delivery.ts');
    const card = (t: string) => ({ title: t, summary: t, sections: [{ type: 'text' as const, text: t }] });
    now = new Date('2025-02-26T17:00:00Z');
    slack.fail('chat.postMessage', { times: 4, status: 500, channel: 'C0DEMOY9' });
    slack.fail('chat.postMessage', { times: 1, status: 500, channel: 'C0DEMOY10' });
    for (const kind of ['hung-1', 'hung-2', 'hung-3']) await deliver(deps, { schoolId: 'demo', kind, dateKey: AS_OF, purpose: 'year', yearGroup: 9, card: card(kind) });
    await deliver(deps, { schoolId: 'demo', kind: 'beside-hung', dateKey: AS_OF, purpose: 'year', yearGroup: 10, card: card('beside') });
    slack.recover('chat.postMessage');
    slack.fail('chat.postMessage', { times: 10, hang: true, channel: 'C0DEMOY9' });
    const tried = () => slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === 'C0DEMOY9').length;
    const before = tried();
    minutes(20);
    const pass = await outbox();
    expect(tried() - before).toBe(1); // one attempt, one timeout; the other two wait for the next pass
    expect(pass.delivery[0]!.skipped.filter((x) => x.includes('C0DEMOY9'))).toHaveLength(2);
    expect(await row('beside-hung', 'C0DEMOY10')).toMatchObject({ status: 'sent' });
    for (const kind of ['hung-1', 'hung-2', 'hung-3']) expect((await row(kind, 'C0DEMOY9')).status).toBe('pending');
    slack.recover('chat.postMessage');
  }, 90_000);
});

describe('updates are posts too', () => {
  it('a failed update stays pending with its new content and is retried by the outbox until the channel shows it', async () => {
    const { deliver } = await import('../../src/app/delivery.ts');
    const card = (text: string) => ({ title: 'Update me', summary: text, sections: [{ type: 'text' as const, text }] });
    const post = (text: string) => deliver(deps, { schoolId: 'demo', kind: 'update-me', dateKey: AS_OF, purpose: 'year', yearGroup: 7, card: card(text) });
    expect((await post('first')).posted).toBe(1);
    slack.fail('chat.update', { times: 1, status: 500, channel: 'C0DEMOY7' });
    expect((await post('second')).failed).toEqual(['slack:C0DEMOY7: http 500']);
    expect(await row('update-me', 'C0DEMOY7')).toMatchObject({ status: 'pending', lastError: 'http 500' });
    minutes(5);
    await outbox();
    expect(await row('update-me', 'C0DEMOY7')).toMatchObject({ status: 'sent' });
    const updates = slack.calls.filter((c) => c.path.endsWith('chat.update') && c.body.channel === 'C0DEMOY7');
    expect(JSON.stringify(updates.at(-1)!.body.blocks)).toContain('second');
    expect((await post('second')).unchanged).toBe(1);
  });
});

describe('two instances', () => {
  it('running the same list at the same moment, each with its own pool, post it once', async () => {
    const { openDb } = await import('../../src/adapters/db/client.ts');
    const other = openDb(ctx.url, 4);
    try {
      const env = loadEnv({ DATABASE_URL: ctx.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/` });
      const second = jobDeps(other, chatPlatforms(env), { now: () => now });
      now = new Date('2025-02-26T13:56:00Z');
      await Promise.all([runJob(deps, 'afternoon-list', 'demo', AS_OF), runJob(second, 'afternoon-list', 'demo', AS_OF), runJob(deps, 'outbox', 'demo', AS_OF)]);
      const stored = [...(await storedIn(slack, 'C0DEMOATT')).entries()].filter(([k]) => k.includes('unexplained-list|2025-02-26|PM'));
      expect(stored.map(([, n]) => n)).toEqual([1]);
    } finally {
      await other.close();
    }
  });
});

describe('one bad channel', () => {
  it('fails only its own post, is not retried, is logged once with the school and channel, and the attendance team is told what to fix', async () => {
    slack.fail('chat.postMessage', { times: 50, error: 'channel_not_found', channel: 'C0DEMOY10' });
    now = new Date('2025-02-26T16:00:00Z');
    const report = await runJob(deps, 'pa-sa-changes', 'demo', AS_OF);
    expect(report.delivery.flatMap((d) => d.failed)).toEqual(['slack:C0DEMOY10: channel_not_found']);
    expect(await row('pa-sa-changes', 'C0DEMOY10')).toMatchObject({ status: 'failed', lastError: 'channel_not_found', nextAttemptAt: null });
    expect(logged.filter((l) => l.includes('C0DEMOY10'))).toEqual(['delivery: school demo: Slack channel C0DEMOY10: channel_not_found (permanent, not retried) for pa-sa-changes 2025-02-26']);
    const told = [...(await storedIn(slack, 'C0DEMOATT')).keys()].filter((k) => k.includes('delivery-problem'));
    expect(told).toEqual(['demo|delivery-problem|2025-02-26|slack:C0DEMOY10|slack|C0DEMOATT']);
    const calls = slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === 'C0DEMOY10').length;
    minutes(30);
    await outbox();
    await runJob(deps, 'pa-sa-changes', 'demo', AS_OF); // run again: still one failure, no second message to the team
    expect(slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === 'C0DEMOY10').length).toBe(calls);
    expect(logged.filter((l) => l.includes('C0DEMOY10'))).toHaveLength(1);
    expect([...(await storedIn(slack, 'C0DEMOATT')).keys()].filter((k) => k.includes('delivery-problem'))).toHaveLength(1);
  });
});

describe('escalation', () => {
  it('in school minutes: a flag raised at 16:50 escalates after 30 minutes of school hours, 08:20 the next school day, not 08:05', async () => {
    const pupil = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO7001'`)).rows[0].id;
    const raised = new Date('2025-02-26T16:50:00Z');
    const flag = (await ctx.db.pool.query(
      `INSERT INTO "SafeguardingFlag" ("schoolId", "pupilId", kind, "dateKey", summary, "nextEscalationAt") VALUES ('demo', $1, 'test-late', '2025-02-26', 'raised late', $2) RETURNING id`,
      [pupil, new Date(raised.getTime() + 30 * 60_000)])).rows[0].id;
    const level = async () => (await ctx.db.pool.query(`SELECT level FROM "SafeguardingFlag" WHERE id = $1`, [flag])).rows[0].level;
    now = new Date('2025-02-27T08:05:00Z'); // 10 + 5 school minutes
    await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    expect(await level()).toBe(0);
    now = new Date('2025-02-27T08:21:00Z'); // 10 + 21
    await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    expect(await level()).toBe(1);
  });

  it('with Slack away, the escalation is saved only with its posts in the outbox, and they reach the deputy when Slack is back', async () => {
    const flag = (await ctx.db.pool.query(`SELECT id FROM "SafeguardingFlag" WHERE kind = 'test-late'`)).rows[0].id;
    slack.fail('chat.postMessage', { times: 3, status: 500 });
    now = new Date('2025-02-27T09:00:00Z'); // 39 school minutes after the first escalation
    const report = await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    expect(report.items).toBe(1);
    expect((await ctx.db.pool.query(`SELECT level FROM "SafeguardingFlag" WHERE id = $1`, [flag])).rows[0].level).toBe(2);
    const pending = (await ctx.db.pool.query(`SELECT "channelId", status FROM "ChatPost" WHERE kind = $1 ORDER BY "channelId"`, [`flag:${flag}:escalation:2`])).rows;
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((p) => p.status === 'pending' || p.status === 'sent')).toBe(true);
    for (let i = 0; i < 4; i++) { minutes(10); await outbox(); }
    const after = (await ctx.db.pool.query(`SELECT status FROM "ChatPost" WHERE kind = $1`, [`flag:${flag}:escalation:2`])).rows;
    expect(after.every((p) => p.status === 'sent')).toBe(true);
    expect(JSON.stringify(slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === 'C0DEMOSLT').map((c) => c.body))).toContain('escalated to a senior leader');
  });
  it('a school\'s own policy: 45 minutes of its hours', async () => {
    const { setEscalation } = await import('../../src/adapters/db/school-store.ts');
    await setEscalation(ctx.db, 'demo', { afterMinutes: 45, from: '08:30', to: '16:00' }, { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const });
    const pupil = (await ctx.db.pool.query(`SELECT id FROM "Pupil" WHERE upn = 'DEMO8001'`)).rows[0].id;
    const raised = new Date('2025-02-27T15:50:00Z'); // 10 minutes before that school's hours end
    const flag = (await ctx.db.pool.query(
      `INSERT INTO "SafeguardingFlag" ("schoolId", "pupilId", kind, "dateKey", summary, "nextEscalationAt") VALUES ('demo', $1, 'test-45', '2025-02-27', 'own policy', $2) RETURNING id`,
      [pupil, new Date(raised.getTime() + 45 * 60_000)])).rows[0].id;
    const level = async () => (await ctx.db.pool.query(`SELECT level FROM "SafeguardingFlag" WHERE id = $1`, [flag])).rows[0].level;
    now = new Date('2025-02-28T09:00:00Z'); // 10 + 30 of its minutes
    await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    expect(await level()).toBe(0);
    now = new Date('2025-02-28T09:04:00Z'); // 10 + 34: still short of 45
    await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    expect(await level()).toBe(0);
    now = new Date('2025-02-28T09:06:00Z'); // 10 + 36
    await runJob(deps, 'flag-escalation', 'demo', AS_OF);
    expect(await level()).toBe(1);
    await ctx.db.pool.query(`UPDATE "School" SET "escalationMinutes" = NULL, "schoolHoursFrom" = NULL, "schoolHoursTo" = NULL WHERE id = 'demo'`);
    const { forgetSchool } = await import('../../src/adapters/db/school-store.ts');
    forgetSchool(ctx.db, 'demo');
  });

});

describe('Teams delivery faults', () => {
  const personal = (id: string, aad: string) => ctx.db.pool.query(
    `INSERT INTO "ConversationReference" ("conversationId", "tenantId", "aadObjectId", reference) VALUES ($1, $2, $3, $4)`,
    [id, TENANT, aad, JSON.stringify({ channelId: 'msteams', serviceUrl: connector.url, conversation: { id, conversationType: 'personal', tenantId: TENANT }, bot: { id: '28:bot' }, user: { id: `29:${aad}` } })]);

  it('a connector 500 leaves the post in the outbox, sent when the connector is back; a 404 marks the conversation dead and it is no longer posted to', async () => {
    await personal('a:dsl-chat', '00000000-0000-0000-0000-0000000000a3');
    await personal('a:deputy-chat', '00000000-0000-0000-0000-0000000000a4');
    // the DSL's chat answers 500 once; the deputy's has gone (404)
    connector.fail('dsl-chat', { times: 100, status: 500 });
    connector.fail('deputy-chat', { times: 5, status: 404 });
    const env = loadEnv({ DATABASE_URL: ctx.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/`, MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '' });
    const teamsDeps = { ...jobDeps(ctx.db, chatPlatforms(env), { now: () => now }), log: (l: string) => { logged.push(l); } };
    // the school has no Teams DSL channel bound: flags go to the personal chats of its DSLs
    now = new Date('2025-02-27T09:10:00Z');
    await runJob(teamsDeps, 'safeguarding-flags', 'demo', AS_OF);
    // every open flag goes to the DSLs' chats (today's, and any earlier one not yet acknowledged)
    const dslRows = (await ctx.db.pool.query(`SELECT status, attempts, "lastError" FROM "ChatPost" WHERE "channelId" = 'a:dsl-chat'`)).rows;
    expect(dslRows.length).toBeGreaterThanOrEqual(1);
    for (const r of dslRows) expect(r).toEqual({ status: 'pending', attempts: 1, lastError: 'teams 500' });
    const deputyRows = (await ctx.db.pool.query(`SELECT status, "lastError" FROM "ChatPost" WHERE "channelId" = 'a:deputy-chat'`)).rows;
    expect(deputyRows[0]).toEqual({ status: 'failed', lastError: 'teams 404' }); // the first 404 marks it dead: no more attempts
    expect(deputyRows.length).toBe(1);
    const dead = (await ctx.db.pool.query(`SELECT "deadAt" FROM "ConversationReference" WHERE "conversationId" = 'a:deputy-chat'`)).rows[0].deadAt;
    expect(dead).not.toBeNull();
    connector.recover('dsl-chat');
    minutes(5);
    await runJob(teamsDeps, 'outbox', 'demo', AS_OF);
    const dsl = (await ctx.db.pool.query(`SELECT status FROM "ChatPost" WHERE "channelId" = 'a:dsl-chat'`)).rows;
    expect(dsl.every((r) => r.status === 'sent')).toBe(true);
    const toDsl = connector.calls.filter((c) => c.method === 'POST' && c.path.includes('dsl-chat') && !c.path.includes('deputy'));
    expect(toDsl.length).toBeGreaterThanOrEqual(2); // the failed attempt and the one that went
    expect((await deps.channels.targets('demo', 'dsl')).map((t) => t.channelId)).not.toContain('a:deputy-chat');
  });
});

describe('schedules that heal', () => {
  it('schedulers lost with Redis are re-created, and a failed catch-up does not block the next one', async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const prefix = `faults-${process.pid}`;
    const queue = createQueue(redis, prefix);
    try {
      const want = schedulesFor({ AM: { closes: '09:00' }, PM: { closes: '13:50' } }).length;
      expect(await keepSchedulers(queue, deps, now)).toMatchObject({ before: 0, after: want });
      // Redis comes back empty
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      expect((await queue.getJobSchedulers()).length).toBe(0);
      const back = await keepSchedulers(queue, deps, now);
      expect(back).toMatchObject({ before: 0, after: want });
      expect(back.created).toHaveLength(want);
      expect((await keepSchedulers(queue, deps, now)).created).toEqual([]); // nothing missing now
      expect((await queue.getJobSchedulers()).length).toBe(want);
      // a catch-up that failed for good stays in BullMQ under its id; the next catch-up still runs
      const late = new Date('2025-02-26T15:00:00Z');
      await ctx.db.pool.query(`DELETE FROM "ChatPost" WHERE "schoolId" = 'demo' AND kind = 'unexplained-list' AND "dateKey" = '2025-02-26'`);
      const [first] = await catchUp(queue, deps, late);
      const job = (await queue.getJob(first!))!;
      await job.moveToFailed(new Error('injected'), '0', false).catch(async () => {
        // not locked by a worker: fail it the way BullMQ stores a failed job
        await redis.zadd(`${prefix}:attendance:failed`, Date.now(), first!);
        await redis.hset(`${prefix}:attendance:${first}`, 'failedReason', 'injected', 'finishedOn', String(Date.now()));
        await redis.lrem(`${prefix}:attendance:wait`, 0, first!);
      });
      expect(await (await queue.getJob(first!))!.isFailed()).toBe(true);
      const again = await catchUp(queue, deps, late);
      expect(again).toContain(first);
      expect(await (await queue.getJob(first!))!.isFailed()).toBe(false);
    } finally {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      redis.disconnect();
    }
  });
});

describe('a worker killed mid-job (kill -9)', () => {
  it('after Slack stored the post and before it was marked sent: the next run finds it by its key and posts nothing twice', async () => {
    const { spawn } = await import('node:child_process');
    const { ROOT } = await import('../support/cli.ts');
    slack.fail('chat.postMessage', { times: 1, stored: true, hang: true, channel: 'C0DEMOATT' });
    const posts = () => slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === 'C0DEMOATT').length;
    const before = posts();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/run-job.ts'], {
      cwd: ROOT, stdio: 'ignore',
      env: { ...process.env, DATABASE_URL: ctx.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/`, JOB: 'ladder-steps', SCHOOL: 'demo', DATE: '2025-02-27', NOW: '2025-02-27T07:45:00Z' },
    });
    // Slack has taken the post; the worker is waiting for the answer when it is killed
    for (let i = 0; i < 600 && posts() === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(posts()).toBe(before + 1);
    await new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGKILL'); });
    const stepsRow = async () => (await ctx.db.pool.query(`SELECT status FROM "ChatPost" WHERE kind = 'ladder-steps' AND "dateKey" = '2025-02-27' AND "channelId" = 'C0DEMOATT'`)).rows;
    expect(await stepsRow()).toEqual([{ status: 'pending' }]);
    // the killed worker's lease on the post runs out (a minute: here, at once) and nobody else sent it meanwhile
    expect((await ctx.db.pool.query(`SELECT "leaseUntil" > now() AS held FROM "ChatPost" WHERE kind = 'ladder-steps' AND "dateKey" = '2025-02-27' AND "channelId" = 'C0DEMOATT'`)).rows).toEqual([{ held: true }]);
    const during = posts();
    await runJob(deps, 'ladder-steps', 'demo', '2025-02-27'); // while it is held: not sent again
    expect(posts()).toBe(during);
    await ctx.db.pool.query(`UPDATE "ChatPost" SET "leaseUntil" = now() - interval '1 second' WHERE kind = 'ladder-steps' AND "dateKey" = '2025-02-27'`);
    // the job runs again (BullMQ gives a killed worker's job to another) and the outbox sweeps
    now = new Date('2025-02-27T07:50:00Z');
    await runJob(deps, 'ladder-steps', 'demo', '2025-02-27');
    await outbox();
    const stored = [...(await storedIn(slack, 'C0DEMOATT')).entries()].filter(([k]) => k.includes('ladder-steps|2025-02-27'));
    expect(stored.map(([, n]) => n)).toEqual([1]);
    expect(await stepsRow()).toEqual([{ status: 'sent' }]);
  });
});

