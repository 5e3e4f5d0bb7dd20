/** The database client survives PostgreSQL dropping its connections (a restart, a failover). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/adapters/db/client.ts';
import { freshDatabase } from '../support/db.ts';

let ctx: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => { ctx = await freshDatabase('dbclient'); });
afterAll(async () => { await ctx.drop(); });

describe('the pool', () => {
  it('an idle connection ended by PostgreSQL is logged, does not end the process, and the next query works', async () => {
    const lines: string[] = [];
    const url = `${ctx.url}${ctx.url.includes('?') ? '&' : '?'}application_name=pool-survives`;
    const db = openDb(url, 2, (l) => lines.push(l));
    try {
      await db.pool.query('SELECT 1'); // leaves one idle connection in the pool
      const killed = await ctx.db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pool-survives'`);
      expect(killed.rowCount).toBeGreaterThan(0);
      await expect.poll(() => lines.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(lines[0]).toMatch(/^db: (an idle connection|a connection in use) was lost/);
      expect((await db.pool.query('SELECT 2 AS n')).rows[0].n).toBe(2);
    } finally {
      await db.close();
    }
  });
});

describe('a command whose database does not answer', () => {
  it('ends with one line saying so, not a stack trace', async () => {
    const { runCliAsync } = await import('../support/cli.ts');
    const r = await runCliAsync(['school', 'api-key', '--school', 'demo', '--label', 'x'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'))).toEqual(['connect ECONNREFUSED 127.0.0.1:1: is PostgreSQL running at DATABASE_URL?']);
  });

  it('a database PostgreSQL does not hold is one line too (the register import on its plain pool)', async () => {
    const { runCliAsync } = await import('../support/cli.ts');
    const url = ctx.url.replace(/\/[^/?]+(\?|$)/, '/no_such_db$1');
    const r = await runCliAsync(['import', 'register', '--school', 'demo', 'package.json'], { DATABASE_URL: url });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'))).toEqual(['database "no_such_db" does not exist: is DATABASE_URL right? (`npm run demo` creates its own)']);
  });

  it('a DATABASE_URL that is not a PostgreSQL URL is named before anything is read', async () => {
    const { runCliAsync } = await import('../support/cli.ts');
    const r = await runCliAsync(['import', 'register', '--school', 'demo', 'package.json'], { DATABASE_URL: 'mysql://x/y' });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'))).toEqual(['configuration is not valid:', '  DATABASE_URL: DATABASE_URL must be a postgresql: or postgres:// URL']);
  });
});
