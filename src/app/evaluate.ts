/**
 * The `evaluate` use case: a register file in, the contract's per-pupil figures out
 * (../shared/reference/evaluate-contract.md). The calendar is the one the file itself
 * implies: a school day is a date with at least one mark other than `#`.
 */
import type { ParsedRegister } from './imports/problems.ts';
import { SchoolCalendar } from '../domain/calendar.ts';
import { type StatutoryDays, dayCounters, statutoryDays } from '../domain/counters.ts';
import { type DayNumber, academicYearOf, academicYearStart, isoOf } from '../domain/dates.ts';
import { countPenaltySessions, penaltyWindow, unresolvedNotYetEstablished } from '../domain/penalty.ts';
import { PupilRegister } from '../domain/register.ts';
import {
  attendancePct,
  isPersistentAbsence,
  isSevereAbsence,
  statisticsBetween,
} from '../domain/statistics.ts';

export interface EvaluateRow {
  upn: string;
  possible: number;
  present: number;
  authorised: number;
  unauthorised: number;
  attendancePct: number | null;
  persistentAbsence: boolean;
  severeAbsence: boolean;
  penalty: {
    windowStart: string | null;
    windowEnd: string | null;
    unauthorisedSessions: number;
    thresholdMet: boolean;
  };
  days: StatutoryDays;
}

const BEGINNING: DayNumber = -1e8;

export function evaluateRegister(parsed: ParsedRegister, asOf: DayNumber): EvaluateRow[] {
  const calendar = SchoolCalendar.fromSchoolDays(parsed.markedDays);
  const window = penaltyWindow(calendar, asOf);
  const windowStart = window.start === null ? null : isoOf(window.start);
  const windowEnd = window.end === null ? null : isoOf(window.end);
  const illnessFrom = academicYearStart(academicYearOf(asOf));
  const upns = [...parsed.pupils.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return upns.map((upn) => {
    const rows = parsed.pupils.get(upn)!;
    const register = PupilRegister.fromPacked(rows.slots, rows.codes);
    const stats = statisticsBetween(register, BEGINNING, asOf);
    const penalty = countPenaltySessions(register, window);
    const days = statutoryDays(dayCounters(register, asOf, { illnessFrom }), unresolvedNotYetEstablished(register, calendar, asOf));
    return {
      upn,
      ...stats,
      attendancePct: attendancePct(stats),
      persistentAbsence: isPersistentAbsence(stats),
      severeAbsence: isSevereAbsence(stats),
      penalty: {
        windowStart,
        windowEnd,
        unauthorisedSessions: penalty.sessions,
        thresholdMet: penalty.thresholdMet,
      },
      days,
    };
  });
}
