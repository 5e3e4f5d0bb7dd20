/**
 * ladder-steps: each pupil's next step on the school's ladder (one, in the policy's order), to
 * the people who act on it, with the next review date coming up; a step another group acts on
 * (the DSL's referral beside the attendance team's letter) goes to that group, one per group.
 */
import { simpleListCard } from '../../../cards/jobs.ts';
import { CAPS, fit } from '../../../cards/limits.ts';
import type { CardAction } from '../../../cards/model.ts';
import type { Actor } from '../../domain/ladder.ts';
import { dayOf, schoolDate } from '../../domain/dates.ts';
import { displayName } from '../../domain/names.ts';
import { nextNoticesByParent } from '../../domain/penalty.ts';
import { attendancePct, formatPct } from '../../domain/statistics.ts';
import { type DeliveryResult, deliver } from '../delivery.ts';
import type { Purpose, ReviewDue } from '../ports.ts';
import { evaluateRoll } from '../roll.ts';
import { type Job, dateLabel, plural } from './job.ts';

/** Who acts on a step, as the channel its reminder goes to. */
export const ACTOR_PURPOSE: Record<Actor, Purpose> = {
  'attendance-officer': 'attendance', 'form-tutor': 'year', 'head-of-year': 'year', dsl: 'dsl',
  'senior-leader': 'senior', headteacher: 'senior', 'local-authority': 'attendance', ewo: 'attendance',
};

/** Who holds a review: a notice to improve's, the senior leaders (the headteacher's); a plan's or contract's, the attendance team. */
export const reviewPurpose = (r: Pick<ReviewDue, 'kind'>): Purpose => (r.kind === 'notice-to-improve' ? 'senior' : 'attendance');

export const ladderSteps: Job = {
  async run(deps, school, date) {
    type Group = { purpose: Purpose; yearGroup?: number; rows: { pct: number; row: string[] }[]; letters: Map<string, { title: string; n: number }> };
    const groups = new Map<string, Group>();
    let items = 0;
    const today = dayOf(date);
    for (const { pupil: p, evaluation: e, due, facts, position } of await evaluateRoll(deps, school, date)) {
      const pct = attendancePct(e.stats);
      // one group per channel: a year's own, or the purpose's
      const keyOf = (purpose: Purpose) => (purpose === 'year' ? `year:${p.yearGroup}` : purpose);
      const groupOf = (purpose: Purpose): Group => {
        const key = keyOf(purpose);
        const group: Group = groups.get(key) ?? { purpose, ...(purpose === 'year' ? { yearGroup: p.yearGroup } : {}), rows: [], letters: new Map() };
        groups.set(key, group);
        return group;
      };
      const add = (purpose: Purpose, row: string[]) => { groupOf(purpose).rows.push({ pct: pct ?? 100, row }); };
      // reviews set by casework, from their day until one is recorded: a notice to improve's to
      // the senior leaders (the headteacher's), a plan's or contract's to the attendance team
      const reviews = facts.reviews.filter((r) => r.on <= today);
      for (const r of reviews) add(reviewPurpose(r), [displayName(p), p.regGroup, formatPct(pct), `Review due: ${r.title}`, r.on < today ? `since ${schoolDate(r.on)}` : 'today', '']);
      if (due.length === 0 && reviews.length === 0) continue;
      items++;
      // the next step, in the policy's order, for each group that acts on one of this pupil's steps
      const coming = position.upcoming[0];
      const then = coming ? `then: ${coming.step.title}, due ${schoolDate(coming.dueFrom)}` : '';
      const seen = new Set<string>();
      for (const { step } of due) {
        const purpose = ACTOR_PURPOSE[step.actor];
        const key = keyOf(purpose);
        // every letter due is counted for its group's "Draft all N letters", listed first or not
        // (the group has a row: the first of this pupil's steps it acts on is listed)
        if (step.kind === 'letter') {
          const letters = groupOf(purpose).letters;
          letters.set(step.key, { title: step.title, n: (letters.get(step.key)?.n ?? 0) + 1 });
        }
        if (seen.has(key)) continue;
        seen.add(key);
        // a penalty step says what each parent's next notice would be (a first, a second, or none)
        const title = step.kind === 'penalty-notice-request'
          ? `${step.title}: ${nextNoticesByParent(await deps.roll.contacts(school.id, p.id), facts.notices, today).map(({ contact, next }) => `${contact.name}, ${next.short}`).join('; ') || 'no parent named on the roll'}`
          : step.title;
        add(purpose, [displayName(p), p.regGroup, formatPct(pct), title, step.actor.replaceAll('-', ' '), then]);
      }
    }
    const delivery: DeliveryResult[] = [];
    for (const g of groups.values()) {
      const rows = g.rows.sort((a, b) => a.pct - b.pct).map((r) => r.row);
      const who = g.purpose === 'year' ? `Year ${g.yearGroup}` : g.purpose === 'dsl' ? 'Safeguarding' : g.purpose === 'senior' ? 'Senior leaders' : 'Attendance team';
      const cut = rows.length > CAPS.stepsPerPost ? ` The ${CAPS.stepsPerPost} lowest attendance are listed; \`/attendance steps\` pages through them all.` : '';
      // each letter due in the group can be drafted at once, for whoever presses (their own pupils only)
      const drafts: CardAction[] = [...g.letters].map(([stepKey, l]) => ({ id: 'draft-letters', label: fit(`Draft all ${l.n === 1 ? '' : `${l.n} `}letters: ${l.title}`.replace('all letters', 'the letter'), CAPS.buttonLabel), data: { stepKey }, keep: true }));
      const card = simpleListCard(`${school.name}: steps due ${dateLabel(date)} (${who})`, `${plural(rows.length, 'step')} of the ladder or review${rows.length === 1 ? '' : 's'} due for you.${cut}`, ['Pupil', 'Form', 'Attendance', 'Next step', 'Who', ''], rows.slice(0, CAPS.stepsPerPost), drafts);
      delivery.push(await deliver(deps, { schoolId: school.id, kind: 'ladder-steps', dateKey: date, purpose: g.purpose, ...(g.yearGroup !== undefined ? { yearGroup: g.yearGroup } : {}), card }));
    }
    return { items, delivery };
  },
};
