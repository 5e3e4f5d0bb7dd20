/**
 * HTTP helpers the server and the platform adapters share: a JSON answer, and a request body
 * read within a size and a time limit. Here, below both, so that no adapter reaches up into the
 * server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export class BodyTooLargeError extends Error {}

/**
 * What one connection may cost before anyone is authenticated, at the service itself (a reverse
 * proxy in front keeps its own, tighter; see the README): the time to send the headers, the
 * whole request, an idle kept-alive connection; connections at once, and from one address.
 */
export const SERVER_LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 4_000,
  maxConnectionsPerAddress: 200,
  /** A body must arrive within this, whatever the route. */
  bodyTimeoutMs: 10_000,
} as const;

export class BodyTimeoutError extends Error {}

export async function readBody(req: IncomingMessage, limit: number, timeoutMs: number = SERVER_LIMITS.bodyTimeoutMs): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(`request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  const timer = setTimeout(() => req.destroy(new BodyTimeoutError(`request body not sent within ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new BodyTooLargeError(`request body over ${limit} bytes`);
      chunks.push(chunk);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}

