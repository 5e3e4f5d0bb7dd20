/**
 * The composition root: the PostgreSQL stores, the chat platforms that are on, the MIS
 * connector and the clock, wired into what the use cases and jobs take. The service, the CLI
 * and the demo each call `compose` once; only this file knows which adapter implements which
 * port.
 */
import { pgAnnouncements } from './adapters/db/announcement-store.ts';
import { pgJobRuns } from './adapters/db/job-run-store.ts';
import type { Db } from './adapters/db/client.ts';
import { pgMisStore } from './adapters/db/mis-store.ts';
import { pgSchoolAdmin } from './adapters/db/school-store.ts';
import { pgImports, pgStores } from './adapters/db/stores.ts';
import { wondeSource } from './adapters/mis/wonde/wonde.ts';
import { installedTokens, singleToken, slackPlatform } from './adapters/slack/sender.ts';
import { type SlackOAuth, slackInstaller } from './adapters/slack/installations.ts';
import { pgSlackInstallations } from './adapters/db/slack-installation-store.ts';
import { keyring } from './shared/secrets.ts';
import { letterFiles } from './adapters/files/letter-files.ts';
import { createHmac, randomBytes } from 'node:crypto';
import { teamsPlatform } from './adapters/teams/platform.ts';
import type { AppDeps } from './app/deps.ts';
import type { JobDeps } from './app/jobs/index.ts';
import { deliverOpenFlags, redeliverFlag } from './app/jobs/safeguarding-flags.ts';
import { refreshUnexplainedLists } from './app/jobs/unexplained-list.ts';
import { civilDate, systemClock } from './config/clock.ts';
import type { ChatPlatforms, Clock, SchoolAdmin } from './app/ports.ts';
import type { Env } from './config/env.ts';
import type { EscalationPolicy } from './domain/flags.ts';

/** Everything the service, the CLI and the demo need, built once over one database. */
export interface Composition {
  /** The chat platforms that are on, built once. */
  readonly platforms: ChatPlatforms;
  /** What the use cases take (casework from chat also brings the day's shared lists up to date). */
  readonly app: AppDeps;
  /** What the jobs take: the same stores and platforms, with the MIS connector when it is set. */
  readonly jobs: JobDeps;
  /** The school day the bot answers for in a school: its civil date now, or the fixed date of a demo. */
  readonly asOf: (schoolId: string) => Promise<string>;
  /** Where the school-settings use cases write. */
  readonly schoolAdmin: SchoolAdmin;
  /** Slack installation by OAuth, when it is on. */
  readonly slackOAuth?: SlackOAuth;
  /** Where the service listens, for download links when PUBLIC_URL is not set (a local run). */
  readonly listeningAt: (url: string) => void;
}

export interface ComposeOptions {
  readonly clock?: Clock;
  /** Answer as of this date instead of today (demos and tests). */
  readonly asOf?: string;
  /** The platforms to deliver through instead of those the environment turns on (the demo's preview). */
  readonly platforms?: ChatPlatforms;
}

export function compose(db: Db, env: Env, options: ComposeOptions = {}): Composition {
  const clock = options.clock ?? systemClock;
  const slackOAuth = slackOAuthOf(db, env);
  const platforms = options.platforms ?? chatPlatforms(env, slackOAuth);
  let listening: string | undefined;
  const links = { baseUrl: () => env.PUBLIC_URL ?? listening ?? `http://localhost:${env.PORT}`, key: linkKeyOf(env) };
  const jobs = { ...jobDeps(db, platforms, clock, undefined, misConnector(db, env)), downloadLinks: links };
  const asOf = async (schoolId: string) => options.asOf ?? civilDate(clock.now(), (await jobs.schools.load(schoolId)).timezone);
  return { platforms, app: jobs, jobs, asOf, schoolAdmin: pgSchoolAdmin(db), ...(slackOAuth ? { slackOAuth } : {}), listeningAt: (url) => { listening = url; } };
}

/**
 * The key download links are signed with: derived from SECRETS_KEY (the same in every process
 * of a deployment), or, without it, made at start (links then die with the process).
 */
const processKey = randomBytes(32);
export function linkKeyOf(env: Pick<Env, 'SECRETS_KEY'>): Buffer {
  return env.SECRETS_KEY ? createHmac('sha256', Buffer.from(env.SECRETS_KEY, 'base64')).update('letter-download-links').digest() : processKey;
}
/** The links of a process that has no environment to read (the CLI, tests): local, with the process's key. */
const LOCAL_LINKS = { baseUrl: () => 'http://localhost:3000', key: processKey };

/** Installation by OAuth, with the tokens sealed under SECRETS_KEY, when SLACK_CLIENT_ID and its fellows are set. */
export function slackOAuthOf(db: Db, env: Pick<Env, 'SLACK_CLIENT_ID' | 'SLACK_CLIENT_SECRET' | 'SLACK_STATE_SECRET' | 'SECRETS_KEY' | 'SECRETS_KEY_PREVIOUS'>): SlackOAuth | undefined {
  if (!env.SLACK_CLIENT_ID || !env.SLACK_CLIENT_SECRET || !env.SLACK_STATE_SECRET || !env.SECRETS_KEY) return undefined;
  const keys = keyring(env.SECRETS_KEY, (env.SECRETS_KEY_PREVIOUS ?? '').split(',').filter((k) => k.trim() !== ''));
  return { clientId: env.SLACK_CLIENT_ID, clientSecret: env.SLACK_CLIENT_SECRET, stateSecret: env.SLACK_STATE_SECRET, installations: pgSlackInstallations(db, keys) };
}

/**
 * Slack by each workspace's installation (OAuth), or by the one SLACK_BOT_TOKEN; Teams always
 * (proactive posts to stored conversations).
 */
export function chatPlatforms(env: Pick<Env, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL' | 'MICROSOFT_APP_ID' | 'MICROSOFT_APP_PASSWORD' | 'MICROSOFT_APP_TENANT_ID'>, oauth?: SlackOAuth): ChatPlatforms {
  const tokens = oauth ? installedTokens(slackInstaller(oauth, env.SLACK_API_URL)) : env.SLACK_BOT_TOKEN ? singleToken(env.SLACK_BOT_TOKEN) : undefined;
  return {
    ...(tokens ? { slack: slackPlatform(tokens, env.SLACK_API_URL) } : {}),
    teams: teamsPlatform({ appId: env.MICROSOFT_APP_ID, appPassword: env.MICROSOFT_APP_PASSWORD, tenantId: env.MICROSOFT_APP_TENANT_ID }),
  };
}

/**
 * The stores every use case reads and writes; with the platforms, casework from chat also
 * brings the day's shared lists up to date.
 */
export function appDeps(db: Db, platforms?: ChatPlatforms, clock: Clock = systemClock): AppDeps {
  if (!platforms) return { ...pgStores(db), letterFiles, downloadLinks: LOCAL_LINKS, clock };
  return jobDeps(db, platforms, clock);
}

/** The MIS connector when WONDE_TOKEN is set (the token stays in the environment). */
export function misConnector(db: Db, env: Pick<Env, 'WONDE_API_URL' | 'WONDE_TOKEN'>): JobDeps['mis'] {
  return env.WONDE_TOKEN ? { source: wondeSource({ apiUrl: env.WONDE_API_URL, token: env.WONDE_TOKEN }), store: pgMisStore(db), imports: pgImports(db) } : undefined;
}

export function jobDeps(db: Db, platforms: ChatPlatforms, clock: Clock, escalation?: EscalationPolicy, mis?: JobDeps['mis']): JobDeps {
  const deps: JobDeps = { ...pgStores(db), letterFiles, downloadLinks: LOCAL_LINKS, announcements: pgAnnouncements(db), jobRuns: pgJobRuns(db), platforms, clock, ...(escalation ? { escalation } : {}), ...(mis ? { mis } : {}) };
  return {
    ...deps,
    sharedPosts: {
      refresh: async (schoolId, date) => {
        const asked = deps.clock.now();
        await refreshUnexplainedLists(deps, schoolId, date);
        await deps.posts.refreshed(schoolId, date, new Date(Math.max(asked.getTime(), Date.now())));
      },
      refreshFlag: (schoolId, flagId) => redeliverFlag(deps, schoolId, flagId),
      deliverOpenFlags: async (schoolId, date) => { await deliverOpenFlags(deps, await deps.schools.load(schoolId), date); },
    },
  };
}
