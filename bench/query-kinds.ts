/**
 * Every kind of question, as staff ask it: `/attendance <query>` signed as Slack signs it, to
 * the compiled service (`--no-jobs`) on the demo school, driven by autocannon. Each kind is
 * warmed for 3 s, then measured for 10 s at 20 requests a second, then for 10 s at 50 concurrent
 * connections as fast as they go. Prints one JSON line: each kind's p50/p90/p99 both ways.
 */
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { seedDemo } from '../src/demo/seed.ts';
import { fakeSlack, slackSignature, slashCommand } from '../test/support/fakes.ts';
import { freshBenchDb } from './db.ts';

const AS_OF = '2025-02-26';
const SECRET = 'bench-secret';

/** The kinds, each as the person who would ask it. */
export const KINDS: readonly { kind: string; user: string; text: string }[] = [
  { kind: 'pupil (UPN)', user: 'U0DEMOHOY9', text: 'DEMO9001' },
  { kind: 'name (fuzzy)', user: 'U0DEMOATT', text: 'ava nien' },
  { kind: 'name (several)', user: 'U0DEMOATT', text: 'ahmed' },
  { kind: 'form', user: 'U0DEMOHOY9', text: '9A' },
  { kind: 'year', user: 'U0DEMOHOY9', text: 'year 9' },
  { kind: 'pa', user: 'U0DEMOATT', text: 'pa' },
  { kind: 'sa', user: 'U0DEMOATT', text: 'sa' },
  { kind: 'penalty', user: 'U0DEMOATT', text: 'penalty' },
  { kind: 'steps', user: 'U0DEMOATT', text: 'steps' },
  { kind: 'mis', user: 'U0DEMOATT', text: 'mis' },
  { kind: 'today', user: 'U0DEMOATT', text: 'today' },
];

const { url, db } = await freshBenchDb('attendance_bench_kinds');
const seeded = await seedDemo(db, AS_OF);
const pupils = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Pupil"`)).rows[0]!.n;
await db.close();
const slack = await fakeSlack();
const port = 3998;
const service = spawn(process.execPath, ['dist/src/main.js', '--no-jobs'], {
  env: { ...process.env, DATABASE_URL: url, PORT: String(port), SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: `${slack.url}/api/`, ATTENDANCE_AS_OF: AS_OF },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (let i = 0; ; i++) {
  if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) break;
  if (i > 150) throw new Error('the service did not start');
  await new Promise((r) => setTimeout(r, 200));
}

function load(user: string, text: string, options: { duration: number; connections: number; rate?: number }) {
  const body = slashCommand({ user_id: user, text, response_url: 'http://127.0.0.1:9/response' });
  const timestamp = Math.floor(Date.now() / 1000);
  return autocannon({
    url: `http://127.0.0.1:${port}/slack/events`, method: 'POST', connections: options.connections, duration: options.duration,
    ...(options.rate ? { overallRate: options.rate } : {}),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SECRET, timestamp, body) },
    body,
  }) as Promise<{ requests: { total: number }; non2xx: number; errors: number; latency: { p50: number; p90: number; p99: number; max: number } }>;
}

const RATE = 20;
const rows: Record<string, unknown>[] = [];
for (const k of KINDS) {
  // what it answers, once: a kind answering an error would look fast
  const body = slashCommand({ user_id: k.user, text: k.text, response_url: 'http://127.0.0.1:9/r' });
  const t = Math.floor(Date.now() / 1000);
  const answer = await (await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(t), 'x-slack-signature': slackSignature(SECRET, t, body) },
  })).json() as { blocks?: { type: string; text?: { text: string } }[] };
  const title = answer.blocks?.find((b) => b.type === 'header')?.text?.text ?? '(no card)';
  await load(k.user, k.text, { duration: 3, connections: 10, rate: RATE });
  const r = await load(k.user, k.text, { duration: 10, connections: 10, rate: RATE });
  // and as fast as 50 connections at once can ask it
  const c = await load(k.user, k.text, { duration: 10, connections: 50 });
  rows.push({
    kind: k.kind, title, blocks: answer.blocks?.length ?? 0, requests: r.requests.total, non2xx: r.non2xx + c.non2xx, errors: r.errors + c.errors,
    p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max,
    at50: { requests: c.requests.total, p50: c.latency.p50, p90: c.latency.p90, p99: c.latency.p99 },
  });
}
const burst = rows[0]!.at50 as { requests: number; p50: number; p90: number; p99: number };

service.kill('SIGTERM');
await slack.close();
await new Promise((r) => service.once('exit', r));
console.log(JSON.stringify({
  school: { pupils, asOf: seeded.asOf }, rate: RATE, kinds: rows,
  pupilAt50: burst,
}));
