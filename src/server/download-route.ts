/**
 * GET /letters/download?t=…: a drafted letter handed over by a one-time link (Teams, where the
 * bot cannot attach files). The file is served once, while the link lives and its signature
 * holds, as an attachment that no cache keeps; anything else is refused with why. Each, served
 * or refused, is audited by the use case.
 */
import type { AppDeps } from '../app/deps.ts';
import { DOWNLOAD_PATH, takeDownload } from '../app/use-cases/letters/hand-drafts.ts';
import type { Route } from './http.ts';

const SAFE_NAME = /[^\w.-]/g;

export function downloadRoute(deps: AppDeps): Route {
  return {
    method: 'GET',
    path: DOWNLOAD_PATH,
    async handle(req, res) {
      const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('t') ?? '';
      // where it came from, for the audit: the connection's address, and what a proxy says it forwarded for (a claim, kept as one)
      const forwarded = req.headers['x-forwarded-for'];
      const from = `${req.socket.remoteAddress ?? '?'}${forwarded ? ` (forwarded for ${String(forwarded)})` : ''}`.slice(0, 160);
      const r = await takeDownload(deps, token.slice(0, 200), from);
      const common = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
      if (!r.ok) {
        res.writeHead(r.status, { ...common, 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${r.message}\n`);
        return;
      }
      res.writeHead(200, {
        ...common, 'content-type': r.file.contentType, 'content-length': String(r.file.body.length),
        'content-disposition': `attachment; filename="${r.file.name.replace(SAFE_NAME, '_')}"`,
      });
      res.end(r.file.body);
    },
  };
}
