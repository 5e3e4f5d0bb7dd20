/** A fresh database for a benchmark, on the local server (or BENCH_DATABASE_URL's). */
import pg from 'pg';
import { openDb, type Db } from '../src/adapters/db/client.ts';
import { ensureDatabase, migrate } from '../src/adapters/db/migrate.ts';

export async function freshBenchDb(name: string): Promise<{ url: string; db: Db }> {
  const base = new URL(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/attendance_bench');
  base.pathname = `/${name}`;
  const admin = new URL(base.toString());
  admin.pathname = '/postgres';
  const a = new pg.Client({ connectionString: admin.toString() });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await a.end();
  await ensureDatabase(base.toString());
  await migrate(base.toString());
  return { url: base.toString(), db: openDb(base.toString(), 8) };
}
