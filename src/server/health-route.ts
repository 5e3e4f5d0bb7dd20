/** GET /healthz: 200 when PostgreSQL and Redis both answer; 503 naming the one that does not. */
import type { Redis } from 'ioredis';
import type { Db } from '../adapters/db/client.ts';
import { type Route, sendJson } from './http.ts';

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

export function healthRoute(db: Db, redis: Redis): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handle(_req, res) {
      const [pgOk, redisOk] = await Promise.all([
        within(db.pool.query('SELECT 1'), 2000).then(() => true, () => false),
        within(redis.ping(), 2000).then((r) => r === 'PONG', () => false),
      ]);
      const body = { status: pgOk && redisOk ? 'ok' : 'unavailable', postgres: pgOk ? 'ok' : 'down', redis: redisOk ? 'ok' : 'down' };
      sendJson(res, pgOk && redisOk ? 200 : 503, body);
    },
  };
}
