/**
 * safeguarding-flags: flags for the DSL (a vulnerable pupil's unexplained absence, 3 and 10
 * days without contact, 20 days missing education) and the school's own flags from its
 * ladder, each raised once and posted to the safeguarding channel.
 */
import { instantOf } from '../../config/clock.ts';
import { type DayNumber, dayOf, isoOf } from '../../domain/dates.ts';
import { DEFAULT_ESCALATION, flagsFor } from '../../domain/flags.ts';
import { describeTrigger, triggerHolds } from '../../domain/ladder.ts';
import { type DeliveryResult, deliver } from '../delivery.ts';
import { escalationPosts, flagCardOf } from '../flag-posts.ts';
import type { SchoolContext } from '../ports.ts';
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
    const delivery: DeliveryResult[] = [];
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
      const raised: { kind: string; summary: string; dateKey: string }[] = flagsFor(p, unexplained, counters).map((f) => ({
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
          await deps.audit.record({ schoolId: school.id, actor: 'system', source: 'job', action: 'flag.raise', subjectType: 'SafeguardingFlag', subjectId: String(flag.id), detail: { kind, pupilId: p.id } });
        }
        const card = flagCardOf({ id: flag.id, pupil: p, summary, level: 0 });
        delivery.push(await deliver(deps, { schoolId: school.id, kind: `flag:${flag.id}`, dateKey, purpose: 'dsl', card }));
      }
    }
    return { items, delivery };
  },
};

/**
 * Brings a flag's posts in the safeguarding channels up to date after it was acknowledged:
 * every DSL sees who acknowledged it and what was done (the channel is the DSLs' own).
 */
export async function redeliverFlag(deps: JobDeps, schoolId: string, flagId: number): Promise<void> {
  const f = await deps.flags.get(schoolId, flagId);
  if (!f || !f.acknowledgedAt || !f.acknowledgedBy) return;
  const card = flagCardOf(f, await deps.staff.nameOf(f.acknowledgedBy), (await deps.schools.load(schoolId)).timezone);
  await deliver(deps, { schoolId, kind: `flag:${f.id}`, dateKey: f.dateKey, purpose: 'dsl', card });
  for (let level = 1; level <= f.level; level++) {
    for (const post of escalationPosts(f.id, level)) await deliver(deps, { schoolId, ...post, dateKey: f.dateKey, card });
  }
}
