import { describe, expect, it } from 'vitest';
import { ConfigError as DbConfigError, databaseUrl } from '../../../src/config/database-url.ts';
import { ConfigError, DEFAULT_DATABASE_URL, loadEnv } from '../../../src/config/env.ts';

describe('the configuration', () => {
  it('installation by OAuth refuses to start without SECRETS_KEY (one line saying why), with half its settings, or with a key that is not 32 bytes', () => {
    const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', SLACK_STATE_SECRET: 'st' };
    expect(() => loadEnv(oauth)).toThrow(/\n  SECRETS_KEY: installation by OAuth keeps every workspace's token encrypted: set SECRETS_KEY \(32 bytes, base64/);
    expect(() => loadEnv({ SLACK_CLIENT_ID: '1.2', SECRETS_KEY: Buffer.alloc(32).toString('base64') })).toThrow(/SLACK_CLIENT_ID: installation by OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together/);
    expect(() => loadEnv({ ...oauth, SECRETS_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/SECRETS_KEY must be 32 bytes, base64/);
    expect(loadEnv({ ...oauth, SECRETS_KEY: Buffer.alloc(32).toString('base64') }).SLACK_CLIENT_ID).toBe('1.2');
    expect(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }).SLACK_CLIENT_ID).toBeUndefined(); // one workspace, as before
  });

  it('names each bad setting on a line of its own', () => {
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x', PORT: '70000' })).toThrow(
      'configuration is not valid:\n  DATABASE_URL: DATABASE_URL must be a postgresql: or postgres:// URL\n  PORT: Too big: expected number to be <=65535');
  });

  it('DATABASE_URL alone (what `import register` reads) follows the same rule and says the same', () => {
    expect(ConfigError).toBe(DbConfigError);
    for (const value of [undefined, ' postgres://u@h:1/d ', 'postgresql://x/y', '', 'mysql://x', 'not a url']) {
      const source = value === undefined ? {} : { DATABASE_URL: value };
      let whole: string;
      try {
        whole = loadEnv(source).DATABASE_URL;
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect(() => databaseUrl(source)).toThrow((err as Error).message);
        continue;
      }
      expect(databaseUrl(source)).toBe(whole);
    }
    expect(databaseUrl({})).toBe(DEFAULT_DATABASE_URL);
    expect(() => databaseUrl({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
  });
});
