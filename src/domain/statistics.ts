/**
 * Per-pupil statistics over a period, and the national thresholds on them.
 *
 * Attendance rate = present / possible; absence rate = (authorised + unauthorised) /
 * possible. Thresholds are compared exactly, in integers, never on a rounded percentage:
 * a pupil at exactly 10.0% absence is persistently absent, at 9.99% is not.
 */
import {
  COUNTS_BY_INDEX,
  COUNT_AUTHORISED,
  COUNT_PRESENT,
  COUNT_UNAUTHORISED,
} from './codes.ts';
import type { DayNumber } from './dates.ts';
import type { PupilRegister } from './register.ts';

export interface AttendanceStats {
  readonly possible: number;
  readonly present: number;
  readonly authorised: number;
  readonly unauthorised: number;
}

export const ZERO_STATS: AttendanceStats = { possible: 0, present: 0, authorised: 0, unauthorised: 0 };

/** Counts the pupil's sessions dated in [from, to]. */
export function statisticsBetween(register: PupilRegister, from: DayNumber, to: DayNumber): AttendanceStats {
  let present = 0;
  let authorised = 0;
  let unauthorised = 0;
  const end = register.indexAfter(to);
  const codes = register.codes;
  for (let i = register.indexFrom(from); i < end; i++) {
    switch (COUNTS_BY_INDEX[codes[i]!]) {
      case COUNT_PRESENT: present++; break;
      case COUNT_AUTHORISED: authorised++; break;
      case COUNT_UNAUTHORISED: unauthorised++; break;
    }
  }
  return { possible: present + authorised + unauthorised, present, authorised, unauthorised };
}

/**
 * The pupil's figures in each period (a half term), counting only [from, to]: a period wholly
 * outside it has no sessions.
 */
export function statisticsByPeriod(register: PupilRegister, periods: readonly { readonly start: DayNumber; readonly end: DayNumber }[], from: DayNumber, to: DayNumber): AttendanceStats[] {
  return periods.map((p) => (p.end < from || p.start > to ? ZERO_STATS : statisticsBetween(register, Math.max(p.start, from), Math.min(p.end, to))));
}

export const absences = (s: AttendanceStats): number => s.authorised + s.unauthorised;

/**
 * `100 * part / whole` rounded half up to one decimal place, computed in integers so that
 * 31.25 becomes 31.3 and never 31.2; null when whole is 0.
 */
export function percentOneDecimal(part: number, whole: number): number | null {
  if (whole === 0) return null;
  const tenths = Math.floor((2000 * part + whole) / (2 * whole));
  return tenths / 10;
}

export const attendancePct = (s: AttendanceStats): number | null => percentOneDecimal(s.present, s.possible);
export const absencePct = (s: AttendanceStats): number | null => percentOneDecimal(absences(s), s.possible);
export const authorisedPct = (s: AttendanceStats): number | null => percentOneDecimal(s.authorised, s.possible);
export const unauthorisedPct = (s: AttendanceStats): number | null => percentOneDecimal(s.unauthorised, s.possible);

/** A percentage as every card and post writes it: one decimal place ("79.0%"), or "–" with nothing to count. */
export const formatPct = (n: number | null): string => (n === null ? '–' : `${n.toFixed(1)}%`);

/**
 * Absence and its two parts, each to one decimal place, the parts adding up to the whole as
 * shown (the part whose rounding lost most takes the tenth the total needs): 7.6% = 6.8% + 0.8%,
 * never 6.7% + 0.8%. Null with nothing to count.
 */
export function absenceParts(s: AttendanceStats): { absence: number; authorised: number; unauthorised: number } | null {
  const absence = absencePct(s);
  if (absence === null) return null;
  const exact = [1000 * s.authorised / s.possible, 1000 * s.unauthorised / s.possible];
  const tenths = exact.map(Math.floor);
  const short = Math.round(absence * 10) - tenths[0]! - tenths[1]!;
  const order = [0, 1].sort((a, b) => (exact[b]! - tenths[b]!) - (exact[a]! - tenths[a]!));
  for (let i = 0; i < short; i++) tenths[order[i % 2]!]! += 1;
  return { absence, authorised: tenths[0]! / 10, unauthorised: tenths[1]! / 10 };
}

/** Absence is at least `percent`% of possible sessions, exactly; false with no possible sessions. */
export function absenceAtLeast(s: AttendanceStats, percent: number): boolean {
  if (s.possible === 0) return false;
  return absences(s) * 1000 >= Math.round(percent * 10) * s.possible;
}

/**
 * Attendance strictly below `percent` (one decimal), exactly, as absenceAtLeast: never on the
 * rounded figure shown, so 95.96% (shown 96.0%) is below 96%. Undefined with no possible sessions.
 */
export function attendanceBelow(s: AttendanceStats, percent: number): boolean | undefined {
  if (s.possible === 0) return undefined;
  return s.present * 1000 < Math.round(percent * 10) * s.possible;
}

/** Attendance at or below `percent`, exactly. Undefined with no possible sessions. */
export function attendanceAtMost(s: AttendanceStats, percent: number): boolean | undefined {
  if (s.possible === 0) return undefined;
  return s.present * 1000 <= Math.round(percent * 10) * s.possible;
}

/** Persistent absence: 10% or more of possible sessions missed. */
export const PERSISTENT_ABSENCE_PCT = 10;
/** Severe absence: 50% or more of possible sessions missed. */
export const SEVERE_ABSENCE_PCT = 50;
/** Low attendance, monitored by some schools: 5% or more missed. */
export const LOW_ATTENDANCE_ABSENCE_PCT = 5;

export const isPersistentAbsence = (s: AttendanceStats): boolean => absenceAtLeast(s, PERSISTENT_ABSENCE_PCT);
export const isSevereAbsence = (s: AttendanceStats): boolean => absenceAtLeast(s, SEVERE_ABSENCE_PCT);
export const isLowAttendance = (s: AttendanceStats): boolean => absenceAtLeast(s, LOW_ATTENDANCE_ABSENCE_PCT);

export type AbsenceStatus = 'none' | 'low' | 'persistent' | 'severe';

export function absenceStatus(s: AttendanceStats): AbsenceStatus {
  if (isSevereAbsence(s)) return 'severe';
  if (isPersistentAbsence(s)) return 'persistent';
  if (isLowAttendance(s)) return 'low';
  return 'none';
}

/** PA and SA as the alerts and summaries name them (low attendance is not one of them), in order. */
export type AbsenceLevel = 'none' | 'persistent' | 'severe';
export const ABSENCE_LEVEL: Readonly<Record<AbsenceStatus, AbsenceLevel>> = { none: 'none', low: 'none', persistent: 'persistent', severe: 'severe' };
export const ABSENCE_LEVEL_RANK: Readonly<Record<AbsenceLevel, number>> = { none: 0, persistent: 1, severe: 2 };

export const addStats = (a: AttendanceStats, b: AttendanceStats): AttendanceStats => ({
  possible: a.possible + b.possible,
  present: a.present + b.present,
  authorised: a.authorised + b.authorised,
  unauthorised: a.unauthorised + b.unauthorised,
});

/**
 * A band of a school's own ladder, e.g. Asterdale's "95.1-97%". A pupil is in the first band
 * (bands listed from the highest) whose floor their attendance reaches: `above: 95` means
 * strictly above 95%, `atLeast: 96` means 96% or more, no floor catches everyone left.
 * Bands are written in the one-decimal percentages staff see, so the figure compared is the
 * one shown (rounded half up): a pupil shown at 95.0% is not in "95.1-97%". A pupil with no
 * possible sessions has no attendance yet, and no band.
 */
export interface Band {
  readonly name: string;
  readonly above?: number;
  readonly atLeast?: number;
}

export function bandOf(s: AttendanceStats, bands: readonly Band[]): Band | undefined {
  const shown = attendancePct(s);
  if (shown === null) return undefined;
  const tenths = Math.round(shown * 10);
  for (const b of bands) {
    if (b.above !== undefined && tenths > Math.round(b.above * 10)) return b;
    if (b.atLeast !== undefined && tenths >= Math.round(b.atLeast * 10)) return b;
    if (b.above === undefined && b.atLeast === undefined) return b;
  }
  return undefined;
}
