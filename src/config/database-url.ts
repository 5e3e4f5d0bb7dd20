/**
 * The rules for a URL in the configuration and the database's own setting, free of zod:
 * `import register` (a process of its own) reads DATABASE_URL and nothing else. env.ts
 * validates the whole environment with the same rules.
 */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/attendance';
export const DATABASE_PROTOCOLS = ['postgresql:', 'postgres:'];

export class ConfigError extends Error {}

/** Whether `value` is a URL of one of these protocols. */
export function isUrlOf(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export const urlMessage = (what: string, protocols: readonly string[]) => `${what} must be a ${protocols.join(' or ')}// URL`;

/** The message for a configuration that is not valid, one line per setting. */
export const configProblems = (lines: readonly string[]) => `configuration is not valid:\n${lines.map((l) => `  ${l}`).join('\n')}`;

/** DATABASE_URL from the environment (the default when unset), checked as loadEnv checks it. */
export function databaseUrl(source: NodeJS.ProcessEnv = process.env): string {
  const value = source.DATABASE_URL === undefined ? DEFAULT_DATABASE_URL : source.DATABASE_URL.trim();
  if (!isUrlOf(value, DATABASE_PROTOCOLS)) throw new ConfigError(configProblems([`DATABASE_URL: ${urlMessage('DATABASE_URL', DATABASE_PROTOCOLS)}`]));
  return value;
}
