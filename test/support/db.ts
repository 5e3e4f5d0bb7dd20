/**
 * A fresh, migrated PostgreSQL database per test file, dropped afterwards. Uses the server
 * of TEST_DATABASE_URL (default: local, trust auth).
 */
import pg from 'pg';
import { openDb, type Db } from '../../src/adapters/db/client.ts';
import { ensureDatabase, migrate } from '../../src/adapters/db/migrate.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/attendance_test';

let counter = 0;

export function databaseUrl(name: string): string {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freshDatabase(label: string): Promise<{ url: string; db: Db; drop: () => Promise<void> }> {
  const name = `att_${label}_${process.pid}_${++counter}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const url = databaseUrl(name);
  await dropDatabase(name);
  await ensureDatabase(url);
  await migrate(url);
  const db = openDb(url, 4);
  return {
    url,
    db,
    drop: async () => {
      await db.close();
      await dropDatabase(name);
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
