/**
 * Applies the SQL migrations in prisma/migrations, in Prisma's own layout and bookkeeping
 * (the `_prisma_migrations` table, sha256 checksums, Prisma's advisory lock), so that a
 * database migrated here is one `prisma migrate deploy` recognises, and the other way round.
 * Idempotent and safe to run on every start: applied migrations are skipped; a migration
 * whose file changed since it was applied, or one that failed half way, stops it with a
 * clear message.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** prisma/migrations of the project, found from this module whether it runs from src (tsx) or dist (compiled). */
function migrationsDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('prisma/migrations not found above this module');
  }
}

export const MIGRATIONS_DIR = migrationsDir();
/** The advisory lock key Prisma Migrate takes, so that both never run at once. */
const PRISMA_ADVISORY_LOCK = 72707369;

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {}

export interface MigrateResult {
  readonly applied: string[];
  readonly alreadyApplied: string[];
}

export async function migrate(databaseUrl: string, migrations = readMigrations()): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const applied: string[] = [];
    const alreadyApplied: string[] = [];
    for (const m of migrations) {
      const records = rows.filter((r) => r.migration_name === m.name && r.rolled_back_at === null);
      const failed = records.find((r) => r.finished_at === null);
      if (failed) {
        throw new MigrationError(`migration ${m.name} failed earlier and was not rolled back: repair the database, then mark it rolled back (prisma migrate resolve --rolled-back ${m.name})`);
      }
      const done = records.find((r) => r.finished_at !== null);
      if (done) {
        if (done.checksum !== m.checksum) {
          throw new MigrationError(`migration ${m.name} was changed after it was applied (checksum differs): add a new migration instead of editing an applied one`);
        }
        alreadyApplied.push(m.name);
        continue;
      }
      const id = randomUUID();
      await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)', [id, m.checksum, m.name]);
      try {
        await client.query('BEGIN');
        await client.query(m.sql);
        await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        // nothing of the migration stayed (it ran in one transaction): forget the attempt
        await client.query('DELETE FROM "_prisma_migrations" WHERE id = $1', [id]);
        throw new MigrationError(`migration ${m.name} failed and was rolled back: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** Creates the database named in the URL when it does not exist yet (for local use and tests). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) return;
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (err) {
    await probe.end().catch(() => undefined);
    if ((err as { code?: string }).code !== '3D000') throw err; // 3D000: database does not exist
  }
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err; // created meanwhile
  } finally {
    await admin.end();
  }
}
