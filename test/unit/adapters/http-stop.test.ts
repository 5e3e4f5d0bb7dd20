/**
 * Stopping the HTTP front: requests being answered finish before stopHttp resolves (the
 * service closes the database only then); no request reaches a handler once the stop began.
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sendJson, startHttp, stopHttp } from '../../../src/server/http.ts';

function get(port: number, path: string, agent: Agent): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body, ...(res.headers.connection ? { connection: res.headers.connection } : {}) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('stopHttp', () => {
  it('lets a request being answered finish before it resolves, and takes no new request meanwhile', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let started!: () => void;
    const handling = new Promise<void>((r) => { started = r; });
    const events: string[] = [];
    const server = await startHttp([
      { method: 'GET', path: '/slow', handle: async (_req, res) => { started(); await held; events.push('handler done'); sendJson(res, 200, { ok: true }); } },
      { method: 'GET', path: '/fast', handle: (_req, res) => { events.push('fast'); sendJson(res, 200, { ok: true }); } },
    ], 0, '127.0.0.1');
    const port = (server.address() as AddressInfo).port;
    const slowAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const keptAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await get(port, '/fast', keptAlive)).status).toBe(200); // a connection now idle, kept alive
      events.length = 0;
      const slow = get(port, '/slow', slowAgent);
      await handling;
      const stopped = stopHttp(server, 60_000).then(() => events.push('stopped'));
      // the server listens no more
      const late = await get(port, '/fast', new Agent()).catch((err: NodeJS.ErrnoException) => ({ status: 0, body: err.code ?? '' }));
      expect(late).toEqual({ status: 0, body: 'ECONNREFUSED' });
      expect(events).toEqual([]);
      release();
      expect(await slow).toMatchObject({ status: 200, body: '{"ok":true}' });
      await stopped;
      expect(events).toEqual(['handler done', 'stopped']);
    } finally {
      release();
      slowAgent.destroy();
      keptAlive.destroy();
      server.closeAllConnections();
    }
  });
});
