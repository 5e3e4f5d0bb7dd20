/**
 * Stopping the service while Slack questions are still being answered: Bolt processes an event
 * apart from its HTTP request, so a client that has gone away leaves work running. The stop
 * waits for it before it closes the database: every question's audit entry is stored, and no
 * listener finds the pool ended.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { startService, type Service } from '../../src/service.ts';
import { freshDatabase } from '../support/db.ts';
import { fakeSlack, type Fake, slackSignature, slashCommand } from '../support/fakes.ts';

const SECRET = 'stop-signing-secret';
const AS_OF = '2025-02-26';
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let slack: Fake;
let service: Service | undefined;

beforeAll(async () => {
  ctx = await freshDatabase('stop');
  await seedDemo(ctx.db, AS_OF);
  slack = await fakeSlack();
  service = await startService(loadEnv({
    DATABASE_URL: ctx.url, PORT: '0', SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: `${slack.url}/api/`,
  }), { asOf: AS_OF, jobs: false, host: '127.0.0.1', log: () => undefined });
});
afterAll(async () => { await slack?.close(); await ctx?.drop(); });

describe('stopping the service', () => {
  it('waits for the Slack events still being processed, their clients gone, before it closes the database', async () => {
    const base = `http://127.0.0.1:${(service!.server.address() as { port: number }).port}`;
    const audited = async () => (await ctx.db.pool.query(`SELECT count(*)::int AS n FROM "AuditLog"`)).rows[0].n as number;
    const before = await audited();
    const errors = vi.spyOn(console, 'error');
    // the audit log held: each question stops at its audit entry, still being processed
    const locker = new pg.Client({ connectionString: ctx.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE "AuditLog" IN SHARE MODE');
    const questions = 8;
    const aborts = Array.from({ length: questions }, () => new AbortController());
    const sent = aborts.map((a, i) => {
      const body = slashCommand({ user_id: 'U0DEMOATT', text: 'DEMO9001', response_url: `${slack.url}/response/${i}` });
      const timestamp = Math.floor(Date.now() / 1000);
      return fetch(`${base}/slack/events`, {
        method: 'POST', signal: a.signal, body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SECRET, timestamp, body) },
      }).then((r) => r.status, () => undefined);
    });
    const waiting = async () => (await ctx.db.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO "AuditLog"%'`)).rows[0].n as number;
    await expect.poll(waiting, { timeout: 30_000 }).toBeGreaterThan(0);
    // every question reached the bot: each is acknowledged (empty, its answer to follow by
    // response_url) and its HTTP request over, while its answer is still being worked out
    expect(await Promise.all(sent)).toEqual(Array(questions).fill(200));
    aborts.forEach((a) => a.abort()); // the clients go away
    let stopped = false;
    const stopping = service!.stop().then(() => { stopped = true; });
    await new Promise((r) => setTimeout(r, 500));
    expect(stopped).toBe(false); // still waiting for the questions being answered
    await locker.query('COMMIT');
    await locker.end();
    await stopping;
    service = undefined;
    expect(await audited()).toBe(before + questions);
    const poolEnded = errors.mock.calls.flat().map(String).filter((l) => /Cannot use a pool after calling end/.test(l));
    expect(poolEnded).toEqual([]);
    errors.mockRestore();
  });
});
