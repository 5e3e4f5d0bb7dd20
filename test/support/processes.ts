/**
 * A PostgreSQL and a Redis of the test's own, on other ports, that it can stop and start again
 * (the machine's own services are shared by every test and are never stopped). PostgreSQL runs
 * as the `postgres` user when the tests run as root (it refuses root).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import { Redis } from 'ioredis';

const PG_BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin', '/usr/local/bin'].find((d) => existsSync(join(d, 'initdb')));
export const canRunOwnServers = Boolean(PG_BIN) && existsSync('/usr/bin/redis-server');

const asRoot = process.getuid?.() === 0;
const asPostgres = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);

async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

/** A port nothing listens on now (the kernel's choice), so a leftover server cannot collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface OwnServer {
  readonly url: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  remove(): Promise<void>;
}

export async function ownPostgres(port: number): Promise<OwnServer> {
  const dir = mkdtempSync(join(tmpdir(), 'att-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const run = (tool: string, args: string[]) => {
    const [cmd, full] = asPostgres(join(PG_BIN!, tool), args);
    execFileSync(cmd, full, { stdio: 'ignore' });
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const url = `postgresql://postgres@127.0.0.1:${port}/att_faults`;
  const server: OwnServer = {
    url,
    async start() {
      run('pg_ctl', ['-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
      await until('PostgreSQL', async () => {
        const c = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
        await c.connect();
        await c.end();
        return true;
      });
    },
    /** `SIGKILL`: an immediate stop (as a crash); otherwise a fast shutdown. */
    async stop(signal = 'SIGINT') {
      if (!existsSync(join(data, 'postmaster.pid'))) return;
      run('pg_ctl', ['-D', data, '-w', '-t', '60', '-m', signal === 'SIGKILL' ? 'immediate' : 'fast', 'stop']);
    },
    async remove() {
      await server.stop('SIGINT').catch(() => server.stop('SIGKILL')).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

export async function ownRedis(port: number): Promise<OwnServer> {
  let child: ChildProcess | undefined;
  const server: OwnServer = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      // nothing kept on disk: a restart comes back empty
      child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
      await until('Redis', async () => {
        const r = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        r.on('error', () => undefined);
        try { await r.connect(); return (await r.ping()) === 'PONG'; } finally { r.disconnect(); }
      });
    },
    async stop(signal = 'SIGTERM') {
      const c = child;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((r) => { c.once('exit', () => r()); c.kill(signal); });
    },
    async remove() { await server.stop(); },
  };
  await server.start();
  return server;
}
