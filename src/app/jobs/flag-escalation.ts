/**
 * flag-escalation: an unacknowledged flag escalates (the deputy DSLs, then a senior leader) once
 * it has waited the policy's minutes of school hours (the school's day, its closures and
 * holidays do not count) since it was raised or last escalated. The posts are written to the
 * outbox (and sent) before the new level is saved: a crash between the two sends nothing twice
 * (the posts are keyed) and the next run saves the level; a platform that is away gets them
 * from the outbox later. Never a saved level whose posts nobody will send.
 */
import { civilDate, timeOfDay } from '../../config/clock.ts';
import { dayOf } from '../../domain/dates.ts';
import { DEFAULT_ESCALATION, ESCALATION, waitStartsAt, type EscalationPolicy, escalatesNow, minuteOf, type SchoolMoment, schoolMinutesBetween } from '../../domain/flags.ts';
import { type DeliveryResult, deliver } from '../delivery.ts';
import { flagCardOf, flagPosts } from '../flag-posts.ts';
import { deliverOpenFlags, flagsSinceRaised } from './safeguarding-flags.ts';
import { type SchoolContext, SYSTEM } from '../ports.ts';
import type { Job } from './job.ts';

const momentOf = (school: SchoolContext, at: Date): SchoolMoment => ({ day: dayOf(civilDate(at, school.timezone)), minute: minuteOf(timeOfDay(at, school.timezone)) });

const isSchoolTime = (school: SchoolContext, at: SchoolMoment, policy: EscalationPolicy): boolean =>
  school.calendar.isSchoolDay(at.day) && at.minute >= minuteOf(policy.from) && at.minute < minuteOf(policy.to);

export const flagEscalation: Job = {
  anyDay: true,
  async run(deps, school, date) {
    const policy = school.escalation ?? deps.escalation ?? DEFAULT_ESCALATION;
    const now = deps.clock.now();
    const today = momentOf(school, now);
    const inSchoolTime = isSchoolTime(school, today, policy);
    const delivery: DeliveryResult[] = [];
    let items = 0;
    for (const f of await deps.flags.due(school.id, now)) {
      // raised or last escalated `afterMinutes` before its wall-clock due time
      const since = waitStartsAt(new Date(f.nextEscalationAt.getTime() - policy.afterMinutes * 60_000));
      const waited = schoolMinutesBetween(momentOf(school, since), today, (d) => school.calendar.isSchoolDay(d), policy);
      if (!escalatesNow(f.level, waited, policy, inSchoolTime)) continue;
      const level = f.level + 1;
      // what has happened since it was raised: read only for a flag that escalates now
      const card = flagCardOf({ ...f, level }, undefined, school.timezone, (await flagsSinceRaised(deps, school, [f])).get(f.id));
      for (const post of flagPosts(f.id, level)) delivery.push(await deliver(deps, { schoolId: school.id, ...post, dateKey: f.dateKey, card }));
      if (!(await deps.flags.escalate(f.id, f.level, new Date(now.getTime() + policy.afterMinutes * 60_000)))) continue; // acknowledged or escalated meanwhile
      items++;
      await deps.audit.record({ schoolId: school.id, actor: SYSTEM, source: 'job', action: 'flag.escalate', subjectType: 'SafeguardingFlag', subjectId: String(f.id), detail: { level, to: ESCALATION[level], failed: delivery.flatMap((d) => d.failed) } });
    }
    // a flag that reached no DSL yet reaches one as soon as a surface appears
    delivery.push(...(await deliverOpenFlags(deps, school, date)).delivery);
    return { items, delivery };
  },
};
