import { describe, expect, it } from 'vitest';
import { CalendarError, SchoolCalendar } from '../../../src/domain/calendar.ts';
import { dayOf, isoOf, isoWeekday, mondayOf } from '../../../src/domain/dates.ts';
import { YEAR_2024_25, calendar2024 } from '../../support/registers.ts';

describe('dates', () => {
  it('knows weekdays and Mondays', () => {
    expect(isoWeekday(dayOf('2025-02-03'))).toBe(1);
    expect(isoWeekday(dayOf('2025-02-09'))).toBe(7);
    expect(isoOf(mondayOf(dayOf('2025-02-09')))).toBe('2025-02-03');
    expect(isoOf(mondayOf(dayOf('2025-02-03')))).toBe('2025-02-03');
  });
  it('rejects impossible dates', () => {
    expect(() => dayOf('2025-02-29')).toThrow();
    expect(() => dayOf('2025-2-3')).toThrow();
  });
});

describe('school calendar', () => {
  const cal = calendar2024();

  it("the week a weekly summary reports: this week's on its last school day (Thursday before an INSET Friday); otherwise the latest week over", () => {
    const inset = new SchoolCalendar({ ...YEAR_2024_25, closures: [...YEAR_2024_25.closures!, { date: '2025-02-28', reason: 'INSET' }] });
    const on = (c: SchoolCalendar, d: string) => { const w = c.weekToSummarise(dayOf(d)); return w === undefined ? undefined : isoOf(w); };
    expect(on(cal, '2025-02-28')).toBe('2025-02-28'); // a Friday
    expect(on(cal, '2025-02-27')).toBe('2025-02-14'); // Thursday: the latest week over, before half term
    expect(on(inset, '2025-02-27')).toBe('2025-02-27'); // INSET Friday: Thursday is the week's last school day
    expect(on(inset, '2025-02-28')).toBe('2025-02-27');
    expect(on(inset, '2025-03-03')).toBe('2025-02-27'); // Monday after: that week, if it was missed
    expect(on(cal, '2025-04-17')).toBe('2025-04-04'); // Easter holidays: the last week of term
    expect(isoOf(cal.lastSchoolDayOfWeek(dayOf('2024-11-05'))!)).toBe('2024-11-08');
    expect(cal.lastSchoolDayOfWeek(dayOf('2024-10-30'))).toBeUndefined(); // half term
  });

  it('school days are weekdays in half terms, less closures', () => {
    expect(cal.isSchoolDay(dayOf('2024-09-02'))).toBe(false); // INSET
    expect(cal.isSchoolDay(dayOf('2024-09-04'))).toBe(true);
    expect(cal.isSchoolDay(dayOf('2024-09-07'))).toBe(false); // Saturday
    expect(cal.isSchoolDay(dayOf('2024-10-28'))).toBe(false); // half term
    expect(cal.isSchoolDay(dayOf('2025-05-05'))).toBe(false); // bank holiday
  });

  it('has 190 school days in this year', () => {
    expect(cal.schoolDays.length).toBe(190);
  });

  it('a school week is a week with at least one school day; holiday weeks are not', () => {
    const weeks = cal.schoolWeeks.map(isoOf);
    expect(weeks).toContain('2024-09-02'); // INSET Monday, school from Tuesday
    expect(weeks).not.toContain('2024-10-28');
    expect(weeks).not.toContain('2024-12-23');
    expect(weeks).not.toContain('2024-12-30');
    expect(weeks).toContain('2025-01-06');
  });

  it('counts sessions and school days between dates', () => {
    expect(cal.schoolDaysBetween(dayOf('2025-02-10'), dayOf('2025-02-28'))).toBe(10); // half term in between
    expect(cal.sessionsBetween(dayOf('2025-02-10'), dayOf('2025-02-28'))).toBe(20);
  });

  it('a half-day closure leaves the other session open', () => {
    const c = new SchoolCalendar({ ...YEAR_2024_25, closures: [{ date: '2024-12-20', session: 'PM', reason: 'Early close' }] });
    expect(c.isSchoolDay(dayOf('2024-12-20'))).toBe(true);
    expect(c.isOpen(dayOf('2024-12-20'), 'AM')).toBe(true);
    expect(c.isOpen(dayOf('2024-12-20'), 'PM')).toBe(false);
    expect(c.sessionsOn(dayOf('2024-12-20'))).toBe(1);
  });

  it('finds the half term and the end of the year', () => {
    expect(cal.halfTermOf(dayOf('2025-02-26'))?.name).toBe('Spring 2');
    expect(cal.halfTermOf(dayOf('2025-02-18'))).toBeUndefined();
    expect(cal.currentOrNextHalfTerm(dayOf('2025-02-18'))?.name).toBe('Spring 2');
    expect(isoOf(cal.endOfYear(dayOf('2025-02-18'))!)).toBe('2025-07-22');
  });

  it('the last school day on or before a weekend or holiday date', () => {
    expect(isoOf(cal.lastSchoolDayOnOrBefore(dayOf('2025-02-22'))!)).toBe('2025-02-14');
    expect(cal.lastSchoolDayOnOrBefore(dayOf('2024-08-30'))).toBeUndefined();
  });

  it('refuses overlapping half terms, bad dates and registers open over 30 minutes', () => {
    expect(() => new SchoolCalendar({ halfTerms: [
      { name: 'a', term: 'autumn', start: '2024-09-02', end: '2024-10-25' },
      { name: 'b', term: 'autumn', start: '2024-10-25', end: '2024-12-20' },
    ] })).toThrow(CalendarError);
    expect(() => new SchoolCalendar({ halfTerms: [{ name: 'a', term: 'autumn', start: '2024-09-31', end: '2024-10-25' }] }))
      .toThrow(/halfTerms\[0\]\.start/);
    expect(() => new SchoolCalendar({ halfTerms: [], registers: { AM: { opens: '08:30', closes: '09:15' }, PM: { opens: '13:00', closes: '13:10' } } }))
      .toThrow(/45 minutes/);
  });
});
