/**
 * Query latency: `/attendance DEMO9001` from the head of year 9, signed as Slack signs it,
 * 50 concurrent connections for 10 seconds against the running service on the demo school,
 * driven by autocannon. Prints the latency percentiles.
 */
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { seedDemo } from '../src/demo/seed.ts';
import { fakeSlack, slackSignature, slashCommand } from '../test/support/fakes.ts';
import { freshBenchDb } from './db.ts';

const AS_OF = '2025-02-26';
const SECRET = 'bench-secret';
const { url, db } = await freshBenchDb('attendance_bench_chat');
await seedDemo(db, AS_OF);
await db.close();
const slack = await fakeSlack(); // Bolt checks its token with auth.test once
const port = 3999;
// the service in its own process, as it runs for real
const service = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--no-jobs'], {
  env: { ...process.env, DATABASE_URL: url, PORT: String(port), SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: `${slack.url}/api/`, ATTENDANCE_AS_OF: AS_OF },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (let i = 0; ; i++) {
  const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
  if (ok) break;
  if (i > 100) throw new Error('the service did not start');
  await new Promise((r) => setTimeout(r, 200));
}
const body = slashCommand({ user_id: 'U0DEMOHOY9', text: 'DEMO9001', response_url: 'http://127.0.0.1:9/response' });
const timestamp = Math.floor(Date.now() / 1000);
const result = await autocannon({
  url: `http://127.0.0.1:${port}/slack/events`,
  method: 'POST',
  connections: 50,
  duration: 10,
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SECRET, timestamp, body) },
  body,
});
service.kill('SIGTERM');
console.error(`slack API calls during the run: ${slack.calls.length} (${[...new Set(slack.calls.map((c) => c.path))].join(", ")})`);
await slack.close();
await new Promise((r) => service.once('exit', r));
console.log(JSON.stringify({
  requests: result.requests.total, non2xx: result.non2xx, errors: result.errors,
  p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, rps: Math.round(result.requests.average),
}));
