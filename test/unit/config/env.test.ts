import { describe, expect, it } from 'vitest';
import { ConfigError as DbConfigError, databaseUrl } from '../../../src/config/database-url.ts';
import { ConfigError, DEFAULT_DATABASE_URL, loadEnv } from '../../../src/config/env.ts';

describe('the configuration', () => {
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
