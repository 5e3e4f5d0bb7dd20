/**
 * A stand-in for Wonde's School Data API (v1.0) with one school: students with their includes,
 * the attendance codes list, session attendance (paged with `meta.pagination`, filtered by
 * `updated_after`) and its write-back. It checks the bearer token, can answer 429 on cue, and
 * records every request.
 */
import { createServer, type Server } from 'node:http';
import { ATTENDANCE_CODES } from '../../src/domain/codes.ts';

export interface WondeStudent {
  id: string; upn: string; forename: string; surname: string; year: string; reg: string; admission: string;
  contacts?: { forename: string; surname: string; relationship: string; pr: boolean; mobile?: string }[];
  sen?: string; cin?: boolean;
  updatedAt: Date;
}
export interface WondeMark { student: string; date: string; session: 'AM' | 'PM'; code: string; updatedAt: Date }

export interface FakeWonde {
  readonly url: string;
  readonly school: string;
  token: string;
  readonly students: WondeStudent[];
  readonly marks: WondeMark[];
  readonly employees: { id: string; forename: string; surname: string; email: string }[];
  readonly codes: { id: string; code: string; description: string }[];
  readonly requests: { method: string; path: string; query: URLSearchParams; body?: unknown }[];
  readonly writes: unknown[];
  /** The school's own codes (`/schools/{id}/attendance-codes`), besides the global list. */
  readonly schoolCodes: { id: string; code: string; description: string; dfe_code?: string }[];
  /**
   * How a contact's relationship is given: wrapped (`{data: {…}}`, as an include) or plain (as
   * Wonde's clients and its published output show it).
   */
  relationship: 'wrapped' | 'plain';
  /** The next page of a listing: Wonde's own (the default), another origin, or the page itself again. */
  next: 'own' | { origin: string } | 'self';
  rateLimitNext(times: number): void;
  close(): Promise<void>;
}

const wondeDate = (d: Date | string) => ({ date: `${typeof d === 'string' ? d : d.toISOString().slice(0, 10)} 00:00:00.000000`, timezone_type: 3, timezone: 'Europe/London' });

export async function fakeWonde(school = 'A1930499544', token = 'wonde-test-token', options: { listingTtlMs?: number } = {}): Promise<FakeWonde> {
  const codes = ATTENDANCE_CODES.map((code, i) => ({ id: `C${1000 + i}`, code: code as string, description: `code ${code}` }));
  const state = {
    token, schoolCodes: [] as FakeWonde['schoolCodes'], relationship: 'wrapped' as FakeWonde['relationship'], next: 'own' as FakeWonde['next'], students: [] as WondeStudent[], employees: [] as { id: string; forename: string; surname: string; email: string }[], marks: [] as WondeMark[], codes, requests: [] as FakeWonde['requests'], writes: [] as unknown[], limited: 0,
  };
  const codeId = (code: string) => state.schoolCodes.find((c) => c.code === code)?.id ?? codes.find((c) => c.code === code)?.id ?? code;
  const page = <T>(req: URL, rows: T[], base: string) => {
    const per = Math.min(Number(req.searchParams.get('per_page') ?? 50), 200);
    const n = Number(req.searchParams.get('page') ?? 1);
    const slice = rows.slice((n - 1) * per, n * per);
    const more = n * per < rows.length;
    const next = new URL(req.toString().replace(/^http:\/\/[^/]+/, state.next !== 'own' && state.next !== 'self' ? state.next.origin : base));
    if (state.next !== 'self') next.searchParams.set('page', String(n + 1));
    // a stand-in that misbehaves names a next page whether there are more rows or not
    const nextUrl = state.next !== 'own' || more ? next.toString() : null;
    return { data: slice, meta: { pagination: { next: nextUrl, previous: n > 1 ? 'x' : null, more: nextUrl !== null, per_page: per, current_page: n } } };
  };
  const after = (req: URL) => {
    const a = req.searchParams.get('updated_after');
    return a ? new Date(`${a.replace(' ', 'T')}Z`) : undefined;
  };
  let base = '';
  const listings = new Map<string, { at: number; rows: unknown[]; pages?: Map<string, string> }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? JSON.parse(raw) : undefined;
      state.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, ...(body ? { body } : {}) });
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (req.headers.authorization !== `Bearer ${state.token}`) return send(401, { error: 'invalid_token', error_description: 'The access token provided is invalid' });
      if (state.limited > 0) { state.limited--; return send(429, { error: 'too many requests' }, { 'retry-after': '1' }); }
      const p = url.pathname.replace(/^\/v1\.0/, '');
      if (p === `/schools/${school}`) return send(200, { data: { id: school, name: 'Stand-in Academy' } });
      if (p === '/attendance-codes') return send(200, page(url, codes, base));
      if (p === `/schools/${school}/attendance-codes`) return send(200, page(url, state.schoolCodes, base));
      if (p === `/schools/${school}/employees`) {
        return send(200, page(url, state.employees.map((e) => ({ id: e.id, title: 'Ms', forename: e.forename, surname: e.surname, contact_details: { data: { emails: { work: e.email } } } })), base));
      }
      if (p === `/schools/${school}/students`) {
        const since = after(url);
        const rows = state.students.filter((s) => !since || s.updatedAt > since).map((s) => ({
          id: s.id, mis_id: s.id.slice(1), upi: `upi-${s.id}`, forename: s.forename, surname: s.surname, date_of_birth: wondeDate('2011-05-01'),
          education_details: { data: { upn: s.upn, admission_date: wondeDate(s.admission), leaving_date: null, current_nc_year: s.year } },
          year: { data: { code: s.year, name: `Year ${s.year}` } },
          registration: { data: { name: s.reg } },
          extended_details: { data: { sen_status: s.sen ?? 'N', free_school_meals: false, premium_pupil_indicator: false, in_lea_care: false, child_in_need: s.cin ?? false, child_protection_plan: false } },
          contacts: { data: (s.contacts ?? []).map((c, i) => ({
            id: `P${s.id}${i}`, forename: c.forename, surname: c.surname,
            relationship: state.relationship === 'plain'
              ? { relationship: c.relationship, parental_responsibility: c.pr, priority: i + 1, bill_payer: false, lives_with_pupil: true }
              : { data: { relationship: c.relationship, parental_responsibility: c.pr, priority: i + 1 } },
            contact_details: { data: { phones: { mobile: c.mobile ?? null } } },
          })) },
          updated_at: wondeDate(s.updatedAt),
        }));
        return send(200, page(url, rows, base));
      }
      if (p === `/schools/${school}/attendance/session` && req.method === 'GET') {
        // the full listing is built once for a few seconds (a year of marks is thousands of pages);
        // a filtered one, always afresh
        const key = url.searchParams.get('updated_after') === null ? `all|${state.marks.length}` : undefined;
        let rows = key ? listings.get(key) : undefined;
        if (!rows || Date.now() - rows.at > (options.listingTtlMs ?? 5_000)) {
          const since = after(url);
          rows = { at: Date.now(), rows: state.marks.filter((m) => !since || m.updatedAt > since).map((m, i) => ({
            id: `S${i}`, student: m.student, session: m.session, date: wondeDate(m.date), attendance_code: codeId(m.code), updated_at: wondeDate(m.updatedAt),
          })) };
          if (key) listings.set(key, rows);
        }
        // the full listing's pages are written once each (the stand-in's serving is not what is measured)
        if (!key) return send(200, page(url, rows.rows, base));
        const pageKey = `${key}|${url.search}`;
        const cached = rows.pages?.get(pageKey) ?? JSON.stringify(page(url, rows.rows, base));
        (rows.pages ??= new Map()).set(pageKey, cached);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(cached);
        return;
      }
      if (p === `/schools/${school}/attendance/session` && req.method === 'POST') {
        state.writes.push(body);
        for (const w of (body as { attendance: { student_id: string; date: string; session: 'AM' | 'PM'; attendance_code_id: string }[] }).attendance) {
          const code = codes.find((c) => c.id === w.attendance_code_id)?.code;
          const m = state.marks.find((x) => x.student === w.student_id && x.date === w.date && x.session === w.session);
          if (m && code) { m.code = code; m.updatedAt = new Date(); }
        }
        return send(200, { success: true });
      }
      return send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: `${base}/v1.0`, school,
    get token() { return state.token; },
    set token(t: string) { state.token = t; },
    students: state.students, marks: state.marks, employees: state.employees, codes, requests: state.requests, writes: state.writes, schoolCodes: state.schoolCodes,
    get relationship() { return state.relationship; },
    set relationship(r: FakeWonde['relationship']) { state.relationship = r; },
    get next() { return state.next; },
    set next(n: FakeWonde['next']) { state.next = n; },
    rateLimitNext(times) { state.limited = times; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  } as FakeWonde;
}
