/**
 * Every kind of question, as staff ask it: `/attendance <query>` signed as Slack signs it, to
 * the compiled service (`--no-jobs`) on the demo school, driven by autocannon. Each kind is
 * warmed for 3 s, then measured for 10 s at 20 requests a second, then for 10 s at 50 concurrent
 * connections as fast as they go, after 3 s at that pace. Prints one JSON line: each kind's
 * p50/p90/p99 both ways.
 */
import { postToSlackEndpoint, slashCommand } from '../test/support/fakes.ts';
import { BENCH_SECRET, demoService } from './demo-service.ts';

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

const demo = await demoService('attendance_bench_kinds', 3998);
const load = demo.load;

const RATE = 20;
const rows: Record<string, unknown>[] = [];
for (const k of KINDS) {
  // what it answers, once: a kind answering an error would look fast
  const answer = (await postToSlackEndpoint(demo.base, BENCH_SECRET, slashCommand({ user_id: k.user, text: k.text, response_url: 'http://127.0.0.1:9/r' }), 'application/x-www-form-urlencoded')).json as { blocks?: { type: string; text?: { text: string } }[] };
  const title = answer.blocks?.find((b) => b.type === 'header')?.text?.text ?? '(no card)';
  await load(k.user, k.text, { duration: 3, connections: 10, rate: RATE });
  const r = await load(k.user, k.text, { duration: 10, connections: 10, rate: RATE });
  // and as fast as 50 connections at once can ask it, warmed at that pace first (a service in
  // use has compiled its busy paths; its first seconds at a new pace are not its pace)
  await load(k.user, k.text, { duration: 3, connections: 50 });
  const c = await load(k.user, k.text, { duration: 10, connections: 50 });
  rows.push({
    kind: k.kind, title, blocks: answer.blocks?.length ?? 0, requests: r.requests.total, non2xx: r.non2xx + c.non2xx, errors: r.errors + c.errors,
    p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max,
    at50: { requests: c.requests.total, p50: c.latency.p50, p90: c.latency.p90, p99: c.latency.p99 },
  });
}
const burst = rows[0]!.at50 as { requests: number; p50: number; p90: number; p99: number };

await demo.stop();
console.log(JSON.stringify({
  school: { pupils: demo.pupils, asOf: demo.asOf }, rate: RATE, kinds: rows,
  pupilAt50: burst,
}));
