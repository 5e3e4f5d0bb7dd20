/**
 * Typical English term dates for an academic year, for the demo school, the benchmark and a
 * new school's first calendar before it loads its own. Real schools load their own dates:
 * this is a sensible default, not a rule.
 *
 * Shape: six half terms; October, February and late-May half-term weeks; two weeks at
 * Christmas and at Easter; the early May bank holiday closed; INSET days at the starts of
 * terms until 190 school days remain (at most five, as the regulations allow).
 */
import type { CalendarSpec, ClosureSpec, HalfTermSpec } from './calendar.ts';
import { SchoolCalendar } from './calendar.ts';
import { type DayNumber, academicYearOf, dayOf, isoOf, isoWeekday } from './dates.ts';

const utcDay = (y: number, m: number, d: number): DayNumber => Date.UTC(y, m - 1, d) / 86_400_000;
const nextMonday = (day: DayNumber): DayNumber => day + ((8 - isoWeekday(day)) % 7);

/** Easter Sunday (Gregorian), by the anonymous algorithm. */
export function easterSunday(year: number): DayNumber {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDay(year, month, day);
}

export const TARGET_SCHOOL_DAYS = 190;
export const MAX_INSET_DAYS = 5;

/** Term dates for the academic year starting in September of `year`. */
export function englishTermDates(year: number): CalendarSpec {
  const y2 = year + 1;
  const sept1 = utcDay(year, 9, 1);
  const autumnStart = isoWeekday(sept1) <= 5 ? sept1 : nextMonday(sept1);
  const octHalfTerm = nextMonday(utcDay(year, 10, 31)) - 7; // the week holding the last Monday of October
  const christmasEnd = (() => {
    let d = utcDay(year, 12, 20);
    while (isoWeekday(d) > 5) d--;
    return d;
  })();
  const springStart = nextMonday(utcDay(y2, 1, 4));
  const febHalfTerm = nextMonday(utcDay(y2, 2, 12));
  const goodFriday = easterSunday(y2) - 2;
  const easterHoliday = goodFriday - 4; // Monday of Holy Week
  const summerStart = easterHoliday + 14;
  const earlyMay = nextMonday(utcDay(y2, 5, 1));
  const mayHalfTerm = nextMonday(utcDay(y2, 5, 31)) - 7; // the week of the last Monday of May
  let summerEnd = utcDay(y2, 7, 22);
  while (isoWeekday(summerEnd) > 5) summerEnd--;

  const build = (): HalfTermSpec[] => [
    { name: 'Autumn 1', term: 'autumn', start: isoOf(autumnStart), end: isoOf(octHalfTerm - 3) },
    { name: 'Autumn 2', term: 'autumn', start: isoOf(octHalfTerm + 7), end: isoOf(christmasEnd) },
    { name: 'Spring 1', term: 'spring', start: isoOf(springStart), end: isoOf(febHalfTerm - 3) },
    { name: 'Spring 2', term: 'spring', start: isoOf(febHalfTerm + 7), end: isoOf(easterHoliday - 3) },
    { name: 'Summer 1', term: 'summer', start: isoOf(summerStart), end: isoOf(mayHalfTerm - 3) },
    { name: 'Summer 2', term: 'summer', start: isoOf(mayHalfTerm + 7), end: isoOf(summerEnd) },
  ];
  let halfTerms = build();
  const closures: ClosureSpec[] = [{ date: isoOf(earlyMay), reason: 'Early May bank holiday' }];
  const schoolDays = () => new SchoolCalendar({ halfTerms, closures }).schoolDays;
  const insetCandidates = [autumnStart, autumnStart + 1, springStart, octHalfTerm + 7, summerStart];
  for (const d of insetCandidates) {
    const days = schoolDays();
    if (days.length <= TARGET_SCHOOL_DAYS) break;
    if (days.includes(d)) closures.push({ date: isoOf(d), reason: 'INSET day' });
  }
  while (schoolDays().length > TARGET_SCHOOL_DAYS) {
    do summerEnd--; while (isoWeekday(summerEnd) > 5);
    halfTerms = build();
  }
  return { halfTerms, closures };
}

/** The term dates of the academic year that holds the date. */
export function englishTermDatesAround(date: string): CalendarSpec {
  return englishTermDates(academicYearOf(dayOf(date)));
}

