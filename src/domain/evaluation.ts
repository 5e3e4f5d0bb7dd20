/**
 * Everything the bot knows about one pupil's attendance as of a date, from the pieces in
 * this folder. Statistics run over the academic year to date from the pupil's admission,
 * unless a period is given.
 */
import type { SchoolCalendar } from './calendar.ts';
import { type DayCounters, type StatutoryDays, dayCounters, statutoryDays } from './counters.ts';
import { type Cusp, cusp } from './cusp.ts';
import { type DayNumber, type Slot, academicYearOf, academicYearStart } from './dates.ts';
import { type AttendanceCode, CODE_INDEX } from './codes.ts';
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
  /** The register holds the whole academic year before: work out the pupil's figures over it. */
  readonly withLastYear?: boolean;
}

export interface PupilEvaluation {
  readonly from: DayNumber;
  readonly to: DayNumber;
  readonly stats: AttendanceStats;
  /** Statistics for the current half term (or the last one, in a holiday) up to as-of. */
  readonly halfTermStats: AttendanceStats;
  /** Statistics for the half term before that one (for a dip between monitoring points). */
  readonly previousHalfTermStats: AttendanceStats | undefined;
  /**
   * The latest monitoring point of the academic year (the last school day of the latest half
   * term to have ended by as-of): the pupil's level then (year to date), that half term's and
   * the one before's. A half term's review is due from its last day until the next one's.
   */
  readonly monitoringPoint: MonitoringPoint | undefined;
  /** Sessions of illness (I) this year to date. */
  readonly illnessSessions: number;
  /** The pupil's figures over the whole academic year before (from admission), when read. */
  readonly lastYearStats: AttendanceStats | undefined;
  /** Sessions of unauthorised absence whose reason is known (G, O, U; not the holding code N). */
  readonly unauthorisedSessions: { readonly year: number; readonly halfTerm: number };
  /** Lateness in the current half term. */
  readonly halfTermLateness: Lateness;
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

export interface MonitoringPoint {
  readonly day: DayNumber;
  readonly halfTermName: string;
  /** Year to date, as of the monitoring point. */
  readonly stats: AttendanceStats;
  readonly halfTermStats: AttendanceStats;
  readonly previousHalfTermStats: AttendanceStats | undefined;
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
  const halfTermFrom = thisHalfTerm ? Math.max(from, thisHalfTerm.start) : undefined;
  const halfTermStats = halfTermFrom !== undefined ? statisticsBetween(register, halfTermFrom, to) : ZERO_STATS;
  const previousHalfTerm = thisHalfTerm ? calendar.halfTerms[calendar.halfTerms.indexOf(thisHalfTerm) - 1] : undefined;
  const previousHalfTermStats = previousHalfTerm && previousHalfTerm.end >= from
    ? statisticsBetween(register, Math.max(from, previousHalfTerm.start), previousHalfTerm.end) : undefined;
  const point = calendar.monitoringPointOnOrBefore(to);
  let monitoringPoint: MonitoringPoint | undefined;
  if (point && point.day >= from) {
    const i = calendar.halfTerms.indexOf(point.halfTerm);
    const before = calendar.halfTerms[i - 1];
    monitoringPoint = {
      day: point.day,
      halfTermName: point.halfTerm.name,
      stats: statisticsBetween(register, from, point.day),
      halfTermStats: statisticsBetween(register, Math.max(from, point.halfTerm.start), point.day),
      previousHalfTermStats: before && before.end >= from && academicYearOf(before.start) === academicYearOf(point.day)
        ? statisticsBetween(register, Math.max(from, before.start), before.end) : undefined,
    };
  }
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
    halfTermLateness: halfTermFrom !== undefined ? lateness(register, halfTermFrom, to) : { lateBeforeClose: 0, lateAfterClose: 0 },
    previousHalfTermStats,
    monitoringPoint,
    illnessSessions: countCodes(register, from, to, ['I']),
    lastYearStats: options.withLastYear ? lastYear(register, yearStart, pupil) : undefined,
    unauthorisedSessions: {
      year: countCodes(register, from, to, KNOWN_UNAUTHORISED_CODES),
      halfTerm: halfTermFrom !== undefined ? countCodes(register, halfTermFrom, to, KNOWN_UNAUTHORISED_CODES) : 0,
    },
    cuspHalfTerm: halfTerm ? cusp(stats, remaining(halfTerm.end)) : undefined,
    cuspYear: yearEnd !== undefined ? cusp(stats, remaining(yearEnd)) : undefined,
  };
}

/** The academic year before the one starting on `yearStart`, from admission; undefined when the pupil had no possible session in it. */
function lastYear(register: PupilRegister, yearStart: DayNumber, pupil: PupilPeriod): AttendanceStats | undefined {
  const start = academicYearStart(academicYearOf(yearStart - 1));
  const stats = statisticsBetween(register, Math.max(start, pupil.admitted ?? start), Math.min(yearStart - 1, pupil.left ?? yearStart - 1));
  return stats.possible > 0 ? stats : undefined;
}

/** Unauthorised absence whose reason is established: what enforcement may rest on (N is a holding code). */
export const KNOWN_UNAUTHORISED_CODES: readonly AttendanceCode[] = ['G', 'O', 'U'];

/** Sessions in [from, to] marked with one of the codes. */
export function countCodes(register: PupilRegister, from: DayNumber, to: DayNumber, codes: readonly AttendanceCode[]): number {
  const wanted = new Uint8Array(64);
  for (const c of codes) wanted[CODE_INDEX.get(c)!] = 1;
  let n = 0;
  const end = register.indexAfter(to);
  for (let i = register.indexFrom(from); i < end; i++) if (wanted[register.codes[i]!]) n++;
  return n;
}
