/** `npm run -s db:migrate`: brings the database at $DATABASE_URL up to date. */
import { ConfigError, loadEnv } from '../../config/env.ts';
import { MigrationError, ensureDatabase, migrate } from './migrate.ts';

try {
  const env = loadEnv();
  await ensureDatabase(env.DATABASE_URL);
  const r = await migrate(env.DATABASE_URL);
  const where = new URL(env.DATABASE_URL);
  console.log(`db:migrate ${where.host}${where.pathname}: ${r.applied.length} applied${r.applied.length ? ` (${r.applied.join(', ')})` : ''}, ${r.alreadyApplied.length} already up to date`);
} catch (err) {
  if (err instanceof ConfigError || err instanceof MigrationError) {
    console.error(`db:migrate: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(`db:migrate: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
