/**
 * Ask: `/attendance <UPN | name | registration group | year N | pa | sa | penalty | steps>`.
 * The search runs only over the pupils the asker may see, so a refusal, a "no match" and an
 * ambiguity never reveal a pupil outside their scope. Every query is audited.
 */
import { CAPS } from '../../../cards/limits.ts';
import type { ListRow, QueryResult } from '../../../cards/views.ts';
import { scopeOf } from '../../domain/access.ts';
import { displayName, matchScore, normalise, yearOfToken } from '../../domain/names.ts';
import { PENALTY_WINDOW_WEEKS } from '../../domain/penalty.ts';
import { attendancePct } from '../../domain/statistics.ts';
import type { ChatContext } from '../deps.ts';
import type { PupilRecord, RollFilter, SchoolContext } from '../ports.ts';
import { type EvaluatedPupil, evaluatePupils } from '../roll.ts';
import { actorOf } from '../staff.ts';
import { viewPupil } from './view-pupil.ts';

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


export const HELP_TEXT = 'Ask about a pupil by UPN or name, a registration group (e.g. 9A), a year (`year 9`), or a list: `pa` (persistent absence), `sa` (severe absence), `penalty` (at the penalty notice threshold), `steps` (the next steps due on the school\'s ladder).';
export const NOT_FOUND = "I can't find a pupil you can see that matches that. Try a UPN, a name or a registration group.";
export const UNKNOWN_USER = "You aren't set up to use the attendance bot. Ask your school's attendance lead to add your chat account.";

/** A query is a name, a UPN, a form or a list: nothing longer is looked up. */
export const MAX_QUERY_CHARS = 500;
export const TOO_LONG = `That is too long for a query (${MAX_QUERY_CHARS} characters at most). Ask by UPN, name, form or year.`;

export async function ask(ctx: ChatContext, raw: string): Promise<QueryResult> {
  const tooLong = raw.length > MAX_QUERY_CHARS;
  const result: QueryResult = tooLong ? { kind: 'refusal', text: TOO_LONG } : await answer(ctx, raw);
  await ctx.deps.audit.record({
    schoolId: ctx.staff.schoolId, actor: actorOf(ctx.staff), source: ctx.source, action: 'query',
    ...(result.kind === 'pupil' ? { subjectType: 'Pupil', subjectId: String(result.view.pupil.id) } : {}),
    detail: { text: raw.slice(0, MAX_QUERY_CHARS), ...(tooLong ? { length: raw.length } : {}), result: result.kind, ...(result.kind === 'list' ? { total: result.total } : {}) },
  });
  return result;
}

async function answer(ctx: ChatContext, raw: string): Promise<QueryResult> {
  const q = parseQuery(raw);
  if (q.kind === 'help') return { kind: 'help', text: HELP_TEXT };
  const school = await ctx.deps.schools.load(ctx.staff.schoolId);
  const scope = scopeOf(ctx.staff.grants);
  const inScope = (filter: RollFilter = {}) => ctx.deps.roll.onRoll(school.id, ctx.asOf, { ...filter, ...(scope.whole ? {} : { scope }) });
  const evaluate = (pupils: readonly PupilRecord[]) => evaluatePupils(ctx.deps, school, ctx.asOf, pupils);
  switch (q.kind) {
    case 'steps': {
      const due = (await evaluate(await inScope())).filter((x) => x.due.length > 0);
      return list(`${school.ladder.name}: steps due`, 'steps', sortByAttendance(due), q.page, (x) => {
        const next = x.due[0]!.step;
        return `${next.title} (${next.actor.replaceAll('-', ' ')})`;
      });
    }
    case 'pa':
    case 'sa':
    case 'penalty': {
      const title = q.kind === 'pa' ? 'Persistent absence (10% or more missed)' : q.kind === 'sa' ? 'Severe absence (50% or more missed)'
        : `At the penalty notice threshold (${school.penaltyRules.thresholdSessions} sessions in ${PENALTY_WINDOW_WEEKS} school weeks)`;
      const rows = (await evaluate(await inScope())).filter(({ evaluation: e }) =>
        q.kind === 'pa' ? e.status === 'persistent' || e.status === 'severe' : q.kind === 'sa' ? e.status === 'severe' : e.penalty.thresholdMet);
      return list(title, q.kind, sortByAttendance(rows), q.page, penaltyNote);
    }
    case 'year': {
      const pupils = await inScope({ yearGroup: q.year });
      if (pupils.length === 0) return { kind: 'refusal', text: NOT_FOUND };
      return list(`Year ${q.year}`, `year ${q.year}`, await evaluate(pupils), q.page, penaltyNote);
    }
    case 'text':
      return byText(ctx, school, q.text, q.page, inScope, evaluate);
  }
}

async function byText(ctx: ChatContext, school: SchoolContext, text: string, page: number,
  inScope: (f?: RollFilter) => Promise<PupilRecord[]>, evaluate: (p: readonly PupilRecord[]) => Promise<EvaluatedPupil[]>): Promise<QueryResult> {
  const byUpn = await inScope({ upn: text });
  if (byUpn.length === 1) return { kind: 'pupil', view: await viewPupil(ctx.deps, school, ctx.staff, byUpn[0]!, ctx.asOf) };
  const byForm = await inScope({ regGroup: text });
  if (byForm.length > 0) return list(`Registration group ${byForm[0]!.regGroup}`, byForm[0]!.regGroup, await evaluate(byForm), page, penaltyNote);
  const tokens = text.split(/\s+/).filter(Boolean);
  const candidates = (await inScope())
    .map((p) => ({ p, score: matchScore(tokens, { names: [p.givenName, p.familyName, ...(p.preferredName ? [p.preferredName] : [])], yearGroup: p.yearGroup }) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
  if (candidates.length === 0) return { kind: 'refusal', text: NOT_FOUND };
  const best = candidates.filter((c) => c.score === candidates[0]!.score);
  if (best.length === 1) return { kind: 'pupil', view: await viewPupil(ctx.deps, school, ctx.staff, best[0]!.p, ctx.asOf) };
  return {
    kind: 'choice',
    text: `${best.length} pupils match "${text}". Which one?`,
    options: best.slice(0, CAPS.choicesShown).map(({ p }) => ({ label: `${displayName(p)} (${p.regGroup})`, query: p.upn })),
  };
}

const attendancePctOf = (x: EvaluatedPupil) => attendancePct(x.evaluation.stats);
const sortByAttendance = (rows: EvaluatedPupil[]) => rows.sort((a, b) => (attendancePctOf(a) ?? 100) - (attendancePctOf(b) ?? 100));

const penaltyNote = (x: EvaluatedPupil) =>
  x.evaluation.penalty.thresholdMet ? `${x.evaluation.penalty.sessions} unauthorised sessions in ${PENALTY_WINDOW_WEEKS} school weeks` : undefined;

function list(title: string, query: string, pupils: readonly EvaluatedPupil[], page: number, note: (x: EvaluatedPupil) => string | undefined): QueryResult {
  const pageCount = Math.max(1, Math.ceil(pupils.length / CAPS.rowsPerPage));
  const p = Math.min(page, pageCount);
  const rows: ListRow[] = pupils.slice((p - 1) * CAPS.rowsPerPage, p * CAPS.rowsPerPage).map((x) => {
    const n = note(x);
    return {
      pupilId: x.pupil.id, upn: x.pupil.upn, name: displayName(x.pupil), regGroup: x.pupil.regGroup,
      attendancePct: attendancePctOf(x), status: x.evaluation.status, ...(n ? { note: n } : {}),
    };
  });
  return { kind: 'list', title, query, total: pupils.length, page: p, pageCount, rows };
}
