/** pa-early-warning: pupils a few absent sessions from persistent absence by the end of the half term, by year. */
import { simpleListCard } from '../../../cards/jobs.ts';
import { displayName } from '../../domain/names.ts';
import { attendancePct, formatPct } from '../../domain/statistics.ts';
import { type DeliveryResult, deliver } from '../delivery.ts';
import { evaluateRoll } from '../roll.ts';
import { type Job, plural } from './job.ts';

/** The early-warning list: pupils this many absent sessions (five days) or fewer from PA by the end of the half term. */
export const CUSP_SESSIONS = 10;

export const paEarlyWarning: Job = {
  async run(deps, school, date) {
    const byYear = new Map<number, { n: number; row: string[] }[]>();
    let items = 0;
    for (const { pupil: p, evaluation: e } of await evaluateRoll(deps, school, date)) {
      const n = e.cuspHalfTerm?.sessionsToPersistent;
      if (n === null || n === undefined || n > CUSP_SESSIONS) continue;
      byYear.set(p.yearGroup, [...(byYear.get(p.yearGroup) ?? []), { n, row: [displayName(p), p.regGroup, formatPct(attendancePct(e.stats)), plural(n, 'session')] }]);
      items++;
    }
    const delivery: DeliveryResult[] = [];
    for (const [year, entries] of byYear) {
      const rows = entries.sort((a, b) => a.n - b.n).map((e) => e.row);
      const card = simpleListCard(`Year ${year}: close to persistent absence`, `${plural(rows.length, 'pupil')} would be persistently absent by the end of the half term after this many more absent sessions. A call now can keep them out.`, ['Pupil', 'Form', 'Attendance', 'Sessions to PA'], rows);
      delivery.push(await deliver(deps, { schoolId: school.id, kind: 'pa-early-warning', dateKey: date, purpose: 'year', yearGroup: year, card }));
    }
    return { items, delivery };
  },
};
