/**
 * My day: what is one person's to do today, in one place, by their roles and within their
 * scope, in each school where they are staff: the calls still to make after the register
 * closed (attendance officers), the next ladder steps their roles act on, the reviews and
 * meetings due, and the unacknowledged safeguarding flags (DSL roles only). Read through
 * `ask` (`today`), so it is audited like every query.
 */
import type { MyDayItem, MyDayView } from '../../../cards/views.ts';
import { canSeeSafeguarding, scopeOf } from '../../domain/access.ts';
import { holdsPurpose } from '../../domain/audience.ts';
import { dayOf, schoolDate, SESSIONS, type Session } from '../../domain/dates.ts';
import { displayName } from '../../domain/names.ts';
import { civilDate, instantOf, schoolDateTime } from '../../config/clock.ts';
import type { ChatContext } from '../deps.ts';
import { ACTOR_PURPOSE, reviewPurpose } from '../jobs/ladder-steps.ts';
import type { SchoolContext } from '../ports.ts';
import { evaluatePupils } from '../roll.ts';

/** The person's day in one school, as the membership `ctx` acts. */
export async function myDay(ctx: ChatContext, school: SchoolContext): Promise<MyDayView> {
  const { deps, staff } = ctx;
  const grants = staff.grants;
  const date = ctx.asOf;
  const day = dayOf(date);
  const scope = scopeOf(grants);
  const now = deps.clock.now();
  const endOfDay = instantOf(date, '23:59', school.timezone);
  // what does not hang on the roll is read beside it
  const [pupils, meetingsDue, openFlags] = await Promise.all([
    deps.roll.onRoll(school.id, date, scope.whole ? {} : { scope }),
    deps.cases.meetingsDue(school.id, endOfDay),
    canSeeSafeguarding(grants) ? deps.flags.open(school.id) : undefined,
  ]);
  const evaluating = evaluatePupils(deps, school, date, pupils);
  evaluating.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const item = (p: (typeof pupils)[number], what: string): MyDayItem => ({ name: displayName(p), upn: p.upn, regGroup: p.regGroup, what });

  // the calls: a pupil N or without a mark in a session whose register has closed today (and was
  // taken), whom nobody has called today
  const calls: MyDayItem[] = [];
  if (holdsPurpose(grants, 'attendance')) {
    const closed = SESSIONS.filter((s: Session) => school.calendar.isOpen(day, s) && (civilDate(now, school.timezone) > date || now >= instantOf(date, school.calendar.registers[s].closes, school.timezone)));
    // a session nobody has taken yet (no marks in from the MIS) has nobody to call about
    const marks = (await Promise.all(closed.map(async (s) => [s, await deps.registers.session(school.id, date, s)] as const))).filter(([, m]) => m.size > 0);
    const unexplained = (p: (typeof pupils)[number]) => marks.flatMap(([s, m]) => { const c = m.get(p.id); return c === undefined ? [`${s} no mark`] : c === 'N' ? [`${s} N`] : []; });
    const missing = pupils.filter((p) => unexplained(p).length > 0);
    const [called, first] = await Promise.all([deps.cases.callsOn(school.id, date, missing.map((p) => p.id)), deps.roll.firstToCall(school.id, missing.map((p) => p.id))]);
    for (const p of missing) {
      if (called.has(p.id)) continue;
      const c = first.get(p.id);
      calls.push(item(p, `${unexplained(p).join(', ')}${c ? `: call ${c.name} (${c.relationship}) ${c.phone}` : ': no contact on the roll'}`));
    }
  }

  const steps: MyDayItem[] = [];
  const reviews: MyDayItem[] = [];
  for (const x of await evaluating) {
    const mine = x.due.find((d) => holdsPurpose(grants, ACTOR_PURPOSE[d.step.actor], x.pupil.yearGroup));
    if (mine) steps.push(item(x.pupil, `${mine.step.title} (${mine.rung.title})`));
    for (const r of x.facts.reviews) {
      if (r.on <= day && holdsPurpose(grants, reviewPurpose(r), x.pupil.yearGroup)) reviews.push(item(x.pupil, `Review: ${r.title}${r.on < day ? `, due since ${schoolDate(r.on)}` : ', due today'}`));
    }
  }

  // meetings up to the end of today: today's, and earlier ones still without an outcome
  const seen = new Map(pupils.map((p) => [p.id, p]));
  const meetings = meetingsDue.flatMap((m) => {
    const p = seen.get(m.pupilId);
    if (!p) return [];
    const when = schoolDateTime(m.scheduledAt, school.timezone);
    return [item(p, civilDate(m.scheduledAt, school.timezone) === date ? `Meeting today ${when.split(' ').at(-1)} with ${m.attendees}` : `Meeting ${when} with ${m.attendees}: outcome to record`)];
  });

  const flags = openFlags
    ? openFlags.flatMap((f) => {
      const p = seen.get(f.pupilId);
      return p ? [item(p, `${f.summary} Raised ${schoolDateTime(f.raisedAt, school.timezone)}.`)] : [];
    })
    : undefined;

  const roles = [...new Set(grants.map((g) => (g.role === 'head_of_year' ? `head of year ${g.yearGroup}` : g.role === 'form_tutor' ? `form tutor of ${g.regGroup}` : g.role.replaceAll('_', ' '))))];
  return { date, calls, steps, reviews, meetings, ...(flags ? { flags } : {}), roles };
}
