/**
 * What the chat benchmarks share: the demo school in a benchmark database of its own, the
 * compiled service on it in its own process (`--no-jobs`, as `npm start` runs it; BENCH_NODE_FLAGS
 * are passed to node), a stand-in Slack for Bolt's token check, and `/attendance` load signed
 * as Slack signs it (autocannon).
 */
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { seedDemo } from '../src/demo/seed.ts';
import { fakeSlack, slackSignature, slashCommand } from '../test/support/fakes.ts';
import { freshBenchDb } from './db.ts';

export const BENCH_AS_OF_DEMO = '2025-02-26';
export const BENCH_SECRET = 'bench-secret';

export interface AutocannonResult {
  requests: { total: number; average: number };
  non2xx: number;
  errors: number;
  latency: { p50: number; p90: number; p99: number; max: number };
}

export async function demoService(database: string, port: number) {
  const { url, db } = await freshBenchDb(database);
  const seeded = await seedDemo(db, BENCH_AS_OF_DEMO);
  const pupils = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Pupil"`)).rows[0]!.n;
  await db.close();
  const slack = await fakeSlack(); // Bolt checks its token with auth.test once
  const service = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), 'dist/src/main.js', '--no-jobs'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), SLACK_SIGNING_SECRET: BENCH_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: `${slack.url}/api/`, ATTENDANCE_AS_OF: BENCH_AS_OF_DEMO },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) break;
    if (i > 150) throw new Error('the service did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base: `http://127.0.0.1:${port}`, slack, pupils, asOf: seeded.asOf,
    /** `/attendance <text>` from `user`, signed, for `duration` s over `connections`, at `rate` a second in all if given. */
    load(user: string, text: string, options: { duration: number; connections: number; rate?: number }): Promise<AutocannonResult> {
      const body = slashCommand({ user_id: user, text, response_url: 'http://127.0.0.1:9/response' });
      const timestamp = Math.floor(Date.now() / 1000);
      return autocannon({
        url: `http://127.0.0.1:${port}/slack/events`, method: 'POST', connections: options.connections, duration: options.duration,
        ...(options.rate ? { overallRate: options.rate } : {}),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(BENCH_SECRET, timestamp, body) },
        body,
      });
    },
    async stop() {
      service.kill('SIGTERM');
      await slack.close();
      await new Promise((r) => service.once('exit', r));
    },
  };
}
