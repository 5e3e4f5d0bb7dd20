/**
 * penalty-threshold: pupils who reached the National Framework threshold (marks already linked to
 * a notice do not count), decided against what was last announced for each (src/domain/announce.ts):
 * a pupil who reaches it through marks amended in the past (N found to be O) is alerted the day
 * they land; one who drops back and reaches it again is alerted again; nobody twice.
 */
import { simpleListCard } from '../../../cards/jobs.ts';
import { CAPS, fit } from '../../../cards/limits.ts';
import type { CardAction } from '../../../cards/model.ts';
import { announce, storedAs } from '../../domain/announce.ts';
import { dayOf, dayOfSlot, schoolDate, sessionOfSlot } from '../../domain/dates.ts';
import { displayName } from '../../domain/names.ts';
import { nextNoticesByParent } from '../../domain/penalty.ts';
import { deliver } from '../delivery.ts';
import { evaluateRoll } from '../roll.ts';
import { type Job, dateLabel, plural } from './job.ts';

type Met = 'met' | 'not-met';
const isMet = (s: string): s is Met => s === 'met' || s === 'not-met';

export const penaltyThreshold: Job = {
  async run(deps, school, date) {
    const day = dayOf(date);
    const previous = school.calendar.lastSchoolDayOnOrBefore(day - 1);
    const rows: string[][] = [];
    const buttons: CardAction[] = [];
    const stored = await deps.announcements.last(school.id, 'penalty-threshold');
    const saves = [];
    const state = (met: boolean): Met => (met ? 'met' : 'not-met');
    for (const x of await evaluateRoll(deps, school, date)) {
      const now = x.evaluation.penalty;
      const known = storedAs(stored.get(x.pupil.id), isMet);
      const a = announce<Met>(known, () => state(previous !== undefined && x.at(previous).penalty.thresholdMet), state(now.thresholdMet), date);
      if (a.save) saves.push({ pupilId: x.pupil.id, ...a.save });
      if (a.change?.to !== 'met') continue;
      const parents = nextNoticesByParent(await deps.roll.contacts(school.id, x.pupil.id), x.facts.notices, day);
      const next = parents.length === 0 ? 'no parent with parental responsibility on the roll'
        : parents.map(({ contact, next: n }) => `${contact.name}: ${n.short}`).join('; ');
      const counted = now.slots.map((s) => `${schoolDate(dayOfSlot(s)).slice(4)} ${sessionOfSlot(s)} ${x.register.codeOn(dayOfSlot(s), sessionOfSlot(s))}`).join(', ');
      const name = displayName(x.pupil);
      rows.push([name, x.pupil.regGroup, next, `${now.sessions} sessions: ${counted}`]);
      buttons.push(
        { id: 'penalty-request', label: fit(`Request notice: ${name}`, CAPS.buttonLabel), data: { pupilId: x.pupil.id }, keep: true },
        { id: 'open-nti', label: fit(`Notice to improve: ${name}`, CAPS.buttonLabel), data: { pupilId: x.pupil.id }, keep: true },
        { id: 'open-decline', label: fit(`Not appropriate: ${name}`, CAPS.buttonLabel), data: { pupilId: x.pupil.id }, keep: true },
      );
    }
    if (rows.length === 0) {
      await deps.announcements.save(school.id, 'penalty-threshold', saves);
      return { items: 0, delivery: [] };
    }
    const rules = school.penaltyRules;
    const card = simpleListCard(`Penalty notice threshold reached: ${dateLabel(date)}`,
      `${plural(rows.length, 'pupil')} reached ${rules.thresholdSessions} sessions of unauthorised absence (${rules.countedCodes.join(', ')}) in ${rules.windowWeeks} school weeks. Consider support first, a notice to improve, or a penalty notice.`,
      ['Pupil', 'Form', 'If a notice is issued', 'Counted marks'], rows, buttons);
    const delivery = [await deliver(deps, { schoolId: school.id, kind: 'penalty-threshold', dateKey: date, purpose: 'attendance', card })];
    // stored once the post is in the outbox: a crash before this alerts the same again, to the same keyed post
    await deps.announcements.save(school.id, 'penalty-threshold', saves);
    return { items: rows.length, delivery };
  },
};
