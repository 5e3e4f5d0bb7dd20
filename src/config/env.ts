/**
 * The service's configuration, from the environment, validated once at start with a clear
 * message per missing or bad value (../shared/reference/chat-contract.md).
 */
import { z } from 'zod';
import { ConfigError, configProblems, DATABASE_PROTOCOLS, DEFAULT_DATABASE_URL, isUrlOf, urlMessage } from './database-url.ts';

export { ConfigError, DEFAULT_DATABASE_URL } from './database-url.ts';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const url = (what: string, protocols: string[]) =>
  z.string().trim().refine((v) => isUrlOf(v, protocols), urlMessage(what, protocols));

const optional = z.string().trim().optional().transform((v) => (v === '' ? undefined : v));

export const envSchema = z.object({
  DATABASE_URL: url('DATABASE_URL', DATABASE_PROTOCOLS).default(DEFAULT_DATABASE_URL),
  REDIS_URL: url('REDIS_URL', ['redis:', 'rediss:']).default(DEFAULT_REDIS_URL),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Jobs one worker process runs at once (each a school's job: a list, the flags, a sync). */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SLACK_SIGNING_SECRET: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_API_URL: url('SLACK_API_URL', ['http:', 'https:']).default('https://slack.com/api/'),
  /** Installation by OAuth ("Add to Slack"), for many workspaces: all three, with SECRETS_KEY. */
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  /** 32 bytes, base64: the key stored credentials are sealed with (AES-256-GCM). */
  SECRETS_KEY: optional.pipe(z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'SECRETS_KEY must be 32 bytes, base64 (`openssl rand -base64 32`)').optional()),
  /** Earlier keys, comma-separated, kept while `secrets rotate` seals everything under SECRETS_KEY again. */
  SECRETS_KEY_PREVIOUS: optional,
  MICROSOFT_APP_ID: optional,
  MICROSOFT_APP_PASSWORD: optional,
  MICROSOFT_APP_TENANT_ID: optional,
  /** Wonde's School Data API, up to and including /v1.0 (tests point it at a stand-in). */
  WONDE_API_URL: url('WONDE_API_URL', ['http:', 'https:']).default('https://api.wonde.com/v1.0'),
  /** The product's Wonde bearer token: never stored in the database, never printed. */
  WONDE_TOKEN: optional,
  /** Where the service is reached from outside (https://attendance.example.org): one-time download links start with it. */
  PUBLIC_URL: optional.pipe(z.string().refine((v) => isUrlOf(v, ['http:', 'https:']), urlMessage('PUBLIC_URL', ['http:', 'https:'])).transform((v) => v.replace(/\/+$/, '')).optional()),
  /** Answer as of this school day instead of today: for demos on a seeded school. */
  ATTENDANCE_AS_OF: optional.pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ATTENDANCE_AS_OF must be a date (YYYY-MM-DD)').optional()),
}).superRefine((e, ctx) => {
  const oauth = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  if (oauth.some(Boolean) && !oauth.every(Boolean)) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_CLIENT_ID'], message: 'installation by OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together' });
  }
  if (oauth.some(Boolean) && !e.SECRETS_KEY) {
    ctx.addIssue({ code: 'custom', path: ['SECRETS_KEY'], message: 'installation by OAuth keeps every workspace\'s token encrypted: set SECRETS_KEY (32 bytes, base64: `openssl rand -base64 32`)' });
  }
});

export type Env = z.infer<typeof envSchema>;

/** OAuth installation is on: SLACK_CLIENT_ID and its fellows are set (loadEnv has checked SECRETS_KEY). */
export const slackOAuthIsOn = (e: Pick<Env, 'SLACK_CLIENT_ID'>): boolean => Boolean(e.SLACK_CLIENT_ID);

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const r = envSchema.safeParse(source);
  if (!r.success) {
    throw new ConfigError(configProblems(r.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`)));
  }
  return r.data;
}
