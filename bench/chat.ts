/**
 * Query latency: `/attendance DEMO9001` from the head of year 9, signed as Slack signs it,
 * 50 concurrent connections against the compiled service on the demo school, driven by
 * autocannon: the first 3 seconds after the service starts (the JIT still compiling), then
 * 10 seconds measured. Prints the latency percentiles of both.
 */
import { demoService } from './demo-service.ts';

const port = 3999;
const demo = await demoService('attendance_bench_chat', port);
const slack = demo.slack;
const load = (duration: number, connections: number) => demo.load('U0DEMOHOY9', 'DEMO9001', { duration, connections });
const timestamp = Math.floor(Date.now() / 1000);
const cold = await load(Number(process.env.BENCH_WARMUP ?? 3), 50);
const result = await load(10, 50);

// the same load, beside what an attacker or a broken integration sends before anyone is
// authenticated: deeply nested JSON to /api/messages (6 a second), 100 connections trickling a
// Slack body a byte at a time, and a bad roll of 10,000 rows to the import endpoint each second
const { connect } = await import('node:net');
let stop = false;
const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const abuse: Promise<unknown>[] = [];
abuse.push((async () => { let n = 0; while (!stop) { await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nested }).then((r) => r.text(), () => ''); n++; await new Promise((r) => setTimeout(r, 160)); } return n; })());
const slow = Array.from({ length: 100 }, () => {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(`POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\nX-Slack-Request-Timestamp: ${timestamp}\r\nX-Slack-Signature: v0=${'0'.repeat(64)}\r\n\r\n`);
  const drip = setInterval(() => { if (!socket.destroyed) socket.write('x'); }, 2_000);
  return { socket, drip };
});
const badRoll = `upn,given_name,family_name,year,reg_group,admission_date\n${Array.from({ length: 10_000 }, (_, i) => `BAD${i},,,x,,notadate`).join('\n')}\n`;
abuse.push((async () => { while (!stop) { await fetch(`http://127.0.0.1:${port}/api/import/pupils?school=demo`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: 'Bearer not-a-key' }, body: badRoll }).then((r) => r.text(), () => ''); await new Promise((r) => setTimeout(r, 1000)); } })());
const attacked = await load(10, 50);
stop = true;
for (const s of slow) { clearInterval(s.drip); s.socket.destroy(); }
await Promise.all(abuse);
console.error(`slack API calls during the run: ${slack.calls.length} (${[...new Set(slack.calls.map((c) => c.path))].join(", ")})`);
await demo.stop();
console.log(JSON.stringify({
  requests: result.requests.total, non2xx: result.non2xx, errors: result.errors,
  p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, rps: Math.round(result.requests.average),
  cold: { requests: cold.requests.total, p50: cold.latency.p50, p99: cold.latency.p99, max: cold.latency.max },
  attacked: { requests: attacked.requests.total, non2xx: attacked.non2xx, errors: attacked.errors, p50: attacked.latency.p50, p99: attacked.latency.p99, max: attacked.latency.max },
}));
