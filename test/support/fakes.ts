/**
 * Local stand-ins for the platforms' HTTP APIs: a fake Slack Web API (and response_url
 * target) that Bolt's client is pointed at, and a fake Bot Framework connector at the
 * activity's serviceUrl. They record every call and answer as the real ones do.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The body as it came (a file uploaded to its upload URL). */
  readonly bytes: Buffer;
}

export interface Fake {
  readonly url: string;
  readonly calls: Recorded[];
  /** Make the next N calls to a path answer 429 with Retry-After. */
  rateLimit(pathPart: string, times: number, retryAfterSeconds: number): void;
  /**
   * Fail on cue: the next `times` calls to a path (for a channel, if given) answer `status`
   * (500, 404…) or `{ ok: false, error }`; with `stored`, the call is processed first and
   * only its answer fails (the platform took the post, the answer was lost).
   */
  fail(pathPart: string, how: { times: number; status?: number; error?: string; channel?: string; stored?: boolean; hang?: boolean }): void;
  /** Ends every failure set with `fail` for paths holding `pathPart`: the platform is back. */
  recover(pathPart: string): void;
  close(): Promise<void>;
}

async function start(answer: (r: Recorded) => unknown): Promise<Fake> {
  const calls: Recorded[] = [];
  const limits: { part: string; left: number; after: number }[] = [];
  const failures: { part: string; left: number; status?: number; error?: string; channel?: string; stored?: boolean; hang?: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      let body: Record<string, unknown> = {};
      const type = req.headers['content-type'] ?? '';
      if (raw) {
        if (type.includes('multipart')) body = {};
        else if (type.includes('json')) body = JSON.parse(raw);
        else body = Object.fromEntries(new URLSearchParams(raw));
        for (const [k, v] of Object.entries(body)) {
          if (typeof v === 'string' && /^[[{]/.test(v)) { try { body[k] = JSON.parse(v); } catch { /* leave as text */ } }
        }
      }
      const path = req.url ?? '/';
      const limit = limits.find((l) => path.includes(l.part) && l.left > 0);
      if (limit) {
        limit.left--;
        res.writeHead(429, { 'retry-after': String(limit.after), 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      const rec = { method: req.method ?? 'GET', path, body, headers: req.headers, bytes };
      calls.push(rec);
      const failure = failures.find((f) => path.includes(f.part) && f.left > 0 && (!f.channel || body.channel === f.channel || path.includes(f.channel)));
      if (failure) {
        failure.left--;
        if (failure.stored) answer(rec);
        if (failure.hang) return; // took it, never answers: the caller waits until it is killed
        if (failure.error) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: failure.error }));
        } else {
          res.writeHead(failure.status ?? 500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'fault injected' }));
        }
        return;
      }
      const out = answer(rec);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    rateLimit(part, times, after) { limits.push({ part, left: times, after }); },
    fail(part, how) { failures.push({ part, left: how.times, ...how }); },
    recover(part) { for (const f of failures) if (f.part.includes(part) || part.includes(f.part)) f.left = 0; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

let ts = 1_700_000_000;
/**
 * Answers every method; conversations.history returns what chat.postMessage took in that channel;
 * a person's DM is `D<their id>`; files.uploadV2's three steps as Slack takes them (an upload
 * URL per file on this server, the bytes posted there, then the upload completed into a channel).
 */
export async function fakeSlack(): Promise<Fake> {
  const posted: { channel: string; ts: string; metadata?: unknown }[] = [];
  let self = '';
  let files = 0;
  const fake = await start((r) => {
    if (r.path.endsWith('conversations.open')) return { ok: true, channel: { id: `D${String(r.body.users)}` } };
    if (r.path.endsWith('files.getUploadURLExternal')) {
      const id = `F${++files}`;
      return { ok: true, upload_url: `${self}/upload/${id}`, file_id: id };
    }
    if (r.path.startsWith('/upload/')) return 'OK';
    if (r.path.endsWith('files.completeUploadExternal')) return { ok: true, files: (r.body.files as { id: string }[]).map((f) => ({ id: f.id })) };
    if (r.path.endsWith('conversations.history')) {
      // as Slack answers: newest first, only after `oldest`, `limit` a page, the rest behind a cursor
      const oldest = Number(r.body.oldest ?? 0);
      const all = posted.filter((m) => m.channel === r.body.channel && Number(m.ts) > oldest).reverse();
      const from = Number(r.body.cursor ?? 0);
      const limit = Number(r.body.limit ?? 100);
      const page = all.slice(from, from + limit);
      const more = from + limit < all.length;
      return { ok: true, messages: page.map((m) => ({ type: 'message', ts: m.ts, metadata: m.metadata })), has_more: more, response_metadata: { next_cursor: more ? String(from + limit) : '' } };
    }
    // OAuth: the code names the workspace it was issued for (`code-T0DEMO`): a bot token of its own
    if (r.path.endsWith('oauth.v2.access') && r.body.grant_type === 'refresh_token') {
      // token rotation: `xoxe-<team>-<n>` refreshes to token and refresh token n + 1, for 12 hours
      const [, team, n] = /^xoxe-(\w+)-(\d+)$/.exec(String(r.body.refresh_token))!;
      const next = Number(n) + 1;
      return { ok: true, token_type: 'bot', access_token: `xoxb-${team}-refreshed-${next}`, refresh_token: `xoxe-${team}-${next}`, expires_in: 43_200, team: { id: team }, enterprise: null, is_enterprise_install: false };
    }
    if (r.path.endsWith('oauth.v2.access')) {
      const team = String(r.body.code ?? '').replace(/^code-/, '');
      // a workspace whose name ends ROT has token rotation on: its first token expires within the hour
      if (team.endsWith('ROT')) {
        return {
          ok: true, app_id: 'A0APP', access_token: `xoxb-${team}-installed`, refresh_token: `xoxe-${team}-1`, expires_in: 3_600, token_type: 'bot', scope: 'commands,chat:write,chat:write.public',
          bot_user_id: `U0BOT${team}`, team: { id: team, name: `Workspace ${team}` }, enterprise: null, is_enterprise_install: false, authed_user: { id: `U0INSTALLER${team}` },
        };
      }
      return {
        ok: true, app_id: 'A0APP', access_token: `xoxb-${team}-installed`, token_type: 'bot', scope: 'commands,chat:write,chat:write.public',
        bot_user_id: `U0BOT${team}`, team: { id: team, name: `Workspace ${team}` }, enterprise: null, is_enterprise_install: false,
        authed_user: { id: `U0INSTALLER${team}` },
      };
    }
    if (r.path.endsWith('auth.test')) {
      const token = String(r.headers.authorization ?? '').replace(/^Bearer /, '');
      return { ok: true, user_id: 'U0BOT', bot_id: `B0${token.split('-')[1] ?? 'BOT'}`, team_id: token.split('-')[1] ?? 'T0', url: 'https://example.slack.com/' };
    }
    // a message's ts is the time it was posted, as Slack's are (unique by a counter in its fraction)
    const answer = { ok: true, ts: `${Math.floor(Date.now() / 1000)}.${String(++ts).padStart(6, '0')}`, channel: (r.body.channel as string) ?? 'C0', view: { id: 'V1' } };
    if (r.path.endsWith('chat.postMessage')) posted.push({ channel: r.body.channel as string, ts: answer.ts, metadata: r.body.metadata });
    return answer;
  });
  self = fake.url;
  return fake;
}

let activity = 0;
/** What the stand-in Slack holds in a channel (what people there see), by delivery key (its message metadata). */
export async function storedIn(slack: Fake, channel: string): Promise<Map<string, number>> {
  const r = await fetch(`${slack.url}/api/conversations.history`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel, limit: 100_000 }) });
  const messages = ((await r.json()) as { messages: { metadata?: { event_payload?: { key?: string } } }[] }).messages;
  const out = new Map<string, number>();
  for (const m of messages) {
    const key = m.metadata?.event_payload?.key ?? '?';
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export const fakeConnector = () => start(() => ({ id: `activity-${++activity}` }));

/** Slack's request signing: v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>"). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postToSlackEndpoint(base: string, secret: string, body: string, contentType: string, options: { timestamp?: number; signature?: string } = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const r = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
    },
    body,
  });
  const text = await r.text();
  return { status: r.status, text, json: text.startsWith('{') ? JSON.parse(text) : undefined };
}

export const slashCommand = (fields: Record<string, string>) => new URLSearchParams({
  token: 'legacy', team_id: 'T0DEMO', team_domain: 'demo', channel_id: 'C0DEMOATT', channel_name: 'attendance',
  command: '/attendance', api_app_id: 'A0DEMO', trigger_id: '123.456.abc', ...fields,
}).toString();

export const interaction = (payload: Record<string, unknown>) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
