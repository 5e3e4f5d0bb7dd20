/**
 * Patterns of absence that school ladders act on: absence by weekday (Mondays and Fridays),
 * broken weeks (school weeks with at least one absence) per half term, lateness.
 */
import { CODE_INDEX, COUNTS_BY_INDEX, COUNT_AUTHORISED, COUNT_NONE, COUNT_UNAUTHORISED } from './codes.ts';
import type { HalfTerm, SchoolCalendar } from './calendar.ts';
import { type DayNumber, isoWeekday, mondayOf } from './dates.ts';
import type { PupilRegister } from './register.ts';

export interface WeekdayCount {
  /** ISO weekday, Monday 1 … Friday 5 */
  readonly weekday: number;
  readonly possible: number;
  readonly absent: number;
  /**
   * Absent sessions not agreed in advance: all absence but leave of absence (C1, M, J1, S, C2,
   * C). A pattern is read from these: four Monday dental appointments or a part-time timetable
   * are not a pattern of poor attendance.
   */
  readonly unplanned: number;
}

const LEAVE = new Uint8Array(64);
for (const c of ['C1', 'M', 'J1', 'S', 'C2', 'C'] as const) LEAVE[CODE_INDEX.get(c)!] = 1;

/** Possible and absent sessions for each weekday Monday to Friday over [from, to]. */
export function absenceByWeekday(register: PupilRegister, from: DayNumber, to: DayNumber): WeekdayCount[] {
  const possible = [0, 0, 0, 0, 0, 0, 0, 0];
  const absent = [0, 0, 0, 0, 0, 0, 0, 0];
  const unplanned = [0, 0, 0, 0, 0, 0, 0, 0];
  const end = register.indexAfter(to);
  for (let i = register.indexFrom(from); i < end; i++) {
    const counts = COUNTS_BY_INDEX[register.codes[i]!];
    if (counts === COUNT_NONE) continue;
    const wd = isoWeekday(register.slots[i]! >> 1);
    possible[wd]!++;
    if (counts === COUNT_AUTHORISED || counts === COUNT_UNAUTHORISED) {
      absent[wd]!++;
      if (!LEAVE[register.codes[i]!]) unplanned[wd]!++;
    }
  }
  return [1, 2, 3, 4, 5].map((weekday) => ({ weekday, possible: possible[weekday]!, absent: absent[weekday]!, unplanned: unplanned[weekday]! }));
}

/**
 * The weekdays that stand out: at least `minSessions` unplanned absences on that weekday, and
 * making up at least `minShare` of all unplanned absences (a Monday-and-Friday pattern has each of them well
 * above the one fifth an even spread gives). Ordered by absences, most first.
 */
export function patternWeekdays(counts: readonly WeekdayCount[], minShare = 0.3, minSessions = 3): number[] {
  const total = counts.reduce((n, c) => n + c.unplanned, 0);
  if (total === 0) return [];
  return counts
    .filter((c) => c.unplanned >= minSessions && c.unplanned >= minShare * total)
    .sort((a, b) => b.unplanned - a.unplanned || a.weekday - b.weekday)
    .map((c) => c.weekday);
}

export interface BrokenWeeks {
  readonly halfTerm: HalfTerm;
  /** School weeks of the half term (up to as-of) with at least one absent session. */
  readonly broken: number;
  /** School weeks of the half term up to as-of. */
  readonly weeks: number;
}

/** Broken weeks in each half term that has begun by `asOf`. */
export function brokenWeeksByHalfTerm(register: PupilRegister, calendar: SchoolCalendar, asOf: DayNumber): BrokenWeeks[] {
  const out: BrokenWeeks[] = [];
  for (const ht of calendar.halfTerms) {
    if (ht.start > asOf) break;
    const to = Math.min(ht.end, asOf);
    const weeks = new Set<number>();
    for (const w of calendar.schoolWeeks) if (w + 6 >= ht.start && w <= to) weeks.add(w);
    const broken = new Set<number>();
    const end = register.indexAfter(to);
    for (let i = register.indexFrom(ht.start); i < end; i++) {
      const counts = COUNTS_BY_INDEX[register.codes[i]!];
      if (counts === COUNT_AUTHORISED || counts === COUNT_UNAUTHORISED) broken.add(mondayOf(register.slots[i]! >> 1));
    }
    out.push({ halfTerm: ht, broken: broken.size, weeks: weeks.size });
  }
  return out;
}

export interface Lateness {
  /** Late before the register closed: present. */
  readonly lateBeforeClose: number;
  /** Late after the register closed: an unauthorised absence. */
  readonly lateAfterClose: number;
}

const L = CODE_INDEX.get('L')!;
const U = CODE_INDEX.get('U')!;

export function lateness(register: PupilRegister, from: DayNumber, to: DayNumber): Lateness {
  let l = 0;
  let u = 0;
  const end = register.indexAfter(to);
  for (let i = register.indexFrom(from); i < end; i++) {
    const c = register.codes[i];
    if (c === L) l++;
    else if (c === U) u++;
  }
  return { lateBeforeClose: l, lateAfterClose: u };
}
