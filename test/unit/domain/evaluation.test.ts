import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/domain/dates.ts';
import { evaluatePupil } from '../../../src/domain/evaluation.ts';
import { calendar2024, fill, register } from '../../support/registers.ts';

const cal = calendar2024();

describe('a pupil evaluated as of a date', () => {
  it('a pupil admitted mid-year counts from admission only, whatever came before', () => {
    const marks = [
      ...fill(cal, '2024-09-01', '2025-01-03', 'Z', 'Z'), // prospective pupil, not on roll
      ...fill(cal, '2025-01-06', '2025-02-14', '/', '\\', { '2025-01-06': ['N', 'N'], '2025-01-07': ['O', 'O'] }),
    ];
    const e = evaluatePupil(register(marks), cal, dayOf('2025-02-14'), { admitted: dayOf('2025-01-06') });
    expect(e.stats).toEqual({ possible: 60, present: 56, authorised: 0, unauthorised: 4 });
    expect(e.status).toBe('low');
  });

  it('a dual-registered pupil: sessions at the other school are not possible sessions', () => {
    const marks = fill(cal, '2025-01-06', '2025-01-31', '/', 'D');
    const e = evaluatePupil(register(marks), cal, dayOf('2025-01-31'));
    expect(e.stats).toEqual({ possible: 20, present: 20, authorised: 0, unauthorised: 0 });
  });

  it('Y codes (unavoidable cause) take sessions out of the possible count', () => {
    const marks = fill(cal, '2025-01-06', '2025-01-10', '/', '\\', { '2025-01-09': ['Y2', 'Y2'], '2025-01-10': ['Y4', 'Y4'] });
    const e = evaluatePupil(register(marks), cal, dayOf('2025-01-10'));
    expect(e.stats.possible).toBe(6);
    expect(e.status).toBe('none');
  });

  it('an as-of date on a weekend or in a holiday counts up to the last school day', () => {
    const marks = fill(cal, '2025-02-03', '2025-02-28', '/', '\\', { '2025-02-14': ['G', 'G'] });
    const weekend = evaluatePupil(register(marks), cal, dayOf('2025-02-16'));
    const holiday = evaluatePupil(register(marks), cal, dayOf('2025-02-19'));
    expect(weekend.stats).toEqual(holiday.stats);
    expect(holiday.stats.possible).toBe(20);
    expect(holiday.penaltyWindow.end).toBe(dayOf('2025-02-14'));
  });

  it('statistics default to the academic year to date', () => {
    // a holiday taken in July 2023/24 belongs to last year
    const july = [{ date: '2024-07-19', session: 'AM' as const, code: 'G' as const }];
    const e = evaluatePupil(register([...fill(cal, '2024-09-04', '2024-09-06'), ...july]), cal, dayOf('2024-09-06'));
    expect(e.stats).toEqual({ possible: 6, present: 6, authorised: 0, unauthorised: 0 });
  });

  it('gives the cusp to the end of the half term and of the year', () => {
    const marks = fill(cal, '2024-09-04', '2024-10-25', '/', '\\', { '2024-09-04': ['I', 'I'], '2024-09-05': ['I', 'I'] });
    const e = evaluatePupil(register(marks), cal, dayOf('2024-10-18'));
    // 66 possible so far, 4 absent; 10 sessions left in the half term: 10% of 76 -> 8 absences, so 4 more
    expect(e.stats.possible).toBe(66);
    expect(e.cuspHalfTerm?.sessionsToPersistent).toBe(4);
    expect(e.cuspYear?.sessionsToPersistent).toBe(34); // 10% of 380 = 38
  });

  it('places the pupil in a band of the school ladder', () => {
    const bands = [{ name: 'green', atLeast: 96 }, { name: 'amber', atLeast: 90 }, { name: 'red' }];
    const oneIll = fill(cal, '2025-01-06', '2025-01-17', '/', '\\', { '2025-01-06': ['I', '\\'] }); // 19/20 = 95%
    expect(evaluatePupil(register(oneIll), cal, dayOf('2025-01-17'), {}, { bands }).band?.name).toBe('amber');
    const full = fill(cal, '2025-01-06', '2025-01-17');
    expect(evaluatePupil(register(full), cal, dayOf('2025-01-17'), {}, { bands }).band?.name).toBe('green');
  });
});
