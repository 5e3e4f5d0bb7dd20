/** pa-sa-changes: pupils who entered or left persistent or severe absence since the previous school day, by year. */
import { simpleListCard } from '../../../cards/jobs.ts';
import { dayOf } from '../../domain/dates.ts';
import { displayName } from '../../domain/names.ts';
import { type AbsenceStatus, attendancePct } from '../../domain/statistics.ts';
import { type DeliveryResult, deliver } from '../delivery.ts';
import { evaluateRoll } from '../roll.ts';
import { type Job, dateLabel, plural } from './job.ts';

const RANK: Record<AbsenceStatus, number> = { none: 0, low: 0, persistent: 1, severe: 2 };
const pct = (n: number | null) => `${n ?? '–'}%`;

export const paSaChanges: Job = {
  async run(deps, school, date) {
    const previous = school.calendar.lastSchoolDayOnOrBefore(dayOf(date) - 1);
    const byYear = new Map<number, string[][]>();
    let items = 0;
    for (const x of await evaluateRoll(deps, school, date)) {
      const now = x.evaluation.status;
      const before: AbsenceStatus = previous === undefined ? 'none' : x.at(previous).status;
      if (RANK[now] === RANK[before]) continue;
      const change = RANK[now] > RANK[before] ? `entered ${now === 'severe' ? 'SA' : 'PA'}` : `left ${before === 'severe' ? 'SA' : 'PA'}`;
      byYear.set(x.pupil.yearGroup, [...(byYear.get(x.pupil.yearGroup) ?? []), [displayName(x.pupil), x.pupil.regGroup, change, pct(attendancePct(x.evaluation.stats))]]);
      items++;
    }
    const delivery: DeliveryResult[] = [];
    for (const [year, rows] of byYear) {
      const card = simpleListCard(`Year ${year}: PA/SA changes ${dateLabel(date)}`, `${plural(rows.length, 'pupil')} crossed a threshold since the previous school day.`, ['Pupil', 'Form', 'Change', 'Attendance'], rows);
      delivery.push(await deliver(deps, { schoolId: school.id, kind: 'pa-sa-changes', dateKey: date, purpose: 'year', yearGroup: year, card }));
    }
    return { items, delivery };
  },
};
