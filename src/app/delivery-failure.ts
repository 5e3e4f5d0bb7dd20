/**
 * How a chat platform says a post did not go: transient (a 5xx, a lost answer, the network:
 * the outbox tries again, looking first for the message where the platform can) or permanent
 * (the channel is gone, the bot is not in it, the token is revoked, Teams says 403/404: trying
 * again cannot help, so it is not retried and the school is told what to fix).
 */
export class DeliveryFailure extends Error {
  constructor(
    /** The platform's own word for it: `channel_not_found`, `http 500`, `teams 404`. */
    readonly code: string,
    readonly permanent: boolean,
    message?: string,
    /** The conversation itself is gone (Teams 403/404: the bot was removed): it is no longer posted to. */
    readonly conversationGone = false,
  ) {
    super(message ?? code);
    this.name = 'DeliveryFailure';
  }
}

/** What to do about a permanent failure, in the school's words. */
export function fixFor(failure: Pick<DeliveryFailure, 'code' | 'conversationGone'>): string {
  const { code } = failure;
  if (code === 'channel_not_found' || code === 'not_in_channel' || code === 'is_archived') return 'invite the bot to the channel, or name another with `school channel`';
  if (code === 'invalid_auth' || code === 'token_revoked' || code === 'account_inactive' || code === 'not_authed') return 'the Slack token no longer works: add the app to the workspace again (/slack/install), or, with one workspace, set a new SLACK_BOT_TOKEN';
  if (code === 'app_uninstalled') return 'the Slack app was removed from the school\'s workspace: nothing more is sent there until it is added again (/slack/install)';
  if (code === 'no_workspace') return 'the school has no Slack workspace: set it with `school workspace --slack-team T…`';
  if (failure.conversationGone) return 'the bot was removed from that Teams conversation; it no longer posts there (say `subscribe …` in a channel to bind another)';
  return 'check the bot can post there';
}
