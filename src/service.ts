/**
 * The service (`npm start`): HTTP on $PORT with Slack, Teams, health and import routes, and
 * the BullMQ workers and schedulers (unless --no-jobs). Configuration comes from the
 * environment, validated at start with a clear message for each bad value.
 */
import { Redis } from 'ioredis';
import type { Server } from 'node:http';
import { openDb, type Db } from './adapters/db/client.ts';
import { warmUp } from './adapters/db/warm-up.ts';
import { migrate, ensureDatabase } from './adapters/db/migrate.ts';
import { createSlack, INSTALL_PATH, REDIRECT_PATH, type Slack } from './adapters/slack/app.ts';
import { createTeams, type Teams } from './adapters/teams/bot.ts';
import { type Clock, systemClock } from './config/clock.ts';
import { ConfigError, type Env } from './config/env.ts';
import { healthRoute } from './server/health-route.ts';
import { type Route, startHttp, stopHttp } from './server/http.ts';
import { downloadRoute } from './server/download-route.ts';
import { importRoutes } from './server/import-route.ts';
import { compose } from './compose.ts';
import { settlesWithin } from './shared/in-flight.ts';
import type { Queue, Worker } from 'bullmq';
import { catchUp, createQueue, type JobData, keepSchedulers, startWorker, syncSchedulers } from '../jobs/queue.ts';

export interface Service {
  readonly server: Server;
  readonly db: Db;
  readonly redis: Redis;
  /** Teams' handler: absent in a process without the chat routes (`--no-http`). */
  readonly teams?: Teams;
  /** The chat platforms this process answers (none in a worker process). */
  readonly platforms: string[];
  stop(): Promise<void>;
}

export interface ServiceOptions {
  readonly clock?: Clock;
  /** Answer as of this date instead of today (demos and tests). */
  readonly asOf?: string;
  /** How often the job schedulers are re-asserted (default every 5 minutes). */
  readonly keepSchedulersMs?: number;
  /** Run the BullMQ workers and schedulers (default true; `npm start -- --no-jobs` turns them off). */
  readonly jobs?: boolean;
  /**
   * Answer Slack, Teams, imports and downloads (default true; `npm start -- --no-http` turns them
   * off: a worker process, which answers /healthz only).
   */
  readonly http?: boolean;
  /** Jobs one worker process runs at once (JOB_CONCURRENCY, default 4). */
  readonly concurrency?: number;
  readonly host?: string;
  readonly log?: (line: string) => void;
}

/** Calls `fn` at most once per `ms`. */
function throttled<A extends unknown[]>(ms: number, fn: (...a: A) => void): (...a: A) => void {
  let last = -Infinity;
  return (...a) => {
    const t = Date.now();
    if (t - last < ms) return;
    last = t;
    fn(...a);
  };
}

/** How often the service re-asserts the job schedulers. */
export const KEEP_SCHEDULERS_MS = 5 * 60_000;

export async function startService(env: Env, options: ServiceOptions = {}): Promise<Service> {
  const log = options.log ?? ((l: string) => console.log(l));
  const chat = options.http ?? true;
  const jobs = options.jobs ?? true;
  if (!chat && !jobs) throw new ConfigError('--no-jobs with --no-http leaves the process nothing to do: start one of each instead');
  const concurrency = options.concurrency ?? env.JOB_CONCURRENCY;
  // with Bot Framework authentication off anyone who reaches /api/messages is believed: local only
  const botAuthenticated = Boolean(env.MICROSOFT_APP_ID && env.MICROSOFT_APP_PASSWORD);
  const host = options.host ?? (botAuthenticated ? undefined : '127.0.0.1');
  if (!botAuthenticated && host !== undefined && !['127.0.0.1', '::1', 'localhost'].includes(host)) {
    throw new Error(`teams: Bot Framework authentication is off, so the service listens on 127.0.0.1 only, not ${host}: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD`);
  }
  await ensureDatabase(env.DATABASE_URL);
  await migrate(env.DATABASE_URL);
  const db = openDb(env.DATABASE_URL);
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on('error', () => undefined); // /healthz reports it
  const clock = options.clock ?? systemClock;
  const root = compose(db, env, { clock, ...(options.asOf ? { asOf: options.asOf } : {}) });
  const asOf = root.asOf;

  const routes: Route[] = [healthRoute(db, redis), ...(chat ? [...importRoutes(db), downloadRoute(root.app)] : [])];
  const platforms: string[] = [];
  let slack: Slack | undefined;
  let teams: Teams | undefined;
  if (!chat) {
    log('chat: off in this process (--no-http): it runs the jobs, and answers /healthz only');
  } else if (env.SLACK_SIGNING_SECRET && (root.slackOAuth || env.SLACK_BOT_TOKEN)) {
    slack = createSlack({ app: root.app, asOf }, {
      signingSecret: env.SLACK_SIGNING_SECRET, apiUrl: env.SLACK_API_URL,
      ...(root.slackOAuth ? { oauth: root.slackOAuth } : { token: env.SLACK_BOT_TOKEN! }),
    });
    routes.push({ method: 'POST', path: '/slack/events', handle: slack.handle });
    if (slack.install) {
      routes.push({ method: 'GET', path: INSTALL_PATH, handle: slack.install }, { method: 'GET', path: REDIRECT_PATH, handle: slack.install });
      log(`slack: installation by OAuth on (${INSTALL_PATH}); each workspace's token sealed under SECRETS_KEY`);
    }
    platforms.push('slack');
  } else {
    log('slack: off (SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN, or with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SECRETS_KEY, is not set)');
  }
  if (chat) {
    teams = createTeams({ app: root.app, asOf }, { appId: env.MICROSOFT_APP_ID, appPassword: env.MICROSOFT_APP_PASSWORD, tenantId: env.MICROSOFT_APP_TENANT_ID });
    routes.push({ method: 'POST', path: '/api/messages', handle: teams.handle });
    platforms.push('teams');
    if (!teams.authenticated) {
      log('teams: WARNING: MICROSOFT_APP_ID / MICROSOFT_APP_PASSWORD are empty, so Bot Framework authentication is OFF. Anyone who can reach /api/messages can talk to the bot. For local use only.');
    }
  }
  let worker: Worker<JobData> | undefined;
  let keeper: ReturnType<typeof setInterval> | undefined;
  let queue: Queue<JobData> | undefined;
  if (jobs) {
    const jobsRedis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
    jobsRedis.on('error', () => undefined);
    queue = createQueue(jobsRedis);
    const deps = root.jobs;
    worker = startWorker(jobsRedis, deps, { concurrency });
    worker.on('failed', (job, err) => log(`jobs: ${job?.name} for ${job?.data.schoolId} failed (attempt ${job?.attemptsMade}): ${err.message}`));
    // Redis away: one line when it goes (and at most one a minute while it stays away), not a stack per retry
    const redisTrouble = throttled(60_000, (err: Error) => log(`jobs: Redis does not answer (${err.message}); jobs wait until it is back`));
    worker.on('error', redisTrouble);
    queue.on('error', redisTrouble);
    const { ids: schedulers } = await syncSchedulers(queue, deps.schools);
    const caught = await catchUp(queue, deps, clock.now(), log);
    log(`jobs: a worker running ${concurrency} at once; ${schedulers.length} schedulers for ${new Set(schedulers.map((s) => s.split(':')[0])).size} school(s)${caught.length ? `; catching up ${caught.join(', ')}` : ''}`);
    // Redis may come back empty, or a school be added: the schedulers are re-asserted regularly
    let keeping = false;
    keeper = setInterval(() => {
      if (keeping) return;
      keeping = true;
      keepSchedulers(queue!, deps, clock.now(), log)
        .catch((err: unknown) => log(`jobs: could not check the schedulers: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => { keeping = false; });
    }, options.keepSchedulersMs ?? KEEP_SCHEDULERS_MS);
    keeper.unref();
  }
  await warmUp(db);
  const server = await startHttp(routes, env.PORT, host);
  const address = server.address();
  if (typeof address === 'object' && address) root.listeningAt(`http://${host === undefined || host === '0.0.0.0' ? 'localhost' : host}:${address.port}`);
  log(`attendance bot listening on port ${typeof address === 'object' && address ? address.port : env.PORT}; ${chat ? `platforms on: ${platforms.join(', ')}` : 'a worker process (/healthz only)'}`);
  return {
    server, db, redis, teams, platforms,
    async stop() {
      if (keeper) clearInterval(keeper);
      // a job still running gets a while to finish (its posts are keyed, so a later run repeats
      // nothing); a Redis that is away must not hold the stop for ever
      const jobsStopped = (async () => {
        if (worker && !(await settlesWithin(worker.close(), 10_000))) await settlesWithin(worker.close(true), 5_000);
        await settlesWithin(queue?.close(), 5_000);
      })();
      // the chat requests being answered finish (for up to 5 s) before the database closes,
      // and so do the Slack events Bolt is still processing apart from their requests
      await Promise.all([stopHttp(server, 5_000).then(() => slack?.settled(5_000)), jobsStopped]);
      redis.disconnect();
      await db.close();
    },
  };
}
