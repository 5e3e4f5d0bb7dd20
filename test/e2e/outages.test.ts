/**
 * The service survives its dependencies: its own PostgreSQL and Redis (on other ports) are
 * stopped and started again under it. It stays up, /healthz names what is away, and it
 * recovers without a restart: queries answer again, and the job schedulers lost with an empty
 * Redis are re-created.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, schedulesFor } from '../../jobs/queue.ts';
import { openDb } from '../../src/adapters/db/client.ts';
import { ensureDatabase, migrate } from '../../src/adapters/db/migrate.ts';
import { loadEnv } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { startService, type Service } from '../../src/service.ts';
import { canRunOwnServers, freePort, type OwnServer, ownPostgres, ownRedis } from '../support/processes.ts';

const AS_OF = '2025-02-26';
let pgServer: OwnServer;
let redisServer: OwnServer;
let service: Service;
let base: string;
const lines: string[] = [];

const health = async () => {
  const r = await fetch(`${base}/healthz`);
  return { status: r.status, body: await r.json() as Record<string, string> };
};
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read().catch(() => undefined as T);
    if (last !== undefined && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not within ${timeoutMs / 1000} s: ${JSON.stringify(last)}`);
}

describe.skipIf(!canRunOwnServers)('the service when PostgreSQL and Redis go away and come back', () => {
  beforeAll(async () => {
    [pgServer, redisServer] = await Promise.all([freePort().then(ownPostgres), freePort().then(ownRedis)]);
    await ensureDatabase(pgServer.url);
    await migrate(pgServer.url);
    const db = openDb(pgServer.url);
    await seedDemo(db, AS_OF);
    await db.close();
    service = await startService(loadEnv({ DATABASE_URL: pgServer.url, REDIS_URL: redisServer.url, PORT: '0' }),
      { asOf: AS_OF, host: '127.0.0.1', keepSchedulersMs: 500, log: (l) => { lines.push(l); } });
    base = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await service?.stop().catch(() => undefined);
    await pgServer?.remove();
    await redisServer?.remove();
  });

  it('PostgreSQL stopped: the service stays up, /healthz says 503 naming PostgreSQL; started again: 200, without a restart', async () => {
    expect(await health()).toMatchObject({ status: 200 });
    // the pool holds idle connections when PostgreSQL goes: the case that used to end the process
    await Promise.all(Array.from({ length: 5 }, () => service.db.pool.query('SELECT pg_sleep(0.05)')));
    await pgServer.stop('SIGINT');
    const down = await eventually(health, (h) => h.status === 503);
    expect(down.body).toMatchObject({ postgres: 'down', redis: 'ok' });
    await pgServer.start();
    await eventually(health, (h) => h.status === 200);
    // and the database is in use again through the same pool and Prisma client
    expect((await service.db.prisma.pupil.count({ where: { schoolId: 'demo' } }))).toBeGreaterThan(100);
  });

  it('Redis restarted empty: /healthz names Redis while it is away, and the job schedulers come back by themselves', async () => {
    const want = schedulesFor({ AM: { closes: '09:00' }, PM: { closes: '13:50' } }).length;
    const count = async () => {
      const r = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
      r.on('error', () => undefined);
      const q = createQueue(r);
      try { return (await q.getJobSchedulers()).length; } finally { await q.close(); r.disconnect(); }
    };
    expect(await eventually(count, (n) => n === want)).toBe(want);
    await redisServer.stop('SIGKILL');
    const down = await eventually(health, (h) => h.status === 503);
    expect(down.body).toMatchObject({ redis: 'down', postgres: 'ok' });
    await redisServer.start();
    await eventually(health, (h) => h.status === 200);
    expect(await eventually(count, (n) => n === want)).toBe(want);
    // it came back empty, and the keeper said so when it put them back
    expect(await eventually(async () => lines.some((l) => /scheduler\(s\) were missing and are back/.test(l)), Boolean)).toBe(true);
  });
});

describe.skipIf(!canRunOwnServers)('PostgreSQL crashing while a post is in flight', () => {
  let pg2: OwnServer;
  beforeAll(async () => {
    pg2 = await freePort().then(ownPostgres);
    await ensureDatabase(pg2.url);
    await migrate(pg2.url);
    const db = openDb(pg2.url);
    await seedDemo(db, AS_OF);
    await db.close();
  }, 120_000);
  afterAll(async () => { await pg2?.remove(); });

  it('no transaction is held across the Slack call: the process survives, and the post is sent once when PostgreSQL is back', async () => {
    const { fakeSlack } = await import('../support/fakes.ts');
    const { chatPlatforms, jobDeps } = await import('../../src/compose.ts');
    const { runJob } = await import('../../src/app/jobs/index.ts');
    const slack = await fakeSlack();
    const logged: string[] = [];
    const db = openDb(pg2.url, 4, (l) => logged.push(l));
    try {
      const deps = jobDeps(db, chatPlatforms(loadEnv({ DATABASE_URL: pg2.url, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/` })), { now: () => new Date() });
      // Slack takes the post and never answers (its client gives up after its timeout)
      slack.fail('chat.postMessage', { times: 1, stored: true, hang: true, channel: 'C0DEMOATT' });
      const posted = () => slack.calls.filter((c) => c.path.endsWith('chat.postMessage') && c.body.channel === 'C0DEMOATT').length;
      const job = runJob(deps, 'morning-list', 'demo', AS_OF).then(() => 'done', (err: Error) => `failed: ${err.message}`);
      await eventually(async () => posted(), (n) => n === 1, 30_000);
      await pg2.stop('SIGKILL'); // a crash, while the call is in flight
      expect(await job).toMatch(/^failed/); // the job fails (BullMQ would retry it); the process goes on
      await pg2.start();
      // the crashed attempt's lease runs out (a minute: here, at once); the outbox finds the post by its key
      await eventually(() => db.pool.query(`UPDATE "ChatPost" SET "leaseUntil" = NULL WHERE kind = 'unexplained-list'`).then(() => true), (ok) => ok, 60_000);
      await db.pool.query(`UPDATE "ChatPost" SET "createdAt" = now() - interval '5 minutes' WHERE kind = 'unexplained-list'`);
      await runJob(deps, 'outbox', 'demo', AS_OF);
      expect((await db.pool.query(`SELECT status FROM "ChatPost" WHERE kind = 'unexplained-list' AND "channelId" = 'C0DEMOATT'`)).rows).toEqual([{ status: 'sent' }]);
      expect(posted()).toBe(1);
    } finally {
      await db.close();
      await slack.close();
    }
  }, 150_000);
});
