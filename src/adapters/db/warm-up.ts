/**
 * Before the service answers anyone: the pool's connections opened, Prisma's query engine
 * loaded and each school's context (calendar, ladder, hours) read, so that the first requests
 * after a start do not all queue behind them.
 */
import type { Db } from './client.ts';
import { loadSchool } from './school-store.ts';

export async function warmUp(db: Db): Promise<void> {
  const clients = await Promise.all(Array.from({ length: db.pool.options.max ?? 10 }, () => db.pool.connect()));
  for (const c of clients) c.release();
  await db.prisma.$queryRaw`SELECT 1`;
  for (const { id } of (await db.pool.query<{ id: string }>('SELECT id FROM "School"')).rows) await loadSchool(db, id);
}
