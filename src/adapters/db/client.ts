/**
 * The database: one pg pool shared by the Prisma client (through @prisma/adapter-pg) and
 * the few bulk paths that need raw SQL (register import).
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';

export type { PrismaClient };

export interface Db {
  readonly url: string;
  readonly prisma: PrismaClient;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export function openDb(databaseUrl: string, max = 10, log: (line: string) => void = (l) => console.error(l)): Db {
  // every named statement planned once per connection, for any values: the card's queries
  // are long, and planning them afresh for each request cost more than running them
  const pool = new pg.Pool({ connectionString: databaseUrl, max, options: '-c plan_cache_mode=force_generic_plan' });
  // an idle connection dropped by PostgreSQL (a restart, a failover) must not end the process:
  // the pool discards it and makes new ones when the database answers again
  pool.on('error', (err) => log(`db: an idle connection was lost: ${err.message}`));
  // and one in use: PostgreSQL going away mid-query fails that query, never the process
  pool.on('connect', (client) => { client.on('error', (err) => log(`db: a connection in use was lost: ${err.message}`)); });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    url: databaseUrl,
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

/** A civil date as Prisma wants it for a @db.Date column. */
export const dateValue = (iso: string): Date => new Date(`${iso}T00:00:00.000Z`);
/** A @db.Date column back as YYYY-MM-DD. */
export const isoValue = (d: Date | string): string => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));
