/**
 * Wonde's School Data API as an MisSource: students (with their education details, year,
 * registration group, extended details and contacts), the attendance codes list, session
 * attendance, and the session-attendance write-back. Bearer token (the product's, from
 * WONDE_TOKEN: never stored, never printed); pages followed by `meta.pagination.next`;
 * `updated_after` for incremental reads; a 429 waited out (Retry-After); 401/403 stop the sync
 * with a message (permanent); other failures are reported and the next sync tries again.
 * Every answer is read through zod, leniently where Wonde's shapes vary between MIS.
 */
import { z } from 'zod';
import { type MisCode, MisError, type MisMark, type MisPupil, type MisSource, type MisWrite } from '../../../app/ports.ts';

const RATE_LIMIT_TRIES = 5;
const MAX_WAIT_S = 60;
const PER_PAGE = 200;
/**
 * Pages of a numbered listing read at once, ahead of the one being read (a year of marks is
 * thousands of pages): few enough to stay well within Wonde's rate limit, whose 429s are still
 * waited out page by page.
 */
const PAGES_AHEAD = 6;
/** One request's time to answer, whole body included: a page that never ends does not hold a sync for ever. */
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * Rows read from one listing at the most, whatever Wonde's pages say: far above any school (the
 * largest English schools have about 4,000 pupils; a year of marks for one is about 3 million),
 * so a listing that does not end is stopped, with a message, not followed for ever.
 */
export const MAX_ROWS = { students: 20_000, employees: 5_000, codes: 2_000, marks: 4_000_000 } as const;

/** Wonde's dates: `{ date: "2016-03-01 00:00:00.000000", timezone… }`, or plain text. */
const wondeDate = z.union([z.string(), z.object({ date: z.string() }).passthrough()]).nullable().optional()
  .transform((d) => (d == null ? undefined : (typeof d === 'string' ? d : d.date).slice(0, 10)));
/** An include: `{ data: … }`. */
const included = <T extends z.ZodTypeAny>(t: T) => z.object({ data: t }).passthrough().nullable().optional();
const text = z.union([z.string(), z.number()]).nullable().optional().transform((v) => (v == null ? undefined : String(v)));
const flag = z.union([z.boolean(), z.string(), z.number()]).nullable().optional()
  .transform((v) => (v == null ? undefined : v === true || v === 1 || ['y', 'yes', 'true', '1'].includes(String(v).toLowerCase())));

const relationshipSchema = z.object({ relationship: text, parental_responsibility: flag, priority: text }).passthrough();
/** A contact's relationship: `{data: {…}}` as an include, or the plain object Wonde's clients and its published output show; read as `{data}` either way. */
const relationship = z.union([
  z.object({ data: relationshipSchema }).passthrough(),
  relationshipSchema.transform((r) => ({ data: r })),
]).nullable().optional();

const contactSchema = z.object({
  id: text, forename: text, surname: text,
  relationship,
  contact_details: included(z.object({
    phones: z.object({ phone: text, home: text, mobile: text, work: text, primary: text }).passthrough().nullable().optional(),
    emails: z.object({ email: text, primary: text, home: text, work: text }).passthrough().nullable().optional(),
  }).passthrough()),
}).passthrough();

export const studentSchema = z.object({
  id: z.string(),
  mis_id: text, upn: text, forename: text, surname: text, preferred_forename: text, legal_forename: text, legal_surname: text,
  date_of_birth: wondeDate,
  education_details: included(z.object({ upn: text, admission_date: wondeDate, leaving_date: wondeDate, current_nc_year: text }).passthrough()),
  year: included(z.object({ code: text, name: text, description: text }).passthrough()),
  registration_group: z.union([z.string(), included(z.object({ name: text, code: text }).passthrough())]).nullable().optional(),
  registration: z.union([z.string(), included(z.object({ name: text, code: text }).passthrough())]).nullable().optional(),
  groups: included(z.array(z.object({ name: text, code: text, type: text }).passthrough())),
  extended_details: included(z.object({
    sen_status: text, free_school_meals: flag, premium_pupil_indicator: flag, pupil_premium: flag,
    in_lea_care: flag, looked_after: flag, child_protection_plan: flag, child_in_need: flag, young_carer: flag,
  }).passthrough()),
  contacts: included(z.array(contactSchema)),
}).passthrough();

const employeeSchema = z.object({
  id: z.string(), title: text, forename: text, surname: text, legal_forename: text, legal_surname: text,
  contact_details: included(z.object({ emails: z.object({ email: text, work: text, primary: text }).passthrough().nullable().optional() }).passthrough()),
}).passthrough();

const codeSchema = z.object({ id: z.string(), code: z.string(), description: text, dfe_code: text, national_code: text }).passthrough();
export const markSchema = z.object({
  student: z.union([z.string(), included(z.object({ id: z.string() }).passthrough())]),
  date: wondeDate,
  session: z.string(),
  attendance_code: z.union([z.string(), included(z.object({ id: z.string() }).passthrough())]),
}).passthrough();

type WondeMark = z.infer<typeof markSchema>;
/**
 * A mark in the shape Wonde sends almost every one (ids as text, the date as `{date}` or text),
 * read without building a parser's result: the same answer as markSchema for that shape, and
 * undefined for any other, which markSchema then reads (or refuses, by row).
 */
export function plainMark(raw: unknown): WondeMark | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (typeof m.student !== 'string' || typeof m.session !== 'string' || typeof m.attendance_code !== 'string') return undefined;
  const d = m.date;
  const date = typeof d === 'string' ? d : d !== null && typeof d === 'object' && typeof (d as { date?: unknown }).date === 'string' ? (d as { date: string }).date : undefined;
  return date === undefined ? undefined : { ...m, student: m.student, session: m.session, attendance_code: m.attendance_code, date: date.slice(0, 10) } as WondeMark;
}

const pageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ pagination: z.object({ next: z.string().nullable().optional(), more: z.boolean().optional() }).passthrough().optional() }).passthrough().optional(),
}).passthrough();

const idOf = (v: string | { data: { id: string } } | null | undefined): string | undefined => (typeof v === 'string' ? v : v?.data.id);

/** The year group from whatever Wonde gives: "9", "Year 9", "Y9", "R" (Reception, 0). */
function yearOf(s: z.infer<typeof studentSchema>): string | undefined {
  for (const v of [s.education_details?.data.current_nc_year, s.year?.data.code, s.year?.data.name, s.year?.data.description]) {
    if (!v) continue;
    if (/^(r|rec|reception)$/i.test(v.trim())) return '0';
    const m = /(\d{1,2})/.exec(v);
    if (m) return String(Number(m[1]));
  }
  return undefined;
}

/** A Wonde student as the roll import's fields (checked there like a file's row). */
export type WondeStudentJson = z.infer<typeof studentSchema>;

export function pupilOf(s: WondeStudentJson): MisPupil {
  const ext = s.extended_details?.data;
  const named = (g: typeof s.registration_group) => (typeof g === 'string' ? g : g?.data.name ?? g?.data.code);
  const year = yearOf(s);
  // the registration group wherever this MIS puts it; a pupil with none is placed in their year
  const reg = named(s.registration_group) ?? named(s.registration)
    ?? s.groups?.data.find((g) => /registration|reg|form|tutor/i.test(g.type ?? ''))?.name ?? (year !== undefined ? `Y${year}` : undefined);
  const fields: Record<string, string> = {
    upn: s.education_details?.data.upn ?? s.upn ?? '',
    given_name: s.legal_forename ?? s.forename ?? '',
    family_name: s.legal_surname ?? s.surname ?? '',
    year: year ?? '',
    reg_group: reg ?? '',
    admission_date: s.education_details?.data.admission_date ?? '',
  };
  const put = (k: string, v: string | undefined) => { if (v !== undefined && v !== '') fields[k] = v; };
  if (s.preferred_forename && s.preferred_forename !== fields.given_name) put('preferred_name', s.preferred_forename);
  put('leaving_date', s.education_details?.data.leaving_date);
  put('date_of_birth', s.date_of_birth);
  if (ext) {
    const sen = (ext.sen_status ?? '').toUpperCase();
    put('send', sen === 'E' ? 'ehcp' : sen === 'K' ? 'support' : sen ? 'none' : undefined);
    if (ext.free_school_meals !== undefined) put('fsm', ext.free_school_meals ? 'yes' : 'no');
    const pp = ext.premium_pupil_indicator ?? ext.pupil_premium;
    if (pp !== undefined) put('pupil_premium', pp ? 'yes' : 'no');
    const looked = ext.in_lea_care ?? ext.looked_after;
    if (looked !== undefined) put('looked_after', looked ? 'looked_after' : 'none');
    if (ext.child_protection_plan) put('social_worker', 'cp');
    else if (ext.child_in_need) put('social_worker', 'cin');
    else if (ext.child_protection_plan === false || ext.child_in_need === false) put('social_worker', 'none');
    if (ext.young_carer !== undefined) put('young_carer', ext.young_carer ? 'yes' : 'no');
  }
  // the contacts with parental responsibility first, in the MIS's priority order
  const contacts = [...(s.contacts?.data ?? [])].sort((a, b) =>
    Number(b.relationship?.data.parental_responsibility ?? false) - Number(a.relationship?.data.parental_responsibility ?? false)
    || Number(a.relationship?.data.priority ?? 99) - Number(b.relationship?.data.priority ?? 99));
  contacts.slice(0, 2).forEach((c, i) => {
    const n = i + 1;
    put(`contact${n}_name`, [c.forename, c.surname].filter(Boolean).join(' '));
    put(`contact${n}_relationship`, c.relationship?.data.relationship);
    if (c.relationship?.data.parental_responsibility !== undefined) put(`contact${n}_parental_responsibility`, c.relationship.data.parental_responsibility ? 'yes' : 'no');
    const phones = c.contact_details?.data.phones;
    put(`contact${n}_phone`, phones?.mobile ?? phones?.primary ?? phones?.phone ?? phones?.home ?? phones?.work);
    const emails = c.contact_details?.data.emails;
    put(`contact${n}_email`, emails?.email ?? emails?.primary ?? emails?.home ?? emails?.work);
  });
  return { ref: s.id, label: `student ${s.id} (${[s.forename, s.surname].filter(Boolean).join(' ') || 'no name'})`, fields };
}

export interface WondeConfig {
  /** Up to and including /v1.0. */
  readonly apiUrl: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** One request's time to answer (default 30 s). */
  readonly timeoutMs?: number;
}

export function wondeSource(config: WondeConfig): MisSource {
  const base = config.apiUrl.replace(/\/+$/, '');
  const doFetch = config.fetch ?? fetch;
  const sleep = config.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const headers = { authorization: `Bearer ${config.token}`, accept: 'application/json' };

  const origin = new URL(`${base}/`).origin;
  const timeoutMs = config.timeoutMs ?? REQUEST_TIMEOUT_MS;

  async function request(url: string, init: RequestInit = {}): Promise<unknown> {
    // the bearer token covers every connected school: it goes to Wonde's own origin only
    if (new URL(url).origin !== origin) throw new MisError(`a Wonde page named another origin (${new URL(url).origin}): not followed, and the token was not sent there`, false);
    for (let attempt = 1; ; attempt++) {
      let r: Response;
      let body: unknown;
      try {
        r = await doFetch(url, { ...init, headers: { ...headers, ...(init.headers ?? {}) }, signal: AbortSignal.timeout(timeoutMs) });
        if (r.ok) body = await r.json();
      } catch (err) {
        const e = err as Error;
        throw new MisError(e.name === 'TimeoutError' || e.name === 'AbortError' ? `Wonde did not answer within ${timeoutMs / 1000} s for ${new URL(url).pathname}` : `Wonde did not answer (${e.message})`, false);
      }
      if (r.status === 429 && attempt < RATE_LIMIT_TRIES) {
        await sleep(Math.min(Number(r.headers.get('retry-after') ?? '1') || 1, MAX_WAIT_S) * 1000);
        continue;
      }
      const path = new URL(url).pathname;
      if (r.status === 401 || r.status === 403) throw new MisError(`Wonde refused the token (${r.status}) for ${path}: check WONDE_TOKEN and that the school has approved this product's access`, true);
      if (r.status === 404) throw new MisError(`Wonde has no ${path} for this token (404): check the Wonde school id`, true);
      if (!r.ok) throw new MisError(`Wonde answered ${r.status} for ${path}`, false);
      return body;
    }
  }

  /**
   * Every row of a listing, following `meta.pagination.next` on Wonde's own origin only, never a
   * page already read, up to `maxRows`. When the next page is the same listing with its `page`
   * one on (Wonde's numbered pages), the pages after it are read ahead, PAGES_AHEAD at once, and
   * taken in order: the listing ends where a page names no next page, as when read one by one.
   */
  async function all<T>(path: string, params: Record<string, string>, row: z.ZodType<T>, maxRows: number, onPage?: (rows: number) => void, plain?: (raw: unknown) => T | undefined): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    type Page = z.infer<typeof pageSchema>;
    const read = async (url: string): Promise<Page> => {
      const page = pageSchema.safeParse(await request(url));
      if (!page.success) throw new MisError(`Wonde's answer for ${path} is not a listing: ${page.error.issues[0]?.message ?? 'unknown shape'}`, false);
      return page.data;
    };
    const ahead = new Map<string, Promise<Page>>();
    let url: string | undefined = `${base}${path}?${new URLSearchParams({ per_page: String(PER_PAGE), ...params })}`;
    while (url) {
      if (seen.has(url)) throw new MisError(`Wonde's ${path} listing named a page it had already given (${new URL(url).search.slice(0, 80)}): stopped`, false);
      seen.add(url);
      if (out.length > maxRows) throw new MisError(`Wonde's ${path} listing went past ${maxRows.toLocaleString('en-GB')} rows: stopped (no school has so many)`, false);
      const pending: Promise<Page> = ahead.get(url) ?? read(url);
      ahead.delete(url);
      const page: Page = await pending;
      page.data.forEach((raw, i) => {
        const quick = plain?.(raw);
        if (quick !== undefined) { out.push(quick); return; }
        const r = row.safeParse(raw);
        if (!r.success) throw new MisError(`Wonde's ${path} row ${out.length + i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`, false);
        out.push(r.data);
      });
      onPage?.(out.length);
      const next: string | null | undefined = page.meta?.pagination?.next;
      const current = url;
      url = next ? new URL(next, `${base}/`).toString() : undefined;
      if (url) {
        for (const later of pagesAfter(current, url)) {
          if (ahead.has(later) || seen.has(later)) continue;
          const p = read(later);
          p.catch(() => undefined); // its failure is met when it is taken; a page past the end is nobody's
          ahead.set(later, p);
        }
      }
    }
    return out;
  }

  /**
   * The pages after `next` when it is `current` with its `page` one on (same origin, path and
   * other parameters): up to PAGES_AHEAD of them, `next` included; otherwise none (a listing
   * whose pages are not numbered is read one page at a time).
   */
  function pagesAfter(current: string, next: string): string[] {
    const a = new URL(current);
    const b = new URL(next);
    if (a.origin !== origin || b.origin !== origin || a.pathname !== b.pathname) return [];
    const n = Number(a.searchParams.get('page') ?? '1');
    if (Number(b.searchParams.get('page')) !== n + 1) return [];
    const rest = (u: URL) => { const q = new URLSearchParams(u.searchParams); q.delete('page'); q.sort(); return q.toString(); };
    if (rest(a) !== rest(b)) return [];
    return Array.from({ length: PAGES_AHEAD }, (_, i) => { const u = new URL(b); u.searchParams.set('page', String(n + 1 + i)); return u.toString(); });
  }

  const since = (d: Date | undefined): Record<string, string> => (d ? { updated_after: d.toISOString().replace('T', ' ').slice(0, 19) } : {});

  return {
    provider: 'wonde',
    async pupils(school, after, onPage) {
      // the documented includes only (a registration group is read from `registration` or `groups`, or from `registration_group` where an MIS sends it anyway)
      const rows = await all(`/schools/${encodeURIComponent(school)}/students`, {
        include: 'education_details,year,registration,groups,extended_details,contacts,contacts.contact_details', ...since(after),
      }, studentSchema, MAX_ROWS.students, onPage);
      return rows.map(pupilOf);
    },
    async employees(school, after) {
      const rows = await all(`/schools/${encodeURIComponent(school)}/employees`, { include: 'contact_details', ...since(after) }, employeeSchema, MAX_ROWS.employees);
      return rows.map((e) => {
        const emails = e.contact_details?.data.emails;
        const email = emails?.work ?? emails?.email ?? emails?.primary;
        return { ref: e.id, name: [e.forename ?? e.legal_forename, e.surname ?? e.legal_surname].filter(Boolean).join(' '), ...(email ? { email } : {}) };
      });
    },
    async codes(school) {
      // the school's own codes first (its MIS may have its own), then Wonde's global list
      const own = await all(`/schools/${encodeURIComponent(school)}/attendance-codes`, {}, codeSchema, MAX_ROWS.codes).catch((err: unknown) => {
        if (err instanceof MisError && /\(404\)/.test(err.message)) return [];
        throw err;
      });
      const global = await all('/attendance-codes', {}, codeSchema, MAX_ROWS.codes);
      const ids = new Set(own.map((c) => c.id));
      return [...own, ...global.filter((c) => !ids.has(c.id))]
        .map((c): MisCode => ({ ref: c.id, code: c.code, description: c.description ?? '', ...((c.dfe_code ?? c.national_code) ? { dfeCode: (c.dfe_code ?? c.national_code)! } : {}) }));
    },
    async marks(school, after, onPage) {
      const rows = await all(`/schools/${encodeURIComponent(school)}/attendance/session`, since(after), markSchema, MAX_ROWS.marks, onPage, plainMark);
      const out: MisMark[] = [];
      for (const m of rows) {
        const session = m.session.toUpperCase();
        const studentRef = idOf(m.student);
        const codeRef = idOf(m.attendance_code);
        if (!m.date || (session !== 'AM' && session !== 'PM') || !studentRef || !codeRef) throw new MisError(`Wonde's attendance mark ${JSON.stringify(m).slice(0, 120)} lacks a student, date, AM/PM session or code`, false);
        out.push({ studentRef, date: m.date, session, codeRef });
      }
      return out;
    },
    async writeBack(school, marks: readonly MisWrite[]) {
      await request(`${base}/schools/${encodeURIComponent(school)}/attendance/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ attendance: marks.map((m) => ({ student_id: m.studentRef, date: m.date, session: m.session, attendance_code_id: m.codeRef, comment: m.comment })) }),
      });
    },
  };
}

/** Checks the token reaches the school (GET /schools/{id}); throws MisError otherwise. */
export async function checkWondeSchool(config: WondeConfig, school: string): Promise<string> {
  const base = config.apiUrl.replace(/\/+$/, '');
  const r = await (config.fetch ?? fetch)(`${base}/schools/${encodeURIComponent(school)}`, { headers: { authorization: `Bearer ${config.token}`, accept: 'application/json' }, signal: AbortSignal.timeout(config.timeoutMs ?? REQUEST_TIMEOUT_MS) })
    .catch((err: Error) => { throw new MisError(`Wonde did not answer (${err.message})`, false); });
  if (r.status === 401 || r.status === 403) throw new MisError(`Wonde refused the token (${r.status}) for school ${school}: check WONDE_TOKEN and that the school has approved this product's access`, true);
  if (r.status === 404) throw new MisError(`Wonde has no school ${school} for this token`, true);
  if (!r.ok) throw new MisError(`Wonde answered ${r.status} for school ${school}`, false);
  const body = z.object({ data: z.object({ name: z.string().optional() }).passthrough() }).passthrough().safeParse(await r.json());
  return body.success ? body.data.data.name ?? school : school;
}
