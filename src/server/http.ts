/**
 * The service's HTTP front: a small router over node:http. Slack (Bolt) and Teams
 * (botbuilder) plug their own handlers in at their routes; everything else is ours.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyTimeoutError, BodyTooLargeError, SERVER_LIMITS, sendJson } from '../shared/http.ts';
import { after, InFlight } from '../shared/in-flight.ts';

export { BodyTooLargeError, readBody, sendJson, SERVER_LIMITS } from '../shared/http.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handle: Handler;
}

/** Each server's handlers still running. */
const handling = new WeakMap<Server, InFlight>();

export function startHttp(routes: readonly Route[], port: number, host = '0.0.0.0'): Promise<Server> {
  const running = new InFlight();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (!route) {
      const known = routes.some((r) => r.path === path);
      sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
      return;
    }
    void running.track(Promise.resolve(route.handle(req, res)).catch((err: unknown) => {
      if (err instanceof BodyTooLargeError) {
        if (!res.headersSent) sendJson(res, 413, { error: err.message });
        req.resume();
        return;
      }
      if (err instanceof BodyTimeoutError) {
        if (!res.headersSent && !res.destroyed) sendJson(res, 408, { error: err.message });
        return;
      }
      console.error(`${req.method} ${path}: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }));
  });
  server.headersTimeout = SERVER_LIMITS.headersTimeoutMs;
  server.requestTimeout = SERVER_LIMITS.requestTimeoutMs;
  server.keepAliveTimeout = SERVER_LIMITS.keepAliveTimeoutMs;
  server.maxConnections = SERVER_LIMITS.maxConnections;
  // one address may not hold every connection (slow senders from one place)
  const perAddress = new Map<string, number>();
  server.on('connection', (socket) => {
    const from = socket.remoteAddress ?? '';
    const n = (perAddress.get(from) ?? 0) + 1;
    if (n > SERVER_LIMITS.maxConnectionsPerAddress) { socket.destroy(); return; }
    perAddress.set(from, n);
    socket.once('close', () => { const left = (perAddress.get(from) ?? 1) - 1; if (left > 0) perAddress.set(from, left); else perAddress.delete(from); });
  });
  handling.set(server, running);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * Stops taking requests and waits, for up to `ms`, for the handlers still running to finish:
 * what they use (the database) may be closed once this resolves. Idle kept-alive connections
 * close at once; node answers the requests still running with `Connection: close`.
 */
export async function stopHttp(server: Server, ms: number): Promise<void> {
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  const deadline = after(ms);
  await Promise.race([handling.get(server)?.settled(), deadline]);
  server.closeAllConnections();
  await Promise.race([closed, deadline]);
}
