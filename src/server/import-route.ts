/**
 * POST /api/import/{register,pupils,staff}?school=ID: the CLI's imports as an endpoint, so
 * an MIS export or an integration can push marks as registers are taken. Authenticated by
 * a per-school API key (`Authorization: Bearer …`, stored hashed). Body: CSV (text/csv), or
 * for the register JSON `{"marks":[{"upn","date","session","mark"}]}`. The same validation
 * and all-or-nothing rule as the CLI; problems come back as 400 with every one listed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { InputError, type InputProblem } from '../adapters/ingest/register-csv.ts';
import type { Db } from '../adapters/db/client.ts';
import type { Who } from '../app/ports.ts';
import { hashApiKey } from '../app/use-cases/school/settings.ts';
import { pgImports } from '../adapters/db/stores.ts';
import { importPupils, importRegister, importStaff } from '../adapters/ingest/import-files.ts';
import { LA_SINGLE_CHARACTER_MAP } from '../domain/codes.ts';
import { BodyTooLargeError, readBody, type Route, sendJson } from './http.ts';

/**
 * A body sized to a real school: a year of a 2,000-pupil school's register is about 20 MB of
 * CSV; a day's or a term's marks go as JSON; a roll or a staff list is well under 5 MB.
 */
export const MAX_BODY = { register: 40 * 1024 * 1024, registerJson: 10 * 1024 * 1024, pupils: 5 * 1024 * 1024, staff: 2 * 1024 * 1024 } as const;
/** Problems listed in an answer at the most (every one counted). */
const MAX_LISTED = 100;
/** One import of a school at a time in this process: a second is refused while the first runs. */
const running = new Set<string>();

// one CSV field each: no comma or line break may smuggle in another row
const field = z.string().regex(/^[^,\r\n]*$/, 'no commas or line breaks');
const jsonMarks = z.object({
  marks: z.array(z.object({ upn: field, date: field, session: field, mark: field }).strict()).min(1),
  source: z.enum(['la']).optional(),
}).strict();

/** The JSON register checked a slice of marks at a time, yielding between slices: one school's push never holds the others' chat. */
async function checkJsonMarks(raw: unknown): Promise<{ success: true; data: z.infer<typeof jsonMarks> } | { success: false; issues: string[] }> {
  const shape = jsonMarks.extend({ marks: z.array(z.unknown()).min(1) }).safeParse(raw);
  if (!shape.success) return { success: false, issues: shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const mark = jsonMarks.shape.marks.element;
  const marks: z.infer<typeof mark>[] = [];
  const issues: string[] = [];
  for (const [i, m] of shape.data.marks.entries()) {
    if (i > 0 && i % 2_000 === 0) await new Promise<void>((r) => setImmediate(r));
    const r = mark.safeParse(m);
    if (r.success) marks.push(r.data);
    else for (const x of r.error.issues) issues.push(`marks.${i}${x.path.length ? `.${x.path.join('.')}` : ''}: ${x.message}`);
  }
  return issues.length > 0 ? { success: false, issues } : { success: true, data: { ...shape.data, marks } };
}

async function authenticate(db: Db, req: IncomingMessage, schoolId: string): Promise<{ keyId: number } | undefined> {
  const auth = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m) return undefined;
  const hash = hashApiKey(m[1]!);
  const r = await db.pool.query<{ id: number }>('SELECT id FROM "ApiKey" WHERE "keyHash" = $1 AND "schoolId" = $2 AND "revokedAt" IS NULL', [hash, schoolId]);
  return r.rows[0] ? { keyId: r.rows[0].id } : undefined;
}

export function importRoutes(db: Db): Route[] {
  const route = (kind: 'register' | 'pupils' | 'staff'): Route => ({
    method: 'POST',
    path: `/api/import/${kind}`,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const url = new URL(req.url ?? '/', 'http://local');
      const schoolId = url.searchParams.get('school') ?? '';
      const key = schoolId ? await authenticate(db, req, schoolId) : undefined;
      // the same answer for an unknown school and a wrong key: nothing is revealed
      if (!key) return sendJson(res, 401, { error: 'a valid API key for this school is required (Authorization: Bearer …)' });
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      const limit = kind === 'register' ? (type === 'application/json' ? MAX_BODY.registerJson : MAX_BODY.register) : MAX_BODY[kind];
      if (running.has(schoolId)) { req.resume(); return sendJson(res, 409, { error: `an import for school ${schoolId} is running: send this one when it has finished` }); }
      running.add(schoolId);
      try {
        return await importBody(req, res, url, schoolId, key, kind, type, limit);
      } finally {
        running.delete(schoolId);
      }
    },
  });

  async function importBody(req: IncomingMessage, res: ServerResponse, url: URL, schoolId: string, key: { keyId: number }, kind: 'register' | 'pupils' | 'staff', type: string, limit: number): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, limit);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { error: `${err.message}${kind === 'register' ? ' (send a year of marks as text/csv, in parts if larger)' : ''}` });
      throw err;
    }
    const who: Who = { actor: { kind: 'api-key', keyId: key.keyId }, source: 'api' };
    // the register's CSV is read from its bytes; text is made only for what needs it
    let text: string | undefined;
    let json = false;
    let codeMap = url.searchParams.get('map') === 'la' ? LA_SINGLE_CHARACTER_MAP : undefined;
    if (type === 'application/json') {
      if (kind !== 'register') return sendJson(res, 415, { error: 'send the roll and the staff list as text/csv' });
      let parsed: z.infer<typeof jsonMarks>;
      try {
        const r = await checkJsonMarks(JSON.parse(body.toString('utf8')));
        if (!r.success) return sendJson(res, 400, { error: 'nothing was imported', problems: r.issues.slice(0, MAX_LISTED), ...(r.issues.length > MAX_LISTED ? { more: r.issues.length - MAX_LISTED } : {}) });
        parsed = r.data;
      } catch {
        return sendJson(res, 400, { error: 'nothing was imported', problems: ['body: not valid JSON'] });
      }
      if (parsed.source === 'la') codeMap = LA_SINGLE_CHARACTER_MAP;
      text = ['upn,date,session,mark', ...parsed.marks.map((m) => [m.upn, m.date, m.session, m.mark].join(','))].join('\n');
      json = true;
    } else if (type !== 'text/csv' && type !== 'text/plain') {
      return sendJson(res, 415, { error: 'send text/csv (or application/json for the register)' });
    }
    try {
      const file = `${kind} upload`;
      const result = kind === 'register'
        ? await importRegister(pgImports(db), schoolId, text ?? body, file, { ...who, ...(codeMap ? { codeMap } : {}) })
        : kind === 'pupils' ? await importPupils(pgImports(db), schoolId, body.toString('utf8'), file, who) : await importStaff(pgImports(db), schoolId, body.toString('utf8'), file, who);
      const { batchId: _ignored, ...counts } = result as typeof result & { batchId?: number };
      return sendJson(res, 200, counts);
    } catch (err) {
      if (err instanceof InputError) {
        const describe = (p: InputProblem) => (json ? `marks[${p.line - 2}].${p.field}: ${p.message}` : `line ${p.line}, field "${p.field}": ${p.message}`);
        const listed = err.problems.slice(0, MAX_LISTED).map(describe);
        return sendJson(res, 400, { error: 'nothing was imported', problems: listed, ...(err.problems.length > MAX_LISTED ? { more: err.problems.length - MAX_LISTED } : {}) });
      }
      throw err;
    }
  }
  return [route('register'), route('pupils'), route('staff')];
}
