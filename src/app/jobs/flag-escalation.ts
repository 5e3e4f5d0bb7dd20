/** flag-escalation: unacknowledged flags re-notify and escalate, in school hours. */
import { civilDate, timeOfDay } from '../../config/clock.ts';
import { dayOf } from '../../domain/dates.ts';
import { DEFAULT_ESCALATION, ESCALATION, type EscalationPolicy, escalatesNow } from '../../domain/flags.ts';
import { type DeliveryResult, deliver } from '../delivery.ts';
import { escalationPosts, flagCardOf } from '../flag-posts.ts';
import type { SchoolContext } from '../ports.ts';
import type { Job } from './job.ts';

function isSchoolTime(school: SchoolContext, at: Date, policy: EscalationPolicy): boolean {
  const t = timeOfDay(at, school.timezone);
  return school.calendar.isSchoolDay(dayOf(civilDate(at, school.timezone))) && t >= policy.from && t < policy.to;
}

export const flagEscalation: Job = {
  anyDay: true,
  async run(deps, school) {
    const policy = deps.escalation ?? DEFAULT_ESCALATION;
    const now = deps.clock.now();
    const inSchoolTime = isSchoolTime(school, now, policy);
    const delivery: DeliveryResult[] = [];
    let items = 0;
    for (const f of await deps.flags.due(school.id, now)) {
      if (!escalatesNow(f.level, f.nextEscalationAt, now, inSchoolTime)) continue;
      const level = f.level + 1;
      if (!(await deps.flags.escalate(f.id, f.level, new Date(now.getTime() + policy.afterMinutes * 60_000)))) continue; // acknowledged or escalated meanwhile
      items++;
      await deps.audit.record({ schoolId: school.id, actor: 'system', source: 'job', action: 'flag.escalate', subjectType: 'SafeguardingFlag', subjectId: String(f.id), detail: { level, to: ESCALATION[level] } });
      const card = flagCardOf({ ...f, level });
      for (const post of escalationPosts(f.id, level)) delivery.push(await deliver(deps, { schoolId: school.id, ...post, dateKey: f.dateKey, card }));
    }
    return { items, delivery };
  },
};
