/**
 * Day counters that statutory duties hang on (attendance-rules.md, "Other duties with a day
 * count"; evaluate-contract.md, `days`):
 * - days absent without contact (3 days: home visit; 10th day: LA referral, may be missing
 *   education): school days of absence since the last recorded contact;
 * - consecutive days of unauthorised absence, G/N/O/U (10 continuous days: LA return);
 * - continuous days of G/N/O (20 days: a ground for deletion from roll);
 * - cumulative illness, I, this academic year (15 school days: the school tells the LA).
 *
 * A pupil's *counted day* is a day on which the pupil has at least one session whose code
 * counts as a possible session. Any other day (no mark yet, `#`, `X`, `D`, `Y1`-`Y7`, `Q`,
 * `Z`), like holidays, weekends and the summer between two academic years, neither extends
 * nor breaks a run: runs are read back through the whole register, not from 1 September.
 * A day counts towards a run when every possible session that day is of the run's kind;
 * a half day present breaks it.
 */
import { type AttendanceCode, CODE_INDEX, COUNTS_BY_INDEX, COUNT_AUTHORISED, COUNT_NONE, COUNT_UNAUTHORISED, ILLNESS, MISSING_EDUCATION_CODES } from './codes.ts';
import type { DayNumber } from './dates.ts';
import type { PupilRegister } from './register.ts';

export const UNAUTHORISED_STREAK_CODES: readonly AttendanceCode[] = ['G', 'N', 'O', 'U'];
/**
 * Codes that say no reason is known: `N` (not yet established) and `O` (other or unknown
 * circumstances), which replaces an `N` when no reason came within 5 school days. An absence
 * under any other code means a reason was received by some route.
 */
export const NO_REASON_CODES: readonly AttendanceCode[] = ['N', 'O'];
export const NO_CONTACT_HOME_VISIT_DAYS = 3;
export const NO_CONTACT_LA_REFERRAL_DAYS = 10;
export const CONTINUOUS_UNAUTHORISED_LA_RETURN_DAYS = 10;
export const MISSING_EDUCATION_DELETION_DAYS = 20;
export const ILLNESS_LA_NOTIFICATION_DAYS = 15;

export interface DayCounters {
  /** Counted days absent in a row, ending on the pupil's last counted day on or before as-of. */
  readonly consecutiveDaysAbsent: number;
  /** Counted days in a row on which every possible session was G, N, O or U. */
  readonly consecutiveUnauthorisedDays: number;
  /** Counted days in a row on which every possible session was G, N or O. */
  readonly continuousMissingEducationDays: number;
  /**
   * Counted days in a row, after the last recorded contact, absent with no reason known
   * (every possible session N or O): contact is a fact, so an N replaced by O does not
   * reset it, and a call that reached a parent does even when the code is still N.
   */
  readonly daysWithoutContact: number;
  /** Illness sessions (I) from `illnessFrom` to as-of. */
  readonly illnessSessions: number;
  /** Illness days: sessions / 2, so half days count. */
  readonly illnessDays: number;
}

export interface CounterOptions {
  /** First day the illness count covers: 1 September of the academic year (or admission). */
  readonly illnessFrom: DayNumber;
  /** The last day on which contact was recorded (a call reached, a reason received, a home visit). */
  readonly lastContact?: DayNumber;
}

function codeMask(codes: readonly AttendanceCode[]): Uint8Array {
  const m = new Uint8Array(64);
  for (const c of codes) m[CODE_INDEX.get(c)!] = 1;
  return m;
}

const UNAUTHORISED_MASK = codeMask(UNAUTHORISED_STREAK_CODES);
const MISSING_MASK = codeMask(MISSING_EDUCATION_CODES);
const NO_REASON_MASK = codeMask(NO_REASON_CODES);
const ILLNESS_INDEX = CODE_INDEX.get(ILLNESS)!;

/** Runs end at `asOf` and reach back as far as the register goes. */
export function dayCounters(register: PupilRegister, asOf: DayNumber, options: CounterOptions): DayCounters {
  const { slots, codes } = register;
  const end = register.indexAfter(asOf);

  let illnessSessions = 0;
  for (let i = register.indexFrom(options.illnessFrom); i < end; i++) if (codes[i] === ILLNESS_INDEX) illnessSessions++;

  const lastContact = options.lastContact ?? -Infinity;
  let absent = 0;
  let unauthorised = 0;
  let missing = 0;
  let noContact = 0;
  let absentOpen = true;
  let unauthorisedOpen = true;
  let missingOpen = true;
  let noContactOpen = true;
  let i = end - 1;
  while (i >= 0 && (absentOpen || unauthorisedOpen || missingOpen || noContactOpen)) {
    const day = slots[i]! >> 1;
    // every session of this day, latest first
    let possible = 0;
    let allAbsent = true;
    let allUnauthorised = true;
    let allMissing = true;
    let allNoReason = true;
    while (i >= 0 && slots[i]! >> 1 === day) {
      const code = codes[i]!;
      const counts = COUNTS_BY_INDEX[code]!;
      if (counts !== COUNT_NONE) {
        possible++;
        if (counts !== COUNT_AUTHORISED && counts !== COUNT_UNAUTHORISED) allAbsent = false;
        if (!UNAUTHORISED_MASK[code]) allUnauthorised = false;
        if (!MISSING_MASK[code]) allMissing = false;
        if (!NO_REASON_MASK[code]) allNoReason = false;
      }
      i--;
    }
    if (possible === 0) continue;
    if (absentOpen) { if (allAbsent) absent++; else absentOpen = false; }
    if (unauthorisedOpen) { if (allUnauthorised) unauthorised++; else unauthorisedOpen = false; }
    if (missingOpen) { if (allMissing) missing++; else missingOpen = false; }
    if (noContactOpen) { if (allNoReason && day > lastContact) noContact++; else noContactOpen = false; }
  }
  return {
    consecutiveDaysAbsent: absent,
    consecutiveUnauthorisedDays: unauthorised,
    continuousMissingEducationDays: missing,
    daysWithoutContact: noContact,
    illnessSessions,
    illnessDays: illnessSessions / 2,
  };
}

/** The `days` object of the evaluate contract: the counts behind the statutory duties. */
export interface StatutoryDays {
  readonly continuousUnauthorised: number;
  readonly continuousMissing: number;
  readonly illnessSessions: number;
  readonly unresolvedN: number;
}

export function statutoryDays(counters: DayCounters, unresolvedN: readonly unknown[]): StatutoryDays {
  return {
    continuousUnauthorised: counters.consecutiveUnauthorisedDays,
    continuousMissing: counters.continuousMissingEducationDays,
    illnessSessions: counters.illnessSessions,
    unresolvedN: unresolvedN.length,
  };
}
