/** What commands that touch the database share: the environment, the database, the actor. */
import { userInfo } from 'node:os';
import { openDb, type Db } from '../adapters/db/client.ts';
import { ensureDatabase, migrate } from '../adapters/db/migrate.ts';
import { ConfigError, type Env, loadEnv } from '../config/env.ts';
import { CliError } from './command.ts';

export function env(): Env {
  try {
    return loadEnv();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
}

/** Opens the database, creating and migrating it first when asked (the demo does). */
export async function withDb<T>(fn: (db: Db, env: Env) => Promise<T>, options: { prepare?: boolean } = {}): Promise<T> {
  const e = env();
  if (options.prepare) {
    await ensureDatabase(e.DATABASE_URL);
    await migrate(e.DATABASE_URL);
  }
  const db = openDb(e.DATABASE_URL, 4);
  try {
    return await fn(db, e);
  } finally {
    await db.close();
  }
}

export const cliActor = () => ({ actor: `cli:${safeUser()}`, source: 'cli' });

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
