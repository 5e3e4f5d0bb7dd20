/**
 * `npm run demo`: the whole bot on this machine with no token or tenant.
 * 1. PostgreSQL and Redis: $DATABASE_URL and $REDIS_URL when they answer; otherwise the
 *    machine's own servers, started if installed (scripts/services.sh), or one line per
 *    platform saying what to install.
 * 2. Migrations, and the demo school seeded as of the last school day.
 * 3. The service with its jobs, answering as of that day.
 * 4. The Microsoft 365 Agents Playground (a local Teams client) connected to the bot, with
 *    the attendance officer as its user; once it has connected, the morning list and the
 *    safeguarding flags are posted into it.
 * Options: --no-playground (service only), --slack-preview (print each post's Block Kit and
 * a Block Kit Builder link, then exit), --port N, --playground-port N, --as-of DATE,
 * --as officer|dsl|hoy9 (who the Playground's user is), --host H (where the bot and the Playground
 * listen: 127.0.0.1 unless asked).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Redis } from 'ioredis';
import { toBlocks } from '../adapters/slack/blocks.ts';
import { openDb } from '../adapters/db/client.ts';
import { ensureDatabase, migrate } from '../adapters/db/migrate.ts';
import { chatContextOf } from '../app/deps.ts';
import { runJob } from '../app/jobs/index.ts';
import { ask } from '../app/use-cases/ask.ts';
import { resultCard } from '../../cards/attendance.ts';
import type { Card } from '../../cards/model.ts';
import type { ChatTarget } from '../app/ports.ts';
import { civilDate } from '../config/clock.ts';
import { dayOf, isoOf } from '../domain/dates.ts';
import { loadEnv } from '../config/env.ts';
import { startService } from '../service.ts';
import { compose } from '../compose.ts';
import { DEMO_PEOPLE, DEMO_SCHOOL, DEMO_WORKSPACE, seedDemo } from './seed.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    'no-playground': { type: 'boolean' }, 'slack-preview': { type: 'boolean' },
    port: { type: 'string' }, 'playground-port': { type: 'string' }, 'as-of': { type: 'string' }, host: { type: 'string', default: '127.0.0.1' },
    as: { type: 'string', default: 'officer' },
  },
});
const say = (line: string) => console.log(`demo: ${line}`);

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch (err) {
    await c.end().catch(() => undefined);
    return (err as { code?: string }).code === '3D000'; // server up, database not created yet
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

const env = loadEnv({ ...process.env, PORT: values.port ?? process.env.PORT ?? '3978' });
if (!(await answers(env.DATABASE_URL)) || !(await redisAnswers(env.REDIS_URL))) {
  say('starting PostgreSQL and Redis on this machine');
  const r = spawnSync('bash', [join(ROOT, 'scripts/services.sh')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
await ensureDatabase(env.DATABASE_URL);
await migrate(env.DATABASE_URL);
const db = openDb(env.DATABASE_URL, 4);
const seeded = await seedDemo(db, values['as-of'] ?? civilDate(new Date()));
say(`demo school "${DEMO_SCHOOL}" seeded as of ${seeded.asOf}: ${seeded.pupils} pupils`);

if (values['slack-preview']) {
  // every post of the demo's morning, as Slack would receive it: run the jobs against a
  // sender that prints instead of posting
  const printed: string[] = [];
  const print = async (channel: string, card: Card) => {
    const blocks = toBlocks(card);
    console.log(`\n### ${card.title} → ${channel}\n${JSON.stringify({ blocks }, null, 2)}`);
    console.log(`Open in Block Kit Builder: https://app.slack.com/block-kit-builder#${encodeURIComponent(JSON.stringify({ blocks }))}`);
    printed.push(card.title);
    return `preview.${printed.length}`;
  };
  const slack = { post: (t: ChatTarget, card: Card) => print(t.channelId, card), update: async (t: ChatTarget, _ts: string, card: Card) => { await print(t.channelId, card); } };
  const deps = compose(db, env, { platforms: { slack } }).jobs;
  // the weekly summary of the last week over, as posted on its own last school day
  const lastWeek = (await deps.schools.load(DEMO_SCHOOL)).calendar.weekToSummarise(dayOf(seeded.asOf) - 7);
  // forget the demo's own Slack delivery records for the day (and that week), so that every post is made again here
  await db.pool.query(`DELETE FROM "ChatPost" WHERE "schoolId" = $1 AND "dateKey" = ANY($2::text[]) AND platform = 'slack'`, [DEMO_SCHOOL, [seeded.asOf, ...(lastWeek !== undefined ? [isoOf(lastWeek)] : [])]]);
  for (const kind of ['morning-list', 'safeguarding-flags', 'ladder-steps', 'pa-sa-changes', 'penalty-threshold'] as const) await runJob(deps, kind, DEMO_SCHOOL, seeded.asOf);
  if (lastWeek !== undefined) await runJob(deps, 'weekly-summary', DEMO_SCHOOL, isoOf(lastWeek));
  const hoy = await deps.staff.resolve({ platform: 'slack', userId: DEMO_PEOPLE.headOfYear9.slack, teamId: DEMO_WORKSPACE.slackTeamId });
  const officer = await deps.staff.resolve({ platform: 'slack', userId: DEMO_PEOPLE.attendanceOfficer.slack, teamId: DEMO_WORKSPACE.slackTeamId });
  for (const [who, label, q] of [[hoy, 'the head of year 9', 'DEMO9001'], [hoy, 'the head of year 9', 'year 9'], [officer, 'the attendance officer', 'today']] as const) {
    await print(`/attendance ${q} (answer to ${label})`, resultCard(await ask(await chatContextOf(deps, who, 'slack', async () => seeded.asOf), q)));
  }
  say(`${printed.length} Slack messages previewed`);
  await db.close();
  process.exit(0);
}

// the bot and the Playground listen on the loopback only, unless asked (--host 0.0.0.0)
const host = values.host!;
const service = await startService({ ...env, ATTENDANCE_AS_OF: seeded.asOf }, { asOf: seeded.asOf, host, log: (l) => say(l) });
const port = (service.server.address() as { port: number }).port;
let playground: ChildProcess | undefined;
const stop = async () => {
  playground?.kill('SIGTERM');
  await service.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const postMorning = async () => {
  const deps = compose(db, env).jobs;
  const list = await runJob(deps, 'morning-list', DEMO_SCHOOL, seeded.asOf);
  const flags = await runJob(deps, 'safeguarding-flags', DEMO_SCHOOL, seeded.asOf);
  say(`morning list posted (${list.items} pupils); ${flags.items} safeguarding flag(s) raised for the DSL`);
};

if (values['no-playground']) {
  say(`bot on http://127.0.0.1:${port}/api/messages (Teams) and /slack/events (Slack, when its secrets are set)`);
  await postMorning();
} else {
  const pgPort = Number(values['playground-port'] ?? 56150);
  const dir = join(ROOT, '.demo');
  mkdirSync(dir, { recursive: true });
  const people = { officer: DEMO_PEOPLE.attendanceOfficer, dsl: DEMO_PEOPLE.dsl, hoy9: DEMO_PEOPLE.headOfYear9 } as const;
  if (!(values.as! in people)) { say(`--as: one of ${Object.keys(people).join(', ')}`); process.exit(2); }
  const officer = people[values.as as keyof typeof people];
  const others = Object.values(DEMO_PEOPLE).filter((p) => p.aad !== officer.aad).slice(0, 4);
  // the Playground's user is the demo's attendance officer (its default user is unknown to the school)
  writeFileSync(join(dir, '.m365agentsplayground.yml'), [
    // the Playground's tenant is the demo school's, so its activities reach the demo school
    'version: "0.1.1"', `tenantId: ${DEMO_WORKSPACE.teamsTenantId}`,
    'bot:', '  id: 00000000-0000-0000-0000-00000000000011', '  name: Attendance',
    'currentUser:', '  id: user-id-current', `  name: ${officer.name}`, `  userPrincipleName: ${officer.email}`, `  aadObjectId: ${officer.aad}`,
    `  givenName: ${officer.name.split(' ')[0]}`, `  surname: ${officer.name.split(' ').slice(1).join(' ')}`, `  email: ${officer.email}`,
    // the Playground wants exactly five other users: the demo's other staff, and one the school does not know
    'users:',
    ...[
      ...others.map((p, i) => [`staff${i}`, p] as const),
      ['visitor', { name: 'Visiting Teacher', email: 'visitor@example.com', aad: '00000000-0000-0000-0000-0000000000f0' }] as const,
    ].flatMap(([id, p]) => {
      const person = p as { name: string; email: string; aad: string };
      const [given, ...rest] = person.name.split(' ');
      return [`  - id: user-id-${id as string}`, `    name: ${person.name}`, `    userPrincipleName: ${person.email}`, `    aadObjectId: ${person.aad}`,
        `    givenName: ${given}`, `    surname: ${rest.join(' ')}`, `    email: ${person.email}`];
    }),
    'personalChat:', '  id: demo-personal-chat', 'groupChat:', '  id: demo-group-chat', '  name: Attendance team',
    'team:', '  id: demo-team', '  name: Demo Academy', '  aadGroupId: 00000000-0000-0000-0000-000000000031', '  channels:', '    - id: demo-channel-attendance', '      name: Attendance', '',
  ].join('\n'));
  const bin = join(ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js');
  const loopback = fileURLToPath(new URL('./loopback.cjs', import.meta.url));
  playground = spawn(process.execPath, ['--require', loopback, bin, 'start', '-e', `http://127.0.0.1:${port}/api/messages`, '-c', 'msteams', '--disable-telemetry', '-p', String(pgPort)], {
    cwd: dir, env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', DEMO_LISTEN_HOST: host }, stdio: ['pipe', 'pipe', 'pipe'], // it stops when its standard input closes
  });
  let playgroundOutput = '';
  playground.stdout?.on('data', (d: Buffer) => { playgroundOutput += d.toString(); });
  playground.stderr?.on('data', (d: Buffer) => { playgroundOutput += d.toString(); });
  playground.on('exit', (code) => say(`the Playground stopped (${code})${code ? `:\n${playgroundOutput.slice(-2000)}` : ''}`));
  say(`Teams (Microsoft 365 Agents Playground): open http://127.0.0.1:${pgPort} — you are ${officer.name} (${values.as})`);
  say('try: attendance ava nine');
  // post the morning list once the Playground has introduced itself to the bot
  for (let i = 0; i < 300; i++) {
    const r = await db.pool.query(`SELECT 1 FROM "ConversationReference" WHERE lower("aadObjectId") = lower($1)`, [officer.aad]);
    if ((r.rowCount ?? 0) > 0) break;
    await new Promise((res) => setTimeout(res, 500));
  }
  await postMorning();
}
say('Ctrl-C stops the demo');
