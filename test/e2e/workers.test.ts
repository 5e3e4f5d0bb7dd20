/**
 * The service spread over processes, as a local authority would run it: one process answering
 * chat (`--no-jobs`) and two running the jobs (`--no-http`), against one PostgreSQL and one
 * Redis (the test's own, so no other test's worker can take these jobs). Every job is queued
 * twice over (a scheduler and a catch-up both queuing the same run, say): both workers take
 * jobs, and every list is posted exactly once. Then the fault suite's cases across the two
 * worker processes: Slack down longer than a post's retries, an answer lost after Slack stored
 * the post, and a worker killed (-9) while Slack holds its post: each post is in its channel once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../../jobs/queue.ts';
import type { JobKind } from '../../src/app/jobs/index.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { freshDatabase } from '../support/db.ts';
import { fakeSlack, type Fake, postToSlackEndpoint, slashCommand, storedIn } from '../support/fakes.ts';
import { canRunOwnServers, freePort, type OwnServer, ownRedis } from '../support/processes.ts';
import { ROOT } from '../support/cli.ts';

const SECRET = 'workers-secret';
const AS_OF = '2025-02-26';
const DAYS = ['2025-02-20', '2025-02-21', '2025-02-24', '2025-02-25', '2025-02-26'];
const KINDS = ['morning-list', 'afternoon-list', 'ladder-steps', 'pa-sa-changes'] as const;
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let redis: OwnServer;
let slack: Fake;
const processes: { child: ChildProcess; out: string[] }[] = [];

function start(args: string[], port: number): Promise<{ child: ChildProcess; out: string[] }> {
  const out: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, DATABASE_URL: ctx.url, REDIS_URL: redis.url, PORT: String(port), ATTENDANCE_AS_OF: AS_OF, JOB_CONCURRENCY: '2',
      SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/`, MICROSOFT_APP_ID: '', MICROSOFT_APP_PASSWORD: '',
    },
  });
  const p = { child, out };
  processes.push(p);
  child.stdout!.on('data', (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean)));
  child.stderr!.on('data', (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.some((l) => l.startsWith('attendance bot listening on port'))) { clearInterval(timer); resolve(p); }
    }, 100);
    child.once('exit', (code) => { clearInterval(timer); reject(new Error(`${args.join(' ')} exited ${code}:\n${out.join('\n')}`)); });
  });
}

let web: { child: ChildProcess; out: string[] };
let workers: { child: ChildProcess; out: string[] }[];
let httpPort: number;

beforeAll(async () => {
  ctx = await freshDatabase('workers');
  await seedDemo(ctx.db, AS_OF);
  redis = await ownRedis(await freePort());
  slack = await fakeSlack();
  if (!canRunOwnServers) return;
  httpPort = await freePort();
  const [w, ...ws] = await Promise.all([start(['--no-jobs'], httpPort), start(['--no-http'], await freePort()), start(['--no-http'], await freePort())]);
  web = w!;
  workers = ws;
}, 180_000);
afterAll(async () => {
  for (const p of processes) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => (p.child.exitCode === null && p.child.signalCode === null ? new Promise((r) => p.child.once('exit', r)) : undefined)));
  await slack?.close();
  await redis?.remove();
  await ctx?.drop();
}, 60_000);

describe.skipIf(!canRunOwnServers)('one chat process and two worker processes', () => {
  it('the chat process answers; the two workers share the jobs; every list is posted once', async () => {
    const [w1] = workers;
    expect(web.out.join('\n')).toContain('platforms on: slack, teams');
    for (const w of workers) {
      expect(w.out.join('\n')).toContain('chat: off in this process (--no-http)');
      expect(w.out.join('\n')).toContain('jobs: a worker running 2 at once');
    }
    // a worker process answers /healthz, and nothing of chat
    const workerPort = Number(/listening on port (\d+)/.exec(w1!.out.join('\n'))![1]);
    expect((await fetch(`http://127.0.0.1:${workerPort}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${workerPort}/slack/events`, { method: 'POST' })).status).toBe(404);

    // each run queued twice (as if a scheduler and a catch-up both queued it)
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = createQueue(connection);
    try {
      const jobs = DAYS.flatMap((date) => KINDS.map((kind) => ({ kind, date })));
      for (const copy of ['a', 'b']) {
        await queue.addBulk(jobs.map(({ kind, date }) => ({ name: kind, data: { kind, schoolId: 'demo', date }, opts: { jobId: `${copy}.demo.${kind}.${date}` } })));
      }
      const ids = ['a', 'b'].flatMap((copy) => jobs.map(({ kind, date }) => `${copy}.demo.${kind}.${date}`));
      // (the workers' own schedulers run beside them: only these jobs are counted)
      const states = async () => Promise.all(ids.map(async (id) => (await queue.getJob(id))?.getState()));
      await expect.poll(async () => (await states()).filter((st) => st === 'completed' || st === 'failed').length, { timeout: 180_000, interval: 500 }).toBe(ids.length);
      expect((await states()).every((st) => st === 'completed')).toBe(true);
      // both workers took jobs
      const by = new Set(await Promise.all(ids.map(async (id) => (await queue.getJob(id))!.processedBy)));
      expect(by.size).toBe(2);
      expect([...by].every((n) => /:\d+$/.test(String(n)))).toBe(true);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    // every post once: by its delivery key (Slack message metadata), no key twice
    const posted = slack.calls.filter((c) => c.path.endsWith('chat.postMessage')).map((c) => `${String(c.body.channel)} ${JSON.stringify((c.body.metadata as { event_payload?: unknown })?.event_payload)}`);
    expect(posted.length).toBeGreaterThan(DAYS.length * 2);
    expect(posted.length).toBe(new Set(posted).size);
    const stored = (await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "ChatPost" WHERE platform = 'slack' AND "messageRef" IS NOT NULL`)).rows[0].n;
    expect(posted.length).toBe(stored);
    // the chat process answered all along
    const r = await postToSlackEndpoint(`http://127.0.0.1:${httpPort}`, SECRET, slashCommand({ user_id: 'U0DEMOHOY9', text: 'DEMO9001', response_url: `${slack.url}/response/w` }), 'application/x-www-form-urlencoded');
    expect(JSON.stringify(r.json.blocks)).toContain('Ava Nine (DEMO9001)');
  }, 300_000);

  it("the fault suite's cases across the two workers: Slack down, an answer lost, a worker killed mid-post; each post in its channel once", async () => {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = createQueue(connection);
    let n = 0;
    /** Queues a run twice over, as a scheduler and a catch-up would, and waits for both copies. */
    const run = async (kind: JobKind, date: string) => {
      const ids = [`f${++n}.a`, `f${n}.b`];
      await queue.addBulk(ids.map((jobId) => ({ name: kind, data: { kind, schoolId: 'demo', date }, opts: { jobId } })));
      await expect.poll(async () => (await Promise.all(ids.map(async (id) => (await queue.getJob(id))?.getState()))).every((st) => st === 'completed'), { timeout: 120_000, interval: 250 }).toBe(true);
    };
    const rowOf = async (kind: string, date: string, session = 'AM') => (await ctx.db.pool.query(
      `SELECT status, attempts FROM "ChatPost" WHERE "schoolId" = 'demo' AND kind = $1 AND "dateKey" = $2 AND session = $3 AND "channelId" = 'C0DEMOATT'`, [kind, date, session])).rows[0];
    /**
     * The outbox as time passes: each pending post as if minutes had gone by (its next attempt
     * due; one never attempted, older than the two minutes a live sender may still be posting
     * it), the outbox run on the workers, until it is sent.
     */
    const untilSent = async (kind: string, date: string, session = 'AM') => {
      for (let round = 0; round < 8 && (await rowOf(kind, date, session))?.status !== 'sent'; round++) {
        await ctx.db.pool.query(`UPDATE "ChatPost" SET "nextAttemptAt" = CASE WHEN "nextAttemptAt" > now() THEN now() - interval '1 second' ELSE "nextAttemptAt" END,
          "createdAt" = "createdAt" - interval '3 minutes' WHERE status = 'pending'`);
        await run('outbox', AS_OF);
      }
      expect(await rowOf(kind, date, session)).toMatchObject({ status: 'sent' });
    };
    /** What the stand-in Slack holds in the attendance channel for one delivery key part (what people there see). */
    const inChannel = async (key: string) => {
      let n = 0;
      for (const [k, count] of await storedIn(slack, 'C0DEMOATT')) if (k.includes(key)) n += count;
      return n;
    };
    try {
      // Slack down for longer than the post's first attempts: waits in the outbox, posted once when back
      slack.fail('chat.postMessage', { times: 3, status: 500, channel: 'C0DEMOATT' });
      await run('morning-list', '2025-02-13');
      expect(await rowOf('unexplained-list', '2025-02-13')).toMatchObject({ status: 'pending' });
      await untilSent('unexplained-list', '2025-02-13');
      expect(await inChannel('unexplained-list|2025-02-13|AM')).toBe(1);

      // the answer lost after Slack stored the post: found by its key, not posted again
      slack.fail('chat.postMessage', { times: 1, status: 500, stored: true, channel: 'C0DEMOATT' });
      await run('afternoon-list', '2025-02-13');
      await untilSent('unexplained-list', '2025-02-13', 'PM');
      expect(await inChannel('unexplained-list|2025-02-13|PM')).toBe(1);

      // a worker killed while Slack holds its post: the job goes to the other worker, and the post is in the channel once
      slack.fail('chat.postMessage', { times: 1, stored: true, hang: true, channel: 'C0DEMOATT' });
      const before = await inChannel('unexplained-list|2025-02-12|AM');
      await queue.add('morning-list', { kind: 'morning-list', schoolId: 'demo', date: '2025-02-12' }, { jobId: 'killed' });
      await expect.poll(() => inChannel('unexplained-list|2025-02-12|AM'), { timeout: 60_000, interval: 100 }).toBe(before + 1);
      const holder = String((await queue.getJob('killed'))!.processedBy);
      const victim = workers.find((w) => holder.endsWith(`:${w.child.pid}`))!;
      const survivor = workers.find((w) => w !== victim)!;
      await new Promise<void>((r) => { victim.child.once('exit', () => r()); victim.child.kill('SIGKILL'); });
      // BullMQ finds the job stalled and gives it to the survivor; the dead worker's lease on the post runs out
      await expect.poll(async () => (await queue.getJob('killed'))?.getState(), { timeout: 150_000, interval: 500 }).toBe('completed');
      expect(String((await queue.getJob('killed'))!.processedBy)).toBe(holder.replace(/:\d+$/, `:${survivor.child.pid}`));
      await ctx.db.pool.query(`UPDATE "ChatPost" SET "leaseUntil" = now() - interval '1 second' WHERE "leaseUntil" > now()`);
      await untilSent('unexplained-list', '2025-02-12');
      expect(await inChannel('unexplained-list|2025-02-12|AM')).toBe(1);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }, 400_000);
});
