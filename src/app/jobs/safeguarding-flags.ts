/**
 * safeguarding-flags: flags for the DSL (a vulnerable pupil's unexplained absence, 3 and 10
 * days without contact, 20 days missing education) and the school's own flags from its
 * ladder, each raised once and posted to the safeguarding channel.
 */
import { instantOf } from '../../config/clock.ts';
import { type DayNumber, dayOf, isoOf } from '../../domain/dates.ts';
import { DEFAULT_ESCALATION, flagProgress, flagsFor, type RaisedFlagKind } from '../../domain/flags.ts';
import { describeTrigger, triggerHolds } from '../../domain/ladder.ts';
import { type DeliveryResult, deliver } from '../delivery.ts';
import { flagCardOf, flagPosts } from '../flag-posts.ts';
import { flagsAwaitDslCard } from '../../../cards/jobs.ts';
import { type OpenFlag, type SchoolContext, SYSTEM } from '../ports.ts';
import { evaluateRoll, type PupilRuns, rollRuns } from '../roll.ts';
import type { PupilEvaluation } from '../../domain/evaluation.ts';
import type { Job, JobDeps } from './job.ts';

/** The school day `n - 1` school days before `day` (the first day of an n-day run). */
function runStart(school: SchoolContext, day: DayNumber, n: number): string {
  let k = 0;
  for (const d of school.calendar.schoolDaysBackFrom(day)) if (++k >= n) return isoOf(d);
  return isoOf(day);
}

export const safeguardingFlags: Job = {
  async run(deps, school, date) {
    const day = dayOf(date);
    const policy = school.escalation ?? deps.escalation ?? DEFAULT_ESCALATION;
    const now = deps.clock.now();
    const amClosed = school.calendar.isOpen(day, 'AM') && now.getTime() >= instantOf(date, school.calendar.registers.AM.closes, school.timezone).getTime();
    let items = 0;
    // the school's own flags look at the whole evaluation; the national ones at the day runs only
    const ownFlags = school.ladder.safeguardingFlags ?? [];
    const pupils: (PupilRuns & { evaluation?: PupilEvaluation })[] = ownFlags.length > 0
      ? (await evaluateRoll(deps, school, date)).map((x) => ({ ...x, counters: x.evaluation.counters }))
      : await rollRuns(deps, school, date);
    const halfTerm = isoOf(school.calendar.halfTermOf(day)?.start ?? day);
    for (const x of pupils) {
      const { pupil: p, register, counters } = x;
      const today = [register.codeOn(day, 'AM'), register.codeOn(day, 'PM')];
      const unexplained = today.some((c) => c === 'N') || (today[0] === undefined && amClosed);
      const raised: { kind: RaisedFlagKind; summary: string; dateKey: string }[] = flagsFor(p, unexplained, counters).map((f) => ({
        ...f,
        dateKey: f.kind === 'vulnerable-unexplained' ? date
          : runStart(school, day, f.kind === 'missing-education-20-days' ? counters.continuousMissingEducationDays : counters.daysWithoutContact),
      }));
      // the school's own flags, from its ladder: once per pupil per half term
      if (x.evaluation) {
        for (const f of ownFlags) {
          if (triggerHolds(f.when, x.evaluation)) raised.push({ kind: `school:${f.key}`, summary: `The school's flag: ${describeTrigger(f.when)}.`, dateKey: halfTerm });
        }
      }
      for (const { kind, summary, dateKey } of raised) {
        const flag = await deps.flags.raise({ schoolId: school.id, pupilId: p.id, kind, dateKey, summary, nextEscalationAt: new Date(now.getTime() + policy.afterMinutes * 60_000) });
        if (flag.raised) {
          items++;
          await deps.audit.record({ schoolId: school.id, actor: SYSTEM, source: 'job', action: 'flag.raise', subjectType: 'SafeguardingFlag', subjectId: String(flag.id), detail: { kind, pupilId: p.id } });
        }
      }
    }
    return { items, delivery: (await deliverOpenFlags(deps, school, date)).delivery };
  },
};

/** The post that tells the attendance team and senior leaders, without details, that flags wait for a DSL. */
export const FLAGS_AWAIT_DSL = 'flags-await-dsl';

/**
 * Every open flag of the school to its DSLs (posted once, kept up to date in place: its level, its
 * age). A flag is never silently undelivered: when no DSL can be reached (no safeguarding channel,
 * no DSL or deputy who has opened the bot), the attendance team and senior leaders are told, with
 * no detail, that flags wait and what to fix; the flag reaches the DSL as soon as a surface
 * appears (the next run, or at once when a DSL opens the bot in Teams), and that message then
 * says so. Run by the flag job after each register and by the escalation job every few minutes.
 */
export async function deliverOpenFlags(deps: JobDeps, school: SchoolContext, date: string): Promise<{ delivery: DeliveryResult[]; waiting: number }> {
  const delivery: DeliveryResult[] = [];
  let waiting = 0;
  const open = await deps.flags.open(school.id);
  const since = await flagsSinceRaised(deps, school, open);
  for (const f of open) {
    const r = await deliver(deps, { schoolId: school.id, kind: `flag:${f.id}`, dateKey: f.dateKey, purpose: 'dsl', card: flagCardOf(f, undefined, school.timezone, since.get(f.id)) });
    delivery.push(r);
    // no surface took it or holds it for a retry: nobody who can act has it
    if (r.posted + r.updated + r.unchanged === 0 && r.failed.length === 0) waiting++;
  }
  if (waiting > 0 || await deps.posts.wasSent(school.id, FLAGS_AWAIT_DSL, date, '')) {
    const card = flagsAwaitDslCard(waiting, waiting === 0);
    for (const purpose of ['attendance', 'senior'] as const) delivery.push(await deliver(deps, { schoolId: school.id, kind: FLAGS_AWAIT_DSL, dateKey: date, purpose, card }));
  }
  return { delivery, waiting };
}

/**
 * Brings a flag's posts in the safeguarding channels up to date after it was acknowledged:
 * every DSL sees who acknowledged it and what was done (the channel is the DSLs' own).
 */
export async function redeliverFlag(deps: JobDeps, schoolId: string, flagId: number): Promise<void> {
  const f = await deps.flags.get(schoolId, flagId);
  if (!f || !f.acknowledgedAt || !f.acknowledgedBy) return;
  const card = flagCardOf(f, f.acknowledgedBy, (await deps.schools.load(schoolId)).timezone);
  for (const post of flagPosts(f.id, f.level)) await deliver(deps, { schoolId, ...post, dateKey: f.dateKey, card });
}

/**
 * What has happened since each open flag was raised (flagProgress): the register's codes of the
 * flag's day now, and the last time a parent or carer was reached. Read for all of them at once.
 */
export async function flagsSinceRaised(deps: JobDeps, school: SchoolContext, flags: readonly OpenFlag[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (flags.length === 0) return out;
  const dayOfFlag = (f: OpenFlag) => dayOf(f.dateKey.slice(0, 10));
  const pupilIds = [...new Set(flags.map((f) => f.pupilId))];
  const days = flags.map(dayOfFlag);
  const [registers, facts] = await Promise.all([
    deps.registers.load(school.id, Math.min(...days), Math.max(...days), pupilIds),
    deps.cases.facts(school.id, pupilIds),
  ]);
  for (const f of flags) {
    const day = dayOfFlag(f);
    const register = registers.get(f.pupilId);
    const lastContact = facts.get(f.pupilId)?.lastContact;
    const since = flagProgress(f.kind, day, { codesOnDay: [register?.codeOn(day, 'AM'), register?.codeOn(day, 'PM')], ...(lastContact !== undefined ? { lastContact } : {}) });
    if (since) out.set(f.id, since);
  }
  return out;
}
