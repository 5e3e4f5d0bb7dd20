/**
 * Ask: `/attendance <UPN | name | registration group | year N | pa | sa | penalty | steps>`.
 * The search runs only over the pupils the asker may see, so a refusal, a "no match" and an
 * ambiguity never reveal a pupil outside their scope. Every query is audited.
 */
import { CAPS } from '../../../cards/limits.ts';
import type { CohortOrder, ListPage, ListRow, MyDayItem, MyDayView, QueryResult } from '../../../cards/views.ts';
import { canAmendRegister, canSeeSafeguarding, scopeOf } from '../../domain/access.ts';
import { type CohortGroup, type CohortMember, DEFAULT_BANDS, summariseCohort } from '../../domain/cohort.ts';
import { displayName, matchScore, normalise, yearOfToken } from '../../domain/names.ts';
import { N_RESOLVE_SCHOOL_DAYS, PENALTY_WINDOW_WEEKS } from '../../domain/penalty.ts';
import { dayOf, dayOfSlot, isoOf, schoolDate, sessionOfSlot } from '../../domain/dates.ts';
import { attendancePct, PERSISTENT_ABSENCE_PCT, SEVERE_ABSENCE_PCT, statisticsByPeriod } from '../../domain/statistics.ts';
import { type ChatContext, inSchool } from '../deps.ts';
import type { PupilRecord, RollFilter, SchoolContext } from '../ports.ts';
import { type EvaluatedPupil, evaluatePupils } from '../roll.ts';
import { staffActor } from '../ports.ts';
import { misNotUpdated } from './mis-not-updated.ts';
import { myDay } from './my-day.ts';
import { SETUP_REFUSAL, schoolSetup } from './school/setup.ts';
import { whatYouCanDo } from './welcome.ts';
import { viewPupil } from './view-pupil.ts';

export type ParsedQuery = (
  | { readonly kind: 'help' }
  | { readonly kind: 'mis' }
  | { readonly kind: 'today' }
  | { readonly kind: 'setup' }
  | { readonly kind: 'pa' | 'sa' | 'penalty' | 'steps' | 'unresolved'; readonly page: number }
  | { readonly kind: 'year'; readonly year: number; readonly page: number; readonly order: CohortOrder }
  | { readonly kind: 'text'; readonly text: string; readonly page: number; readonly order: CohortOrder }
) & {
  /** `@school-id`: only that one of the asker's schools (staff of a trust's several schools). */
  readonly school?: string;
};

export function parseQuery(raw: string): ParsedQuery {
  let text = raw.trim().replace(/^attendance\b/i, '').trim();
  let school: string | undefined;
  const at = /(?:^|\s+)@([a-z0-9][a-z0-9-]*)$/i.exec(text);
  if (at) {
    school = at[1]!.toLowerCase();
    text = text.slice(0, at.index).trim();
  }
  const q = parseWords(text);
  return school === undefined ? q : { ...q, school };
}

function parseWords(raw: string): ParsedQuery {
  let text = raw;
  let page = 1;
  const pageMatch = /\s+page\s+(\d+)$/i.exec(text);
  if (pageMatch) {
    page = Math.max(1, Number(pageMatch[1]));
    text = text.slice(0, pageMatch.index).trim();
  }
  // a year's or a form's pupils: lowest attendance first, or `by name`
  let order: CohortOrder = 'attendance';
  const orderMatch = /\s+by\s+(name|attendance)$/i.exec(text);
  if (orderMatch) {
    order = orderMatch[1]!.toLowerCase() as CohortOrder;
    text = text.slice(0, orderMatch.index).trim();
  }
  const lower = normalise(text);
  if (lower === '' || lower === 'help') return { kind: 'help' };
  if (lower === 'mis') return { kind: 'mis' };
  if (lower === 'today' || lower === 'my day') return { kind: 'today' };
  if (lower === 'setup') return { kind: 'setup' };
  if (lower === 'pa' || lower === 'persistent') return { kind: 'pa', page };
  if (lower === 'sa' || lower === 'severe') return { kind: 'sa', page };
  if (lower === 'penalty' || lower === 'penalties') return { kind: 'penalty', page };
  if (lower === 'steps' || lower === 'due' || lower === 'ladder') return { kind: 'steps', page };
  if (lower === 'unresolved' || lower === 'n') return { kind: 'unresolved', page };
  const year = /^(?:year|yr|y)\s*(\d{1,2})$/.exec(lower);
  if (year) return { kind: 'year', year: Number(year[1]), page, order };
  if (/^year\s+\w+$/.test(lower) && yearOfToken(lower.split(/\s+/)[1]!) !== undefined) {
    return { kind: 'year', year: yearOfToken(lower.split(/\s+/)[1]!)!, page, order };
  }
  return { kind: 'text', text, page, order };
}


export const HELP_TEXT = '`today`: what is yours to do today. Ask about a pupil by UPN or name, a registration group (e.g. 9A), a year (`year 9`; add `by name` to list its pupils by name), or a list: `pa` (persistent absence), `sa` (severe absence), `penalty` (at the penalty notice threshold), `steps` (the next steps due on the school\'s ladder), `unresolved` (N marks still unresolved after 5 school days), `mis` (marks changed from chat that the MIS does not show yet). Staff of several schools add `@school` to ask about one of them. In a channel, `subscribe attendance`, `subscribe dsl`, `subscribe senior` or `subscribe year 9` sends those posts there (attendance officers and senior leaders; the DSL\'s channel, a DSL); `setup` shows a senior leader what is set up and what is missing.';
export const NOT_FOUND = "I can't find a pupil you can see that matches that. Try a UPN, a name or a registration group.";
export const UNKNOWN_USER = "You aren't set up to use the attendance bot. Ask your school's attendance lead to add your chat account.";

/** A query is a name, a UPN, a form or a list: nothing longer is looked up. */
export const MAX_QUERY_CHARS = 500;
export const TOO_LONG = `That is too long for a query (${MAX_QUERY_CHARS} characters at most). Ask by UPN, name, form or year.`;

/** One of the asker's schools, and the asker as its member of staff. */
interface Reach { readonly ctx: ChatContext; readonly school: SchoolContext }
/** Pupils found in one school, within the asker's scope there. */
interface Found { readonly reach: Reach; readonly pupils: readonly PupilRecord[] }
type Evaluated = EvaluatedPupil & { readonly reach: Reach };

/**
 * Answers over every school where the asker is staff (one for nearly everyone; a trust's
 * several), each within the asker's roles in that school. Audited in each school it searched.
 */
export async function ask(ctx: ChatContext, raw: string): Promise<QueryResult> {
  const tooLong = raw.length > MAX_QUERY_CHARS;
  const q = tooLong ? undefined : parseQuery(raw);
  const reaches = q ? await reachesFor(ctx, q.school) : [];
  const result: QueryResult = tooLong ? { kind: 'refusal', text: TOO_LONG } : reaches.length === 0 ? { kind: 'refusal', text: NOT_FOUND } : await answer(reaches, q!);
  const answeredIn = answeredInSchool.get(result);
  const audited = answeredIn ? [answeredIn] : reaches.length > 0 ? reaches : [{ ctx }];
  for (const r of audited) {
    await ctx.deps.audit.record({
      schoolId: r.ctx.staff.schoolId, actor: staffActor(r.ctx.staff), source: ctx.source, action: 'query',
      ...(result.kind === 'pupil' ? { subjectType: 'Pupil', subjectId: String(result.view.pupil.id) } : {}),
      detail: { text: raw.slice(0, MAX_QUERY_CHARS), ...(tooLong ? { length: raw.length } : {}), result: result.kind, ...(result.kind === 'list' ? { total: result.total } : result.kind === 'cohort' ? { total: result.pupils.total } : {}) },
    });
  }
  return result;
}

async function reachesFor(ctx: ChatContext, only: string | undefined): Promise<Reach[]> {
  const memberships = ctx.memberships.filter((m) => only === undefined || m.schoolId === only);
  return Promise.all(memberships.map(async (m) => {
    const inIt = (await inSchool(ctx, m.schoolId))!;
    return { ctx: inIt, school: await ctx.deps.schools.load(m.schoolId) };
  }));
}

async function answer(reaches: readonly Reach[], q: ParsedQuery): Promise<QueryResult> {
  if (q.kind === 'help') return { kind: 'help', text: [...whatYouCanDo(reaches.map((r) => r.ctx.staff)), HELP_TEXT].join('\n') };
  if (q.kind === 'mis') return misNotUpdated((reaches.find((r) => canAmendRegister(r.ctx.staff.grants)) ?? reaches[0]!).ctx);
  if (q.kind === 'setup') {
    const senior = reaches.find((r) => r.ctx.staff.grants.some((g) => g.role === 'senior_leader'));
    return senior ? { kind: 'setup', school: senior.school.name, lines: await schoolSetup(senior.ctx, senior.school) } : { kind: 'refusal', text: SETUP_REFUSAL };
  }
  if (q.kind === 'today') return { kind: 'today', view: mergeDays(reaches, await Promise.all(reaches.map((r) => myDay(r.ctx, r.school)))) };
  const several = reaches.length > 1;
  const inScope = (filter: RollFilter = {}): Promise<Found[]> => Promise.all(reaches.map(async (reach) => {
    const scope = scopeOf(reach.ctx.staff.grants);
    return { reach, pupils: await reach.ctx.deps.roll.onRoll(reach.school.id, reach.ctx.asOf, { ...filter, ...(scope.whole ? {} : { scope }) }) };
  }));
  const label = (x: Evaluated) => (several ? `${x.reach.school.name} ${x.pupil.regGroup}` : x.pupil.regGroup);
  const only = reaches[0]!.school;
  switch (q.kind) {
    case 'steps': {
      const due = (await evaluate(await inScope())).filter((x) => x.due.length > 0);
      return list(several ? 'Steps due on your schools\' ladders' : `${only.name}: steps due`, 'steps', sortByAttendance(due), q.page, label, (x) => {
        const next = x.due[0]!.step;
        return `${next.title} (${next.actor.replaceAll('-', ' ')})`;
      });
    }
    case 'unresolved': {
      const rows = (await evaluate(await inScope())).filter((x) => x.evaluation.unresolvedN.length > 0)
        .sort((a, b) => b.evaluation.unresolvedN.length - a.evaluation.unresolvedN.length || a.evaluation.unresolvedN[0]! - b.evaluation.unresolvedN[0]!);
      return list(`N unresolved after ${N_RESOLVE_SCHOOL_DAYS} school days`, withSchool('unresolved', q), rows, q.page, label, (x) => {
        const n = x.evaluation.unresolvedN;
        const days = x.evaluation.counters.daysWithoutContact;
        return `${n.length} N since ${schoolDate(isoOf(dayOfSlot(n[0]!)))} ${sessionOfSlot(n[0]!)}${days > 0 ? `; ${days} day${days === 1 ? '' : 's'} without contact` : ''}`;
      });
    }
    case 'pa':
    case 'sa':
    case 'penalty': {
      const title = q.kind === 'pa' ? `Persistent absence (${PERSISTENT_ABSENCE_PCT}% or more missed)` : q.kind === 'sa' ? `Severe absence (${SEVERE_ABSENCE_PCT}% or more missed)`
        : several ? `At the penalty notice threshold (in ${PENALTY_WINDOW_WEEKS} school weeks)`
          : `At the penalty notice threshold (${only.penaltyRules.thresholdSessions} sessions in ${PENALTY_WINDOW_WEEKS} school weeks)`;
      const rows = (await evaluate(await inScope())).filter(({ evaluation: e }) =>
        q.kind === 'pa' ? e.status === 'persistent' || e.status === 'severe' : q.kind === 'sa' ? e.status === 'severe' : e.penalty.thresholdMet);
      return list(title, withSchool(q.kind, q), sortByAttendance(rows), q.page, label, penaltyNote);
    }
    case 'year': {
      const found = await inScope({ yearGroup: q.year });
      if (count(found) === 0) return { kind: 'refusal', text: NOT_FOUND };
      return cohort(`Year ${q.year}`, withSchool(`year ${q.year}`, q), await evaluate(found), q, label);
    }
    case 'text':
      return byText(q.text, q, q.page, several, inScope, label);
  }
}

/** One day from each school: with several, each pupil's form is said with its school. */
function mergeDays(reaches: readonly Reach[], days: readonly MyDayView[]): MyDayView {
  if (days.length === 1) return days[0]!;
  const tag = (i: number) => (x: MyDayItem) => ({ ...x, regGroup: `${reaches[i]!.school.name} ${x.regGroup}` });
  const all = (pick: (d: MyDayView) => readonly MyDayItem[] | undefined) => days.flatMap((d, i) => (pick(d) ?? []).map(tag(i)));
  const dsl = days.some((d) => d.flags !== undefined);
  return {
    date: days[0]!.date, calls: all((d) => d.calls), steps: all((d) => d.steps), reviews: all((d) => d.reviews), meetings: all((d) => d.meetings),
    ...(dsl ? { flags: all((d) => d.flags) } : {}), roles: days.flatMap((d, i) => d.roles.map((r) => `${r} at ${reaches[i]!.school.name}`)),
  };
}

/** The query a list's pages re-ask, keeping its `@school`. */
const withSchool = (query: string, q: ParsedQuery) => (q.school ? `${query} @${q.school}` : query);
const count = (found: readonly Found[]) => found.reduce((n, f) => n + f.pupils.length, 0);
const pupilsOf = (found: readonly Found[]) => found.flatMap(({ reach, pupils }) => pupils.map((p) => ({ reach, p })));

async function evaluate(found: readonly Found[]): Promise<Evaluated[]> {
  const each = await Promise.all(found.map(async ({ reach, pupils }) =>
    (await evaluatePupils(reach.ctx.deps, reach.school, reach.ctx.asOf, pupils)).map((x) => ({ ...x, reach }))));
  return each.flat();
}

/** Which school a pupil's answer came from, for its audit entry. */
const answeredInSchool = new WeakMap<QueryResult, Reach>();
async function viewIn(reach: Reach, p: PupilRecord): Promise<QueryResult> {
  const result: QueryResult = { kind: 'pupil', view: await viewPupil(reach.ctx.deps, reach.school, reach.ctx.staff, p, reach.ctx.asOf) };
  answeredInSchool.set(result, reach);
  return result;
}

async function byText(text: string, q: Extract<ParsedQuery, { kind: 'text' }>, page: number, several: boolean,
  inScope: (f?: RollFilter) => Promise<Found[]>, label: (x: Evaluated) => string): Promise<QueryResult> {
  const byUpn = pupilsOf(await inScope({ upn: text }));
  if (byUpn.length === 1) return viewIn(byUpn[0]!.reach, byUpn[0]!.p);
  const byForm = await inScope({ regGroup: text });
  const inForm = pupilsOf(byForm);
  if (inForm.length > 0) return cohort(`Registration group ${inForm[0]!.p.regGroup}`, withSchool(inForm[0]!.p.regGroup, q), await evaluate(byForm), q, label);
  const tokens = text.split(/\s+/).filter(Boolean);
  const candidates = byUpn.length > 1 ? byUpn.map((c) => ({ ...c, score: 1 })) : pupilsOf(await inScope())
    .map((c) => ({ ...c, score: matchScore(tokens, { names: [c.p.givenName, c.p.familyName, ...(c.p.preferredName ? [c.p.preferredName] : [])], yearGroup: c.p.yearGroup }) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
  if (candidates.length === 0) return { kind: 'refusal', text: NOT_FOUND };
  const best = candidates.filter((c) => c.score === candidates[0]!.score);
  if (best.length === 1) return viewIn(best[0]!.reach, best[0]!.p);
  const pages = Math.ceil(best.length / CAPS.choicesShown);
  const at = Math.min(page, pages);
  const shown = best.slice((at - 1) * CAPS.choicesShown, at * CAPS.choicesShown);
  const again = (n: number) => withSchool(`${text} page ${n}`, q);
  return {
    kind: 'choice',
    text: `${best.length} pupils match "${text}"${pages > 1 ? ` (page ${at} of ${pages}; add the year or form, e.g. "${text} 9", to narrow it)` : ''}. Which one?`,
    ...(pages > 1 ? { more: { ...(at > 1 ? { previous: again(at - 1) } : {}), ...(at < pages ? { next: again(at + 1) } : {}) } } : {}),
    options: shown.map(({ reach, p }) => several
      ? { label: `${displayName(p)} (${p.regGroup}, ${reach.school.name})`, query: `${p.upn} @${reach.school.id}` }
      : { label: `${displayName(p)} (${p.regGroup})`, query: p.upn }),
  };
}

const attendancePctOf = (x: EvaluatedPupil) => attendancePct(x.evaluation.stats);
const sortByAttendance = <T extends EvaluatedPupil>(rows: T[]) => rows.sort((a, b) => (attendancePctOf(a) ?? 100) - (attendancePctOf(b) ?? 100));

const penaltyNote = (x: EvaluatedPupil) =>
  x.evaluation.penalty.thresholdMet ? `${x.evaluation.penalty.sessions} unauthorised sessions in ${PENALTY_WINDOW_WEEKS} school weeks` : undefined;

/**
 * A year or a form as one (its figures, bands, groups and half terms) and its pupils as a page
 * of a table, lowest attendance first or by name. The safeguarding groups are in the split
 * only for a DSL role in the pupils' school.
 */
function cohort(name: string, query: string, pupils: readonly Evaluated[], q: Extract<ParsedQuery, { kind: 'year' | 'text' }>, label: (x: Evaluated) => string): QueryResult {
  const school = pupils[0]!.reach.school;
  const asOf = dayOf(pupils[0]!.reach.ctx.asOf);
  const periods = school.calendar.halfTerms.filter((h) => h.start <= asOf);
  const dsl = (x: Evaluated) => canSeeSafeguarding(x.reach.ctx.staff.grants);
  const members: CohortMember[] = pupils.map((x) => ({
    stats: x.evaluation.stats, status: x.evaluation.status, groups: groupsOf(x.pupil, dsl(x)),
    byPeriod: statisticsByPeriod(x.register, periods, x.evaluation.from, asOf),
  }));
  const several = new Set(pupils.map((x) => x.reach.school.id)).size > 1;
  const summary = summariseCohort(members, (!several && school.ladder.bands) || DEFAULT_BANDS, periods.length);
  const ordered = q.order === 'name' ? [...pupils] : sortByAttendance([...pupils]);
  const byOrder = q.order === 'name' ? `${query} by name` : query;
  return {
    kind: 'cohort',
    view: { name, asOf: pupils[0]!.reach.ctx.asOf, summary, periods: periods.map((h) => h.name), safeguardingGroups: pupils.every(dsl), order: q.order, query },
    pupils: pageOf(name, byOrder, ordered, q.page, label, penaltyNote),
  };
}

/** The groups a pupil is in; social worker and looked after only for a DSL's eyes. */
function groupsOf(p: PupilRecord, safeguarding: boolean): CohortGroup[] {
  return [
    ...(p.pupilPremium ? ['pupil-premium' as const] : []),
    ...(p.freeSchoolMeals ? ['fsm' as const] : []),
    ...(p.send !== 'none' ? ['send' as const] : []),
    ...(safeguarding && p.socialWorker !== 'none' ? ['social-worker' as const] : []),
    ...(safeguarding && p.lookedAfter !== 'none' ? ['looked-after' as const] : []),
  ];
}

function list(title: string, query: string, pupils: readonly Evaluated[], page: number, label: (x: Evaluated) => string, note: (x: EvaluatedPupil) => string | undefined): QueryResult {
  return { kind: 'list', ...pageOf(title, query, pupils, page, label, note) };
}

function pageOf(title: string, query: string, pupils: readonly Evaluated[], page: number, label: (x: Evaluated) => string, note: (x: EvaluatedPupil) => string | undefined): ListPage {
  const pageCount = Math.max(1, Math.ceil(pupils.length / CAPS.rowsPerPage));
  const p = Math.min(page, pageCount);
  const rows: ListRow[] = pupils.slice((p - 1) * CAPS.rowsPerPage, p * CAPS.rowsPerPage).map((x) => {
    const n = note(x);
    return {
      pupilId: x.pupil.id, upn: x.pupil.upn, name: displayName(x.pupil), regGroup: label(x),
      attendancePct: attendancePctOf(x), status: x.evaluation.status, ...(n ? { note: n } : {}),
    };
  });
  return { title, query, total: pupils.length, page: p, pageCount, rows };
}
