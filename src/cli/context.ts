/**
 * What commands that touch the database share: the environment, the database, the actor.
 * The database client (Prisma) and the migrations are loaded when a command opens them.
 */
import { userInfo } from 'node:os';
import type pg from 'pg';
import type { Db } from '../adapters/db/client.ts';
import type { Who } from '../app/ports.ts';
import { ConfigError, databaseUrl } from '../config/database-url.ts';
import type { Env } from '../config/env.ts';
import { CliError } from './command.ts';

/** The whole environment, validated (zod is loaded here, by the commands that need all of it). */
export async function env(): Promise<Env> {
  const { loadEnv } = await import('../config/env.ts');
  return configured(loadEnv);
}

function configured<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
}

/** Opens the database, creating and migrating it first when asked (the demo does). */
export async function withDb<T>(fn: (db: Db, env: Env) => Promise<T>, options: { prepare?: boolean } = {}): Promise<T> {
  const e = await env();
  if (options.prepare) {
    const { ensureDatabase, migrate } = await import('../adapters/db/migrate.ts');
    await ensureDatabase(e.DATABASE_URL);
    await migrate(e.DATABASE_URL);
  }
  const { openDb } = await import('../adapters/db/client.ts');
  const db = openDb(e.DATABASE_URL, 4);
  try {
    return await fn(db, e);
  } finally {
    await db.close();
  }
}

/** A plain pg pool, for a command that needs no ORM and no setting but DATABASE_URL (a register import). */
export async function withPool<T>(fn: (pool: pg.Pool, databaseUrl: string) => Promise<T>): Promise<T> {
  const url = configured(() => databaseUrl());
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined); // an idle connection lost: the command's own query says so
  try {
    return await fn(pool, url);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

export const cliActor = (): Who => ({ actor: { kind: 'cli', user: safeUser() }, source: 'cli' });

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
