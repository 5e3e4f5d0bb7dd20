/**
 * `/attendance <UPN | name | registration group | year N | pa | sa | penalty>`: what a member
 * of staff asks from chat. The search runs only over the pupils the asker may see, so a
 * refusal, a "no match" and an ambiguity never reveal a pupil outside their scope. Every
 * query is audited.
 */
import { audit } from '../adapters/db/audit.ts';
import type { Db } from '../adapters/db/client.ts';
import { loadRegisters, loadSchool, type SchoolContext } from '../adapters/db/school-store.ts';
import { scopeOf } from '../domain/access.ts';
import { academicYearOf, academicYearStart, dayOf } from '../domain/dates.ts';
import { evaluatePupil } from '../domain/evaluation.ts';
import { matchScore, normalise, yearOfToken } from '../domain/names.ts';
import { penaltyWindow } from '../domain/penalty.ts';
import { PupilRegister } from '../domain/register.ts';
import { stepsDue } from '../domain/ladder.ts';
import { type AbsenceStatus, attendancePct } from '../domain/statistics.ts';
import { displayName, PUPIL_COLUMNS, type PupilRow, pupilView, type PupilView } from './pupil-view.ts';
import { actorOf, type StaffMember } from './staff.ts';

export type ParsedQuery =
  | { readonly kind: 'help' }
  | { readonly kind: 'pa' | 'sa' | 'penalty' | 'steps'; readonly page: number }
  | { readonly kind: 'year'; readonly year: number; readonly page: number }
  | { readonly kind: 'text'; readonly text: string; readonly page: number };

export function parseQuery(raw: string): ParsedQuery {
  let text = raw.trim().replace(/^attendance\b/i, '').trim();
  let page = 1;
  const pageMatch = /\s+page\s+(\d+)$/i.exec(text);
  if (pageMatch) {
    page = Math.max(1, Number(pageMatch[1]));
    text = text.slice(0, pageMatch.index).trim();
  }
  const lower = normalise(text);
  if (lower === '' || lower === 'help') return { kind: 'help' };
  if (lower === 'pa' || lower === 'persistent') return { kind: 'pa', page };
  if (lower === 'sa' || lower === 'severe') return { kind: 'sa', page };
  if (lower === 'penalty' || lower === 'penalties') return { kind: 'penalty', page };
  if (lower === 'steps' || lower === 'due' || lower === 'ladder') return { kind: 'steps', page };
  const year = /^(?:year|yr|y)\s*(\d{1,2})$/.exec(lower);
  if (year) return { kind: 'year', year: Number(year[1]), page };
  if (/^year\s+\w+$/.test(lower) && yearOfToken(lower.split(/\s+/)[1]!) !== undefined) {
    return { kind: 'year', year: yearOfToken(lower.split(/\s+/)[1]!)!, page };
  }
  return { kind: 'text', text, page };
}

export interface ListRow {
  readonly pupilId: number;
  readonly upn: string;
  readonly name: string;
  readonly regGroup: string;
  readonly attendancePct: number | null;
  readonly status: AbsenceStatus;
  readonly note?: string;
}

export type QueryResult =
  | { readonly kind: 'pupil'; readonly view: PupilView }
  | { readonly kind: 'list'; readonly title: string; readonly query: string; readonly rows: readonly ListRow[]; readonly page: number; readonly pageCount: number; readonly total: number }
  | { readonly kind: 'choice'; readonly text: string; readonly options: readonly { label: string; query: string }[] }
  | { readonly kind: 'refusal'; readonly text: string }
  | { readonly kind: 'help'; readonly text: string };

export const PAGE_SIZE = 15;

export const HELP_TEXT = 'Ask about a pupil by UPN or name, a registration group (e.g. 9A), a year (`year 9`), or a list: `pa` (persistent absence), `sa` (severe absence), `penalty` (at the penalty notice threshold), `steps` (the next steps due on the school\'s ladder).';
export const NOT_FOUND = "I can't find a pupil you can see that matches that. Try a UPN, a name or a registration group.";
export const UNKNOWN_USER = "You aren't set up to use the attendance bot. Ask your school's attendance lead to add your chat account.";

/** Pupils the member of staff may see (on roll on the as-of date), as SQL conditions. */
async function pupilsInScope(db: Db, staff: StaffMember, asOf: string, extra = '', params: unknown[] = []): Promise<PupilRow[]> {
  const scope = scopeOf(staff.grants);
  const values: unknown[] = [staff.schoolId, asOf, ...params];
  let where = `"schoolId" = $1 AND "admissionDate" <= $2 AND ("leavingDate" IS NULL OR "leavingDate" >= $2)`;
  if (!scope.whole) {
    values.push(scope.years, scope.forms);
    where += ` AND ("yearGroup" = ANY($${values.length - 1}::int[]) OR "regGroup" = ANY($${values.length}::text[]))`;
  }
  const r = await db.pool.query(`SELECT ${PUPIL_COLUMNS} FROM "Pupil" WHERE ${where} ${extra} ORDER BY "familyName", "givenName", upn`, values);
  return r.rows;
}

export interface QueryContext {
  readonly db: Db;
  readonly staff: StaffMember;
  readonly asOf: string;
  readonly source: 'slack' | 'teams';
}

export async function runQuery(ctx: QueryContext, raw: string): Promise<QueryResult> {
  const result = await answer(ctx, raw);
  await audit(ctx.db.pool, {
    schoolId: ctx.staff.schoolId, actor: actorOf(ctx.staff), source: ctx.source, action: 'query',
    ...(result.kind === 'pupil' ? { subjectType: 'Pupil', subjectId: String(result.view.pupil.id) } : {}),
    detail: { text: raw, result: result.kind, ...(result.kind === 'list' ? { total: result.total } : {}) },
  });
  return result;
}

async function answer(ctx: QueryContext, raw: string): Promise<QueryResult> {
  const q = parseQuery(raw);
  if (q.kind === 'help') return { kind: 'help', text: HELP_TEXT };
  const school = await loadSchool(ctx.db, ctx.staff.schoolId);
  if (q.kind === 'steps') {
    const pupils = await pupilsInScope(ctx.db, ctx.staff, ctx.asOf);
    const done = await doneSteps(ctx.db, pupils.map((p) => p.id));
    const rows = (await evaluateRows(ctx, school, pupils, done)).filter((r) => r.nextStep !== undefined)
      .map((r) => ({ ...r, note: r.nextStep }));
    rows.sort((a, b) => (a.attendancePct ?? 100) - (b.attendancePct ?? 100));
    return list(`${school.ladder.name}: steps due`, 'steps', rows, q.page);
  }
  if (q.kind === 'pa' || q.kind === 'sa' || q.kind === 'penalty') {
    const pupils = await pupilsInScope(ctx.db, ctx.staff, ctx.asOf);
    const title = q.kind === 'pa' ? 'Persistent absence (10% or more missed)' : q.kind === 'sa' ? 'Severe absence (50% or more missed)' : 'At the penalty notice threshold (10 sessions in 10 school weeks)';
    const rows = (await evaluateRows(ctx, school, pupils)).filter((r) =>
      q.kind === 'pa' ? r.status === 'persistent' || r.status === 'severe' : q.kind === 'sa' ? r.status === 'severe' : r.penaltyMet);
    rows.sort((a, b) => (a.attendancePct ?? 100) - (b.attendancePct ?? 100));
    return list(title, q.kind, rows, q.page);
  }
  if (q.kind === 'year') {
    const pupils = await pupilsInScope(ctx.db, ctx.staff, ctx.asOf, `AND "yearGroup" = $3`, [q.year]);
    if (pupils.length === 0) return { kind: 'refusal', text: NOT_FOUND };
    return list(`Year ${q.year}`, `year ${q.year}`, await evaluateRows(ctx, school, pupils), q.page);
  }
  if (q.kind !== 'text') return { kind: 'help', text: HELP_TEXT };
  // UPN, registration group, or name
  const text = q.text;
  const byUpn = await pupilsInScope(ctx.db, ctx.staff, ctx.asOf, 'AND upper(upn) = upper($3)', [text]);
  if (byUpn.length === 1) return { kind: 'pupil', view: await pupilView(ctx.db, school, ctx.staff, byUpn[0]!, ctx.asOf) };
  const byForm = await pupilsInScope(ctx.db, ctx.staff, ctx.asOf, 'AND upper("regGroup") = upper($3)', [text]);
  if (byForm.length > 0) return list(`Registration group ${byForm[0]!.regGroup}`, byForm[0]!.regGroup, await evaluateRows(ctx, school, byForm), q.page);
  const tokens = text.split(/\s+/).filter(Boolean);
  const candidates = (await pupilsInScope(ctx.db, ctx.staff, ctx.asOf))
    .map((p) => ({ p, score: matchScore(tokens, { names: [p.givenName, p.familyName, ...(p.preferredName ? [p.preferredName] : [])], yearGroup: p.yearGroup }) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
  if (candidates.length === 0) return { kind: 'refusal', text: NOT_FOUND };
  const best = candidates.filter((c) => c.score === candidates[0]!.score);
  if (best.length === 1) return { kind: 'pupil', view: await pupilView(ctx.db, school, ctx.staff, best[0]!.p, ctx.asOf) };
  return {
    kind: 'choice',
    text: `${best.length} pupils match "${text}". Which one?`,
    options: best.slice(0, 10).map(({ p }) => ({ label: `${displayName(p)} (${p.regGroup})`, query: p.upn })),
  };
}

interface EvaluatedRow extends ListRow {
  readonly penaltyMet: boolean;
  /** The first step due on the school's ladder, when `done` was given. */
  readonly nextStep?: string;
}

/** Step keys already done, by pupil. */
async function doneSteps(db: Db, pupilIds: readonly number[]): Promise<Map<number, Set<string>>> {
  const rows = (await db.pool.query(
    `SELECT c."pupilId", a.detail->>'stepKey' AS key FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId"
     WHERE c."pupilId" = ANY($1::int[]) AND a.detail ? 'stepKey'`, [pupilIds])).rows;
  const out = new Map<number, Set<string>>();
  for (const r of rows) { if (!out.has(r.pupilId)) out.set(r.pupilId, new Set()); out.get(r.pupilId)!.add(r.key); }
  return out;
}

async function evaluateRows(ctx: QueryContext, school: SchoolContext, pupils: readonly PupilRow[], done?: Map<number, Set<string>>): Promise<EvaluatedRow[]> {
  const asOf = dayOf(ctx.asOf);
  const from = academicYearStart(academicYearOf(asOf));
  const regs = await loadRegisters(ctx.db, school.id, from - 120, asOf, pupils.map((p) => p.id));
  const window = penaltyWindow(school.calendar, asOf);
  return pupils.map((p) => {
    const e = evaluatePupil(regs.get(p.id) ?? PupilRegister.EMPTY, school.calendar, asOf, { admitted: dayOf(p.admissionDate) }, { window, penaltyRules: school.penaltyRules, bands: school.ladder.bands });
    const next = done ? stepsDue(school.ladder, e, done.get(p.id) ?? new Set())[0] : undefined;
    return {
      ...(next ? { nextStep: `${next.step.title} (${next.step.actor.replaceAll('-', ' ')})` } : {}),
      pupilId: p.id, upn: p.upn, name: displayName(p), regGroup: p.regGroup, attendancePct: attendancePct(e.stats), status: e.status,
      penaltyMet: e.penalty.thresholdMet, ...(e.penalty.thresholdMet ? { note: `${e.penalty.sessions} unauthorised sessions in 10 school weeks` } : {}),
    };
  });
}

function list(title: string, query: string, rows: readonly EvaluatedRow[], page: number): QueryResult {
  const pageCount = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const p = Math.min(page, pageCount);
  return {
    kind: 'list', title, query, total: rows.length, page: p, pageCount,
    rows: rows.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE).map(({ penaltyMet: _m, nextStep: _n, ...r }) => r),
  };
}
