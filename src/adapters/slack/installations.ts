/**
 * Slack installations by OAuth ("Add to Slack"), for Bolt: the store Bolt's installer writes
 * to and reads from (tokens sealed in PostgreSQL by the store behind the port), and the
 * installer that gives a workspace's token to anything posting outside a request, refreshing it
 * first when the app uses token rotation.
 */
import { type Installation, type InstallationQuery, type InstallationStore, InstallProvider } from '@slack/oauth';
import type { SlackInstallationRecord, SlackInstallations } from '../../app/ports.ts';

/** The OAuth settings (../shared/reference/chat-contract.md): SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET. */
export interface SlackOAuth {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  readonly installations: SlackInstallations;
}

/** The bot scopes the app asks for, and what each is for (the README lists them). */
export const SLACK_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'im:write', 'files:write'] as const;

function recordOf(i: Installation): SlackInstallationRecord {
  if (!i.bot) throw new Error('the installation has no bot token: the app asks for bot scopes only');
  const { bot, user, ...rest } = i;
  return {
    teamId: i.team?.id ?? null, enterpriseId: i.enterprise?.id ?? null, isEnterpriseInstall: i.isEnterpriseInstall === true,
    botToken: bot.token, botUserId: bot.userId, botId: bot.id, scopes: bot.scopes,
    refreshToken: bot.refreshToken ?? null, expiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000) : null,
    installerUserId: user.id ?? null,
    // what Slack answered, without any token
    details: JSON.parse(JSON.stringify({ ...rest, user: { id: user.id, scopes: user.scopes } })) as Record<string, unknown>,
  };
}

function installationOf(r: SlackInstallationRecord): Installation {
  const details = r.details as Partial<Installation>;
  return {
    ...details,
    team: r.teamId ? { id: r.teamId, ...(details.team?.name ? { name: details.team.name } : {}) } : undefined,
    enterprise: r.enterpriseId ? { id: r.enterpriseId, ...(details.enterprise?.name ? { name: details.enterprise.name } : {}) } : undefined,
    isEnterpriseInstall: r.isEnterpriseInstall,
    user: { token: undefined, scopes: undefined, id: r.installerUserId ?? '' },
    bot: {
      token: r.botToken, scopes: [...r.scopes], id: r.botId ?? '', userId: r.botUserId ?? '',
      ...(r.refreshToken ? { refreshToken: r.refreshToken } : {}), ...(r.expiresAt ? { expiresAt: Math.floor(r.expiresAt.getTime() / 1000) } : {}),
    },
  } as Installation;
}

export function boltInstallationStore(store: SlackInstallations): InstallationStore {
  return {
    async storeInstallation(i) { await store.save(recordOf(i)); },
    async fetchInstallation(q: InstallationQuery<boolean>) {
      const r = await store.find(q);
      if (!r) throw new Error(`the app is not installed in workspace ${q.teamId ?? q.enterpriseId ?? '?'}`);
      return installationOf(r);
    },
    async deleteInstallation(q) { if (q.teamId) await store.uninstalled(q.teamId, new Date()); },
  };
}

/** Bolt's installer with our store, its Web API calls (oauth.v2.access) at SLACK_API_URL. */
export function slackInstaller(oauth: SlackOAuth, apiUrl: string): InstallProvider {
  return new InstallProvider({
    clientId: oauth.clientId, clientSecret: oauth.clientSecret, stateSecret: oauth.stateSecret,
    installationStore: boltInstallationStore(oauth.installations), clientOptions: { slackApiUrl: apiUrl },
  });
}
