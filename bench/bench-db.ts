/** A benchmark's own database, dropped and created afresh and migrated, with a school on the synthetic year's calendar. */
import pg from 'pg';
import { openDb, type Db } from '../src/adapters/db/client.ts';
import type { Who } from '../src/app/ports.ts';
import { ensureDatabase, migrate } from '../src/adapters/db/migrate.ts';
import { setCalendar, upsertSchool } from '../src/adapters/db/school-store.ts';
import { ladderPreset } from '../src/config/ladder-presets.ts';
import { englishTermDates } from '../src/domain/term-dates.ts';
import { BENCH_YEAR } from './synthetic-school.ts';

export const BENCH_WHO: Who = { actor: { kind: 'system', what: 'bench' }, source: 'cli' };

export async function freshBenchDb(url: string): Promise<Db> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const a = new pg.Client({ connectionString: admin.toString() });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  await a.end();
  await ensureDatabase(url);
  await migrate(url);
  const db = openDb(url, 4);
  await upsertSchool(db, { id: 'bench', name: 'Bench', ladder: ladderPreset('woburn') }, BENCH_WHO);
  await setCalendar(db, 'bench', englishTermDates(BENCH_YEAR), BENCH_WHO);
  return db;
}
