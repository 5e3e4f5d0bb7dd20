import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/domain/dates.ts';
import { absenceByWeekday, brokenWeeksByHalfTerm, lateness, patternWeekdays } from '../../../src/domain/patterns.ts';
import { calendar2024, fill, register } from '../../support/registers.ts';

const cal = calendar2024();

describe('absence by weekday', () => {
  const marks = fill(cal, '2025-01-06', '2025-02-14', '/', '\\', {
    '2025-01-06': ['I', 'I'], '2025-01-13': ['N', 'N'], '2025-01-20': ['O', '\\'],
    '2025-01-24': ['I', 'I'], '2025-01-31': ['G', 'G'], '2025-02-05': ['M', '\\'],
  });
  const counts = absenceByWeekday(register(marks), dayOf('2025-01-06'), dayOf('2025-02-14'));

  it('counts possible and absent sessions per weekday', () => {
    expect(counts[0]).toEqual({ weekday: 1, possible: 12, absent: 5, unplanned: 5 });
    expect(counts[2]).toEqual({ weekday: 3, possible: 12, absent: 1, unplanned: 0 }); // M: leave agreed in advance
    expect(counts[4]).toEqual({ weekday: 5, possible: 12, absent: 4, unplanned: 4 });
  });

  it('finds the Monday and Friday pattern', () => {
    expect(patternWeekdays(counts)).toEqual([1, 5]);
  });

  it('finds no pattern in an even spread or with too few absences', () => {
    expect(patternWeekdays([1, 2, 3, 4, 5].map((weekday) => ({ weekday, possible: 10, absent: 2, unplanned: 2 })))).toEqual([]);
    expect(patternWeekdays([{ weekday: 1, possible: 10, absent: 2, unplanned: 2 }])).toEqual([]);
  });

  it('reads no pattern from leave agreed in advance: four Monday medical appointments, a part-time timetable', () => {
    const mondays = fill(cal, '2025-01-06', '2025-02-14', '/', '\\', {
      '2025-01-06': ['M', '\\'], '2025-01-13': ['M', '\\'], '2025-01-20': ['M', '\\'], '2025-01-27': ['M', '\\'],
      '2025-01-31': ['C2', 'C2'], '2025-02-07': ['C2', 'C2'],
    });
    const c = absenceByWeekday(register(mondays), dayOf('2025-01-06'), dayOf('2025-02-14'));
    expect(c[0]).toMatchObject({ absent: 4, unplanned: 0 });
    expect(patternWeekdays(c)).toEqual([]);
  });
});

describe('broken weeks per half term', () => {
  it('counts school weeks with at least one absent session', () => {
    const marks = fill(cal, '2025-01-06', '2025-02-26', '/', '\\', {
      '2025-01-07': ['/', 'M'], '2025-01-08': ['I', 'I'], // one week, broken once
      '2025-02-12': ['L', 'U'], // U is an absence
      '2025-02-25': ['/', 'D'], // dual registration is not an absence
    });
    const spring = brokenWeeksByHalfTerm(register(marks), cal, dayOf('2025-02-26')).filter((b) => b.halfTerm.term === 'spring');
    expect(spring.map((b) => [b.halfTerm.name, b.broken, b.weeks])).toEqual([
      ['Spring 1', 2, 6],
      ['Spring 2', 0, 1],
    ]);
  });
});

describe('lateness', () => {
  it('counts L (before the register closed) and U (after)', () => {
    const marks = fill(cal, '2025-01-06', '2025-01-10', '/', '\\', { '2025-01-06': ['L', '\\'], '2025-01-07': ['U', 'L'], '2025-01-08': ['L', '\\'] });
    expect(lateness(register(marks), dayOf('2025-01-06'), dayOf('2025-01-10'))).toEqual({ lateBeforeClose: 3, lateAfterClose: 1 });
  });
});
