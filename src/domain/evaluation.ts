/**
 * Everything the bot knows about one pupil's attendance as of a date, from the pieces in
 * this folder. Statistics run over the academic year to date from the pupil's admission,
 * unless a period is given.
 */
import type { SchoolCalendar } from './calendar.ts';
import { type DayCounters, type StatutoryDays, dayCounters, statutoryDays } from './counters.ts';
import { type Cusp, cusp } from './cusp.ts';
import { type DayNumber, type Slot, academicYearOf, academicYearStart } from './dates.ts';
import {
  type BrokenWeeks,
  type Lateness,
  type WeekdayCount,
  absenceByWeekday,
  brokenWeeksByHalfTerm,
  lateness,
  patternWeekdays,
} from './patterns.ts';
import {
  type PenaltyCount,
  type PenaltyRules,
  type PenaltyWindow,
  NATIONAL_PENALTY_RULES,
  countPenaltySessions,
  penaltyWindow,
  unresolvedNotYetEstablished,
} from './penalty.ts';
import type { PupilRegister } from './register.ts';
import {
  type AbsenceStatus,
  type AttendanceStats,
  type Band,
  absenceStatus,
  bandOf,
  statisticsBetween,
  ZERO_STATS,
} from './statistics.ts';

export interface PupilPeriod {
  /** Admission date; statistics never count before it. */
  readonly admitted?: DayNumber;
  /** Leaving date; statistics never count after it. */
  readonly left?: DayNumber;
}

export interface EvaluationOptions {
  readonly penaltyRules?: PenaltyRules;
  readonly bands?: readonly Band[];
  /** Start of the statistics period; default the start of the academic year of as-of. */
  readonly from?: DayNumber;
  /** Slots already linked to a penalty notice: they do not count again. */
  readonly linkedToNotices?: ReadonlySet<Slot>;
  /** Precomputed window, shared by every pupil of a school on one date. */
  readonly window?: PenaltyWindow;
  /** The last day contact with the family was recorded (a call reached, a reason, a home visit). */
  readonly lastContact?: DayNumber;
}

export interface PupilEvaluation {
  readonly from: DayNumber;
  readonly to: DayNumber;
  readonly stats: AttendanceStats;
  /** Statistics for the current half term (or the last one, in a holiday) up to as-of. */
  readonly halfTermStats: AttendanceStats;
  readonly status: AbsenceStatus;
  readonly band: Band | undefined;
  readonly penalty: PenaltyCount;
  readonly penaltyWindow: PenaltyWindow;
  readonly unresolvedN: readonly Slot[];
  readonly counters: DayCounters;
  /** The counts behind the statutory duties, as the evaluate contract names them. */
  readonly days: StatutoryDays;
  readonly weekdays: readonly WeekdayCount[];
  readonly patternWeekdays: readonly number[];
  readonly brokenWeeks: readonly BrokenWeeks[];
  readonly lateness: Lateness;
  readonly cuspHalfTerm: Cusp | undefined;
  readonly cuspYear: Cusp | undefined;
}

export function evaluatePupil(
  register: PupilRegister,
  calendar: SchoolCalendar,
  asOf: DayNumber,
  pupil: PupilPeriod = {},
  options: EvaluationOptions = {},
): PupilEvaluation {
  const yearStart = options.from ?? academicYearStart(academicYearOf(asOf));
  const from = Math.max(yearStart, pupil.admitted ?? yearStart);
  const to = Math.min(asOf, pupil.left ?? asOf);
  const stats = statisticsBetween(register, from, to);
  const window = options.window ?? penaltyWindow(calendar, asOf);
  const rules = options.penaltyRules ?? NATIONAL_PENALTY_RULES;
  const weekdays = absenceByWeekday(register, from, to);

  const halfTerm = calendar.currentOrNextHalfTerm(asOf);
  const lastDay = calendar.lastSchoolDayOnOrBefore(to);
  const thisHalfTerm = lastDay === undefined ? undefined : calendar.halfTermOf(lastDay);
  const halfTermStats = thisHalfTerm ? statisticsBetween(register, Math.max(from, thisHalfTerm.start), to) : ZERO_STATS;
  const yearEnd = calendar.endOfYear(asOf);
  const remaining = (end: DayNumber) => calendar.sessionsBetween(asOf + 1, Math.min(end, pupil.left ?? end));
  const unresolvedN = unresolvedNotYetEstablished(register, calendar, to);
  const illnessFrom = Math.max(academicYearStart(academicYearOf(asOf)), pupil.admitted ?? -Infinity);
  const counters = dayCounters(register, to, { illnessFrom, lastContact: options.lastContact });

  return {
    from,
    to,
    stats,
    halfTermStats,
    status: absenceStatus(stats),
    band: options.bands ? bandOf(stats, options.bands) : undefined,
    penalty: countPenaltySessions(register, window, rules, options.linkedToNotices),
    penaltyWindow: window,
    unresolvedN,
    counters,
    days: statutoryDays(counters, unresolvedN),
    weekdays,
    patternWeekdays: patternWeekdays(weekdays),
    brokenWeeks: brokenWeeksByHalfTerm(register, calendar, to),
    lateness: lateness(register, from, to),
    cuspHalfTerm: halfTerm ? cusp(stats, remaining(halfTerm.end)) : undefined,
    cuspYear: yearEnd !== undefined ? cusp(stats, remaining(yearEnd)) : undefined,
  };
}
