/**
 * pa-sa-changes: pupils who entered or left persistent or severe absence, by year. Decided
 * against what was last announced for each pupil (src/domain/announce.ts), so a change through
 * marks amended in the past is announced the day it lands, and none twice.
 */
import { simpleListCard } from '../../../cards/jobs.ts';
import { announce, storedAs } from '../../domain/announce.ts';
import { dayOf } from '../../domain/dates.ts';
import { displayName } from '../../domain/names.ts';
import { ABSENCE_LEVEL, ABSENCE_LEVEL_RANK, type AbsenceLevel, attendancePct, formatPct } from '../../domain/statistics.ts';
import { type DeliveryResult, deliver } from '../delivery.ts';
import { evaluateRoll } from '../roll.ts';
import { type Job, dateLabel, plural } from './job.ts';

/** A stored announcement read back as a level (low attendance is not a change this alert announces). */
const isLevel = (s: string): s is AbsenceLevel => s in ABSENCE_LEVEL_RANK;
const pct = formatPct;

export const paSaChanges: Job = {
  async run(deps, school, date) {
    const previous = school.calendar.lastSchoolDayOnOrBefore(dayOf(date) - 1);
    const stored = await deps.announcements.last(school.id, 'absence-status');
    const byYear = new Map<number, string[][]>();
    const saves = [];
    let items = 0;
    for (const x of await evaluateRoll(deps, school, date)) {
      const known = storedAs(stored.get(x.pupil.id), isLevel);
      const a = announce<AbsenceLevel>(known, () => (previous === undefined ? 'none' : ABSENCE_LEVEL[x.at(previous).status]), ABSENCE_LEVEL[x.evaluation.status], date);
      if (a.save) saves.push({ pupilId: x.pupil.id, ...a.save });
      if (!a.change) continue;
      const { from, to } = a.change;
      const change = ABSENCE_LEVEL_RANK[to] > ABSENCE_LEVEL_RANK[from] ? `entered ${to === 'severe' ? 'SA' : 'PA'}` : `left ${from === 'severe' ? 'SA' : 'PA'}${to === 'persistent' ? ' (still PA)' : ''}`;
      byYear.set(x.pupil.yearGroup, [...(byYear.get(x.pupil.yearGroup) ?? []), [displayName(x.pupil), x.pupil.regGroup, change, pct(attendancePct(x.evaluation.stats))]]);
      items++;
    }
    const delivery: DeliveryResult[] = [];
    for (const [year, rows] of byYear) {
      const card = simpleListCard(`Year ${year}: PA/SA changes ${dateLabel(date)}`, `${plural(rows.length, 'pupil')} crossed a threshold since the last announcement (marks amended in the past included).`, ['Pupil', 'Form', 'Change', 'Attendance'], rows);
      delivery.push(await deliver(deps, { schoolId: school.id, kind: 'pa-sa-changes', dateKey: date, purpose: 'year', yearGroup: year, card }));
    }
    // stored once the posts are in the outbox: a crash before this announces the same again, to the same keyed posts
    await deps.announcements.save(school.id, 'absence-status', saves);
    return { items, delivery };
  },
};
