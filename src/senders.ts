/** The platforms the jobs post to: Slack when its token is set, Teams through the bot adapter. */
import type { Db } from './adapters/db/client.ts';
import { slackSender } from './adapters/slack/sender.ts';
import { createTeams, type Teams } from './adapters/teams/bot.ts';
import type { ChatSender } from './app/delivery.ts';
import type { Env } from './config/env.ts';

export function chatSender(env: Env, db: Db, teams?: Teams): ChatSender {
  const t = teams ?? createTeams({ db, asOf: async () => '' }, { appId: env.MICROSOFT_APP_ID, appPassword: env.MICROSOFT_APP_PASSWORD, tenantId: env.MICROSOFT_APP_TENANT_ID });
  return {
    ...(env.SLACK_BOT_TOKEN ? { slack: slackSender(env.SLACK_BOT_TOKEN, env.SLACK_API_URL) } : {}),
    teams: {
      async post(reference, card) { return t.post(reference, card); },
      async update(reference, id, card) { await t.update(reference, id, card); },
    },
  };
}
