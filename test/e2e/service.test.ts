import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { loadEnv, ConfigError } from '../../src/config/env.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { startService, type Service } from '../../src/service.ts';
import { freshDatabase } from '../support/db.ts';

const AS_OF = '2025-02-26';
const KEY = 'att_test_key_for_demo';
let ctx: Awaited<ReturnType<typeof freshDatabase>>;
let service: Service;
let base: string;
const lines: string[] = [];

beforeAll(async () => {
  ctx = await freshDatabase('service');
  await seedDemo(ctx.db, AS_OF);
  await ctx.db.pool.query(`INSERT INTO "ApiKey" ("schoolId", label, "keyHash") VALUES ('demo', 'mis', $1)`, [createHash('sha256').update(KEY).digest('hex')]);
  service = await startService(loadEnv({ DATABASE_URL: ctx.url, PORT: '0' }), { asOf: AS_OF, jobs: false, host: '127.0.0.1', log: (l) => lines.push(l) });
  base = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
});
afterAll(async () => { await service?.stop(); await ctx?.drop(); });

describe('the service', () => {
  it('says which platforms are on, and loudly that Bot Framework authentication is off', () => {
    expect(lines.join('\n')).toContain('slack: off');
    expect(lines.join('\n')).toContain('Bot Framework authentication is OFF');
    expect(service.platforms).toEqual(['teams']);
  });

  it('with Bot Framework authentication off it listens on 127.0.0.1 only, and refuses to listen wider', async () => {
    const local = await startService(loadEnv({ DATABASE_URL: ctx.url, PORT: '0' }), { jobs: false, log: () => undefined });
    try {
      expect((local.server.address() as { address: string }).address).toBe('127.0.0.1');
    } finally {
      await local.stop();
    }
    await expect(startService(loadEnv({ DATABASE_URL: ctx.url, PORT: '0' }), { jobs: false, host: '0.0.0.0', log: () => undefined }))
      .rejects.toThrow('listens on 127.0.0.1 only');
  });

  it('with Bot Framework authentication on, an activity without a bearer token is refused on its headers, its body unread', async () => {
    const authed = await startService(loadEnv({ DATABASE_URL: ctx.url, PORT: '0', MICROSOFT_APP_ID: '00000000-0000-0000-0000-0000000000b0', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' }), { jobs: false, host: '127.0.0.1', log: () => undefined });
    try {
      const url = `http://127.0.0.1:${(authed.server.address() as { port: number }).port}/api/messages`;
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `${'['.repeat(50_000)}${']'.repeat(50_000)}` });
      expect(r.status).toBe(401);
      expect(await r.text()).toContain('a Bot Framework token is required');
      expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nonsense' }, body: '{}' })).status).toBe(401);
    } finally { await authed.stop(); }
  });

  it('GET /healthz: 200 when PostgreSQL and Redis answer', async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', postgres: 'ok', redis: 'ok' });
  });

  it('GET /healthz: 503 naming Redis when Redis does not answer', async () => {
    const broken = await startService(loadEnv({ DATABASE_URL: ctx.url, PORT: '0', REDIS_URL: 'redis://127.0.0.1:1' }), { jobs: false, host: '127.0.0.1', log: () => undefined });
    try {
      const r = await fetch(`http://127.0.0.1:${(broken.server.address() as { port: number }).port}/healthz`);
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ postgres: 'ok', redis: 'down' });
    } finally {
      await broken.stop();
    }
  });

  it('refuses bad configuration with a message per value', () => {
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x', PORT: 'eighty' })).toThrow(ConfigError);
    try { loadEnv({ DATABASE_URL: 'mysql://x', PORT: 'eighty' }); } catch (err) {
      expect((err as Error).message).toContain('DATABASE_URL: DATABASE_URL must be a postgresql: or postgres:// URL');
      expect((err as Error).message).toContain('PORT');
    }
  });
});

describe('POST /api/import/register: the import as an authenticated endpoint', () => {
  const post = (body: string, type: string, key: string | null = KEY, school = 'demo') =>
    fetch(`${base}/api/import/register?school=${school}`, { method: 'POST', headers: { 'content-type': type, ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });

  it('refuses without a valid key for the school, the same way for an unknown school', async () => {
    expect((await post('upn,date,session,mark\n', 'text/csv', null)).status).toBe(401);
    expect((await post('upn,date,session,mark\n', 'text/csv', 'wrong')).status).toBe(401);
    const unknown = await post('upn,date,session,mark\n', 'text/csv', KEY, 'nosuchschool');
    expect(unknown.status).toBe(401);
  });

  it('imports PM marks as CSV, and an amended mark as JSON with its amendment recorded against the key', async () => {
    const r = await post('upn,date,session,mark\nDEMO9001,2025-02-26,PM,\\\nDEMO7001,2025-02-26,PM,\\\n', 'text/csv');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ rows: 2, inserted: 2, amended: 0, unchanged: 0, misNotUpdated: 0 });
    const j = await post(JSON.stringify({ marks: [{ upn: 'DEMO9001', date: '2025-02-26', session: 'AM', mark: 'I' }] }), 'application/json');
    expect(await j.json()).toEqual({ rows: 1, inserted: 0, amended: 1, unchanged: 0, misNotUpdated: 0 });
    const a = (await ctx.db.pool.query(`SELECT "originalCode", "newCode", "amendedBy", source FROM "MarkAmendment"`)).rows;
    expect(a).toEqual([{ originalCode: 'N', newCode: 'I', amendedBy: expect.stringMatching(/^api-key:\d+$/), source: 'api' }]);
  });

  it('refuses a JSON field that would smuggle in another row', async () => {
    const r = await post(JSON.stringify({ marks: [{ upn: 'DEMO9001,2025-02-26,PM,G\nDEMO9001', date: '2025-02-27', session: 'AM', mark: '/' }] }), 'application/json');
    expect(r.status).toBe(400);
    expect((await r.json()).problems).toEqual(['marks.0.upn: no commas or line breaks']);
  });

  it('rejects a body with bad rows whole, listing each problem', async () => {
    const before = (await ctx.db.pool.query('SELECT count(*)::int AS n FROM "AttendanceMark"')).rows[0].n;
    const r = await post(JSON.stringify({ marks: [
      { upn: 'DEMO9001', date: '2025-02-27', session: 'AM', mark: '/' },
      { upn: 'DEMO9001', date: '2025-02-27', session: 'XX', mark: '/' },
      { upn: 'NOPE', date: '2025-02-27', session: 'AM', mark: 'Q9' },
    ] }), 'application/json');
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: 'nothing was imported', problems: [
      'marks[1].session: expected AM or PM, found "XX"',
      'marks[2].upn: no pupil "NOPE" on the roll of school demo',
      'marks[2].mark: unknown attendance code "Q9"',
    ] });
    expect((await ctx.db.pool.query('SELECT count(*)::int AS n FROM "AttendanceMark"')).rows[0].n).toBe(before);
  });
});

describe('one school\'s import never stalls another', () => {
  const url = (kind: string) => `${base}/api/import/${kind}?school=demo`;
  const headers = { 'content-type': 'text/csv', authorization: `Bearer ${KEY}` };

  it('a roll of 20,000 bad rows is refused at once, with a bounded answer; a bad roll within bounds lists 100 problems and counts the rest', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `BAD${i},,,x,,notadate`).join('\n');
    const huge = await fetch(url('pupils'), { method: 'POST', headers, body: `upn,given_name,family_name,year,reg_group,admission_date\n${rows}\n` });
    expect(huge.status).toBe(400);
    const text = await huge.text();
    expect(text.length).toBeLessThan(2_000);
    expect(text).toContain('over 10,000 rows (20,000): no school has so many');
    const bad = await fetch(url('pupils'), { method: 'POST', headers, body: `upn,given_name,family_name,year,reg_group,admission_date\n${Array.from({ length: 3_000 }, (_, i) => `BAD${i},,,x,,notadate`).join('\n')}\n` });
    const answer = await bad.json() as { problems: string[]; more?: number };
    expect(answer.problems).toHaveLength(100);
    expect(answer.more).toBeGreaterThan(100);
  });

  it('a body over a real school\'s size is refused (413); a second import of the same school while one runs gets 409', async () => {
    expect((await fetch(url('pupils'), { method: 'POST', headers, body: 'x'.repeat(6 * 1024 * 1024) })).status).toBe(413);
    const { request } = await import('node:http');
    const { port } = new URL(base);
    // the first import's body arrives slowly: the second comes while it runs
    const first = request({ host: '127.0.0.1', port: Number(port), path: '/api/import/pupils?school=demo', method: 'POST', headers: { ...headers, 'content-length': '80' } });
    const firstAnswer = new Promise<number>((resolve) => first.on('response', (r) => { r.resume(); resolve(r.statusCode ?? 0); }));
    first.write('upn,given_name,family_name,year,reg_group,admission_date\n');
    await new Promise((r) => setTimeout(r, 300));
    const second = await fetch(url('pupils'), { method: 'POST', headers, body: 'upn,given_name,family_name,year,reg_group,admission_date\n' });
    expect(second.status).toBe(409);
    first.end('DEMOX1,Zed,Zee,7,7A,2024-09-02\n'.padEnd(80 - 57, ' ').slice(0, 80 - 57));
    expect(await firstAnswer).toBeGreaterThan(0);
  });
});
