/**
 * Day counters that statutory duties hang on:
 * - consecutive school days absent (3 days with no contact: home visit; 10th day: LA referral);
 * - consecutive days of unauthorised absence, G/N/O/U (10 continuous days: LA return);
 * - continuous days of G/N/O (20 days: a ground for deletion from roll, child missing education);
 * - cumulative illness, I (15 school days: the school tells the local authority).
 *
 * A day counts towards a streak when every possible session the pupil has that day is of
 * the streak's kind. A day with no possible session (no mark yet, `#`, `X`, `D`, `Y1`-`Y7`,
 * `Q`, `Z`) neither extends nor breaks a streak. A half day present breaks it.
 */
import { type AttendanceCode, CODE_INDEX, COUNTS_BY_INDEX, COUNT_AUTHORISED, COUNT_NONE, COUNT_UNAUTHORISED, ILLNESS, MISSING_EDUCATION_CODES } from './codes.ts';
import type { DayNumber } from './dates.ts';
import type { PupilRegister } from './register.ts';

export const UNAUTHORISED_STREAK_CODES: readonly AttendanceCode[] = ['G', 'N', 'O', 'U'];
export const NO_CONTACT_HOME_VISIT_DAYS = 3;
export const NO_CONTACT_LA_REFERRAL_DAYS = 10;
export const CONTINUOUS_UNAUTHORISED_LA_RETURN_DAYS = 10;
export const MISSING_EDUCATION_DELETION_DAYS = 20;
export const ILLNESS_LA_NOTIFICATION_DAYS = 15;

export interface DayCounters {
  /** School days absent in a row, ending on the latest marked day on or before as-of. */
  readonly consecutiveDaysAbsent: number;
  /** Days in a row on which every possible session was G, N, O or U. */
  readonly consecutiveUnauthorisedDays: number;
  /** Days in a row on which every possible session was G, N or O. */
  readonly continuousMissingEducationDays: number;
  /** Days in a row on which every possible session is still N: absent with no reason, no contact. */
  readonly consecutiveNoContactDays: number;
  /** Illness sessions (I) in the period. */
  readonly illnessSessions: number;
  /** Illness days: sessions / 2, so half days count. */
  readonly illnessDays: number;
}

function codeMask(codes: readonly AttendanceCode[]): Uint8Array {
  const m = new Uint8Array(64);
  for (const c of codes) m[CODE_INDEX.get(c)!] = 1;
  return m;
}

const UNAUTHORISED_MASK = codeMask(UNAUTHORISED_STREAK_CODES);
const MISSING_MASK = codeMask(MISSING_EDUCATION_CODES);
const NO_CONTACT_MASK = codeMask(['N']);
const ILLNESS_INDEX = CODE_INDEX.get(ILLNESS)!;

/** Streak counters end at `asOf`; the illness count runs over [from, asOf]. */
export function dayCounters(register: PupilRegister, from: DayNumber, asOf: DayNumber): DayCounters {
  const { slots, codes } = register;
  const start = register.indexFrom(from);
  const end = register.indexAfter(asOf);

  let illnessSessions = 0;
  for (let i = start; i < end; i++) if (codes[i] === ILLNESS_INDEX) illnessSessions++;

  let absent = 0;
  let unauthorised = 0;
  let missing = 0;
  let noContact = 0;
  let absentOpen = true;
  let unauthorisedOpen = true;
  let missingOpen = true;
  let noContactOpen = true;
  let i = end - 1;
  while (i >= start && (absentOpen || unauthorisedOpen || missingOpen || noContactOpen)) {
    const day = slots[i]! >> 1;
    // every session of this day, latest first
    let possible = 0;
    let allAbsent = true;
    let allUnauthorised = true;
    let allMissing = true;
    let allNoContact = true;
    while (i >= start && slots[i]! >> 1 === day) {
      const code = codes[i]!;
      const counts = COUNTS_BY_INDEX[code]!;
      if (counts !== COUNT_NONE) {
        possible++;
        if (counts !== COUNT_AUTHORISED && counts !== COUNT_UNAUTHORISED) allAbsent = false;
        if (!UNAUTHORISED_MASK[code]) allUnauthorised = false;
        if (!MISSING_MASK[code]) allMissing = false;
        if (!NO_CONTACT_MASK[code]) allNoContact = false;
      }
      i--;
    }
    if (possible === 0) continue;
    if (absentOpen) { if (allAbsent) absent++; else absentOpen = false; }
    if (unauthorisedOpen) { if (allUnauthorised) unauthorised++; else unauthorisedOpen = false; }
    if (missingOpen) { if (allMissing) missing++; else missingOpen = false; }
    if (noContactOpen) { if (allNoContact) noContact++; else noContactOpen = false; }
  }
  return {
    consecutiveDaysAbsent: absent,
    consecutiveUnauthorisedDays: unauthorised,
    continuousMissingEducationDays: missing,
    consecutiveNoContactDays: noContact,
    illnessSessions,
    illnessDays: illnessSessions / 2,
  };
}
