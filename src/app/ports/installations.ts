/**
 * Where the service is installed in chat workspaces: each Slack workspace (or Enterprise Grid
 * organisation) that added the app by OAuth, with its tokens. The store keeps the tokens sealed;
 * here they are plain, for the Slack adapter to authorise and post with.
 */
export interface SlackInstallationRecord {
  readonly teamId: string | null;
  readonly enterpriseId: string | null;
  readonly isEnterpriseInstall: boolean;
  readonly botToken: string;
  readonly botUserId: string | null;
  readonly botId: string | null;
  readonly scopes: readonly string[];
  /** With token rotation: the refresh token, and when the bot token expires. */
  readonly refreshToken: string | null;
  readonly expiresAt: Date | null;
  readonly installerUserId: string | null;
  /** The rest of what Slack answered at installation, without its tokens. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface SlackInstallations {
  save(record: SlackInstallationRecord): Promise<void>;
  /** The live installation for a workspace (or its organisation's), if any. */
  find(query: { readonly teamId?: string | null; readonly enterpriseId?: string | null; readonly isEnterpriseInstall?: boolean }): Promise<SlackInstallationRecord | undefined>;
  /** Slack said the app was removed, or its tokens revoked: nothing is sent with it again. Returns whether there was one. */
  uninstalled(teamId: string, at: Date): Promise<boolean>;
  /** Seals every stored token again under the current key (after SECRETS_KEY changed). Returns how many. */
  reseal(): Promise<number>;
}
