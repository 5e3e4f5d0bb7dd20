/** Builders for registers and calendars in unit tests. */
import type { AttendanceCode } from '../../src/domain/codes.ts';
import { type CalendarSpec, SchoolCalendar } from '../../src/domain/calendar.ts';
import { dayOf, isWeekend, isoOf } from '../../src/domain/dates.ts';
import { type Mark, PupilRegister } from '../../src/domain/register.ts';

/** The 2024/25 year of an English school: five INSET days and the early May bank holiday, 190 school days. */
export const YEAR_2024_25: CalendarSpec = {
  halfTerms: [
    { name: 'Autumn 1', term: 'autumn', start: '2024-09-02', end: '2024-10-25' },
    { name: 'Autumn 2', term: 'autumn', start: '2024-11-04', end: '2024-12-20' },
    { name: 'Spring 1', term: 'spring', start: '2025-01-06', end: '2025-02-14' },
    { name: 'Spring 2', term: 'spring', start: '2025-02-24', end: '2025-04-04' },
    { name: 'Summer 1', term: 'summer', start: '2025-04-22', end: '2025-05-23' },
    { name: 'Summer 2', term: 'summer', start: '2025-06-02', end: '2025-07-22' },
  ],
  closures: [
    { date: '2024-09-02', reason: 'INSET' },
    { date: '2024-09-03', reason: 'INSET' },
    { date: '2024-11-04', reason: 'INSET' },
    { date: '2025-04-22', reason: 'INSET' },
    { date: '2025-06-02', reason: 'INSET' },
    { date: '2025-05-05', reason: 'Early May bank holiday' },
  ],
};

export const YEAR_2025_26: CalendarSpec = {
  halfTerms: [
    { name: 'Autumn 1', term: 'autumn', start: '2025-09-03', end: '2025-10-24' },
    { name: 'Autumn 2', term: 'autumn', start: '2025-11-03', end: '2025-12-19' },
    { name: 'Spring 1', term: 'spring', start: '2026-01-05', end: '2026-02-13' },
    { name: 'Spring 2', term: 'spring', start: '2026-02-23', end: '2026-03-27' },
    { name: 'Summer 1', term: 'summer', start: '2026-04-13', end: '2026-05-22' },
    { name: 'Summer 2', term: 'summer', start: '2026-06-01', end: '2026-07-21' },
  ],
};

export const calendar2024 = () => new SchoolCalendar(YEAR_2024_25);
export const twoYears = () =>
  new SchoolCalendar({ halfTerms: [...YEAR_2024_25.halfTerms, ...YEAR_2025_26.halfTerms], closures: YEAR_2024_25.closures });

/**
 * Marks for every school day of the calendar in [from, to]: `am`/`pm` codes by default,
 * overridden per date by `on`.
 */
export function fill(
  calendar: SchoolCalendar,
  from: string,
  to: string,
  am: AttendanceCode = '/',
  pm: AttendanceCode = '\\',
  on: Record<string, [AttendanceCode, AttendanceCode]> = {},
): Mark[] {
  const out: Mark[] = [];
  for (let d = dayOf(from); d <= dayOf(to); d++) {
    if (!calendar.isSchoolDay(d)) continue;
    const date = isoOf(d);
    const [a, p] = on[date] ?? [am, pm];
    if (calendar.isOpen(d, 'AM')) out.push({ date, session: 'AM', code: a });
    if (calendar.isOpen(d, 'PM')) out.push({ date, session: 'PM', code: p });
  }
  return out;
}

/** Weekday dates from `from` for `n` weekdays, ignoring any calendar. */
export function weekdays(from: string, n: number): string[] {
  const out: string[] = [];
  for (let d = dayOf(from); out.length < n; d++) if (!isWeekend(d)) out.push(isoOf(d));
  return out;
}

export const register = (marks: Mark[]) => PupilRegister.fromMarks(marks);

export const both = (date: string, am: AttendanceCode, pm: AttendanceCode = am): Mark[] => [
  { date, session: 'AM', code: am },
  { date, session: 'PM', code: pm },
];
