import { describe, expect, it } from 'vitest';
import { SchoolCalendar } from '../../../src/domain/calendar.ts';
import { isoOf } from '../../../src/domain/dates.ts';
import { easterSunday, englishTermDates, englishTermDatesAround } from '../../../src/domain/term-dates.ts';

describe('default English term dates', () => {
  it('knows Easter', () => {
    expect(isoOf(easterSunday(2024))).toBe('2024-03-31');
    expect(isoOf(easterSunday(2025))).toBe('2025-04-20');
    expect(isoOf(easterSunday(2026))).toBe('2026-04-05');
  });

  it.each([2023, 2024, 2025, 2026, 2027])('gives 190 school days in the year from September %i, with at most 5 INSET days', (year) => {
    const spec = englishTermDates(year);
    expect(new SchoolCalendar(spec).schoolDays.length).toBe(190);
    expect(spec.closures!.filter((c) => c.reason === 'INSET day').length).toBeLessThanOrEqual(5);
    expect(spec.halfTerms).toHaveLength(6);
  });

  it('keeps Good Friday and Easter Monday in the holiday', () => {
    const cal = new SchoolCalendar(englishTermDates(2025));
    const easter = easterSunday(2026);
    expect(cal.isSchoolDay(easter - 2)).toBe(false);
    expect(cal.isSchoolDay(easter + 1)).toBe(false);
  });

  it('picks the academic year around a date', () => {
    expect(englishTermDatesAround('2026-11-22').halfTerms[0]!.start).toBe('2026-09-01');
    expect(englishTermDatesAround('2026-03-01').halfTerms[0]!.start).toBe('2025-09-01');
    // August belongs to the academic year that ends in July, as academicYearOf says
    expect(englishTermDatesAround('2026-08-20').halfTerms[0]!.start).toBe('2025-09-01');
  });
});
