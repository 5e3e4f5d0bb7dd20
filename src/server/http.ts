/**
 * The service's HTTP front: a small router over node:http. Slack (Bolt) and Teams
 * (botbuilder) plug their own handlers in at their routes; everything else is ours.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, InFlight } from '../shared/in-flight.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handle: Handler;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(`request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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
      console.error(`${req.method} ${path}: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }));
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
