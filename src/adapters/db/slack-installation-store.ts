/**
 * Slack installations in PostgreSQL, their tokens sealed with the keyring (AES-256-GCM under
 * SECRETS_KEY): the database never holds a token in plain text, and a key rotation re-seals
 * every one (`reseal`).
 */
import type { SlackInstallationRecord, SlackInstallations } from '../../app/ports.ts';
import type { Keyring } from '../../shared/secrets.ts';
import type { Db } from './client.ts';

const keyOf = (r: { teamId?: string | null; enterpriseId?: string | null; isEnterpriseInstall?: boolean }): string =>
  (r.isEnterpriseInstall && r.enterpriseId ? `E:${r.enterpriseId}` : `T:${r.teamId ?? ''}`);

type Row = {
  teamId: string | null; enterpriseId: string | null; isEnterpriseInstall: boolean; botToken: string; botUserId: string | null; botId: string | null;
  scopes: string[] | null; refreshToken: string | null; expiresAt: Date | null; installerUserId: string | null; details: Record<string, unknown>;
};

export function pgSlackInstallations(db: Db, keys: Keyring): SlackInstallations {
  const read = (r: Row): SlackInstallationRecord => ({
    ...r, scopes: r.scopes ?? [], botToken: keys.open(r.botToken), refreshToken: r.refreshToken === null ? null : keys.open(r.refreshToken),
  });
  return {
    async save(r) {
      await db.pool.query(
        `INSERT INTO "SlackInstallation" (key, "teamId", "enterpriseId", "isEnterpriseInstall", "botToken", "botUserId", "botId", scopes, "refreshToken", "expiresAt", "installerUserId", details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (key) DO UPDATE SET "teamId" = EXCLUDED."teamId", "enterpriseId" = EXCLUDED."enterpriseId", "isEnterpriseInstall" = EXCLUDED."isEnterpriseInstall",
           "botToken" = EXCLUDED."botToken", "botUserId" = EXCLUDED."botUserId", "botId" = EXCLUDED."botId", scopes = EXCLUDED.scopes, "refreshToken" = EXCLUDED."refreshToken",
           "expiresAt" = EXCLUDED."expiresAt", "installerUserId" = EXCLUDED."installerUserId", details = EXCLUDED.details, "installedAt" = now(), "uninstalledAt" = NULL`,
        [keyOf(r), r.teamId, r.enterpriseId, r.isEnterpriseInstall, keys.seal(r.botToken), r.botUserId, r.botId, [...r.scopes],
          r.refreshToken === null ? null : keys.seal(r.refreshToken), r.expiresAt, r.installerUserId, JSON.stringify(r.details)]);
    },
    async find(q) {
      // the workspace's own install first; else its organisation's
      const keysToTry = [...(q.teamId && !q.isEnterpriseInstall ? [`T:${q.teamId}`] : []), ...(q.enterpriseId ? [`E:${q.enterpriseId}`] : [])];
      if (keysToTry.length === 0) return undefined;
      const r = await db.pool.query<Row & { key: string }>(
        `SELECT key, "teamId", "enterpriseId", "isEnterpriseInstall", "botToken", "botUserId", "botId", scopes, "refreshToken", "expiresAt", "installerUserId", details
         FROM "SlackInstallation" WHERE key = ANY($1::text[]) AND "uninstalledAt" IS NULL`, [keysToTry]);
      const row = keysToTry.map((k) => r.rows.find((x) => x.key === k)).find(Boolean);
      if (!row) return undefined;
      const { key: _k, ...rest } = row;
      return read(rest);
    },
    async uninstalled(teamId, at) {
      const r = await db.pool.query(`UPDATE "SlackInstallation" SET "uninstalledAt" = $2 WHERE key = $1 AND "uninstalledAt" IS NULL`, [`T:${teamId}`, at]);
      return (r.rowCount ?? 0) > 0;
    },
    async reseal() {
      const rows = (await db.pool.query<{ key: string; botToken: string; refreshToken: string | null }>(`SELECT key, "botToken", "refreshToken" FROM "SlackInstallation"`)).rows;
      let n = 0;
      for (const row of rows) {
        const stale = keys.keyIdOf(row.botToken) !== keys.currentId || (row.refreshToken !== null && keys.keyIdOf(row.refreshToken) !== keys.currentId);
        if (!stale) continue;
        await db.pool.query(`UPDATE "SlackInstallation" SET "botToken" = $2, "refreshToken" = $3 WHERE key = $1`,
          [row.key, keys.seal(keys.open(row.botToken)), row.refreshToken === null ? null : keys.seal(keys.open(row.refreshToken))]);
        n++;
      }
      return n;
    },
  };
}
