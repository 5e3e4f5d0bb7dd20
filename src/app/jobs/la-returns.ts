/**
 * la-returns: what the school must tell the local authority: 10 continuous school days of
 * unauthorised absence, 15 school days of illness, new pupils within 5 days of entry.
 */
import { simpleListCard } from '../../../cards/jobs.ts';
import { CONTINUOUS_UNAUTHORISED_LA_RETURN_DAYS, ILLNESS_LA_NOTIFICATION_DAYS } from '../../domain/counters.ts';
import { academicYearOf, academicYearStart, dayOf } from '../../domain/dates.ts';
import { displayName } from '../../domain/names.ts';
import { deliver } from '../delivery.ts';
import { evaluateRoll } from '../roll.ts';
import { type Job, dateLabel, plural } from './job.ts';

/** School days within which a new pupil is notified to the local authority. */
export const NEW_PUPIL_NOTIFY_SCHOOL_DAYS = 5;

export const laReturns: Job = {
  async run(deps, school, date) {
    const day = dayOf(date);
    const rows: string[][] = [];
    for (const { pupil: p, evaluation: e } of await evaluateRoll(deps, school, date)) {
      const admitted = dayOf(p.admissionDate);
      const reasons: string[] = [];
      if (e.counters.consecutiveUnauthorisedDays >= CONTINUOUS_UNAUTHORISED_LA_RETURN_DAYS) reasons.push(`${e.counters.consecutiveUnauthorisedDays} continuous school days of unauthorised absence`);
      if (e.counters.illnessDays >= ILLNESS_LA_NOTIFICATION_DAYS) reasons.push(`${e.counters.illnessDays} school days of illness this year`);
      if (admitted > academicYearStart(academicYearOf(day)) && school.calendar.schoolDaysBetween(admitted, day) <= NEW_PUPIL_NOTIFY_SCHOOL_DAYS) {
        reasons.push(`new pupil, admitted ${p.admissionDate}: notify within ${NEW_PUPIL_NOTIFY_SCHOOL_DAYS} days of entry`);
      }
      if (reasons.length > 0) rows.push([displayName(p), p.regGroup, reasons.join('; ')]);
    }
    if (rows.length === 0) return { items: 0, delivery: [] };
    const card = simpleListCard(`Local authority returns: ${dateLabel(date)}`, `${plural(rows.length, 'pupil')} the local authority must be told about.`, ['Pupil', 'Form', 'Why'], rows);
    return { items: rows.length, delivery: [await deliver(deps, { schoolId: school.id, kind: 'la-returns', dateKey: date, purpose: 'attendance', card })] };
  },
};
