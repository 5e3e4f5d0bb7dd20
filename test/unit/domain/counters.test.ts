import { describe, expect, it } from 'vitest';
import { dayCounters } from '../../../src/domain/counters.ts';
import { dayOf } from '../../../src/domain/dates.ts';
import { both, register } from '../../support/registers.ts';

const from = dayOf('2025-01-01');

describe('day counters', () => {
  it('consecutive days absent end at the as-of date and stop at a day with a present session', () => {
    const r = register([
      ...both('2025-02-03', '/', '\\'),
      ...both('2025-02-04', '/', 'I'), // half day present: breaks
      ...both('2025-02-05', 'I'),
      ...both('2025-02-06', 'N'),
      ...both('2025-02-07', 'O', 'G'),
    ]);
    const c = dayCounters(r, from, dayOf('2025-02-07'));
    expect(c.consecutiveDaysAbsent).toBe(3);
    expect(c.consecutiveUnauthorisedDays).toBe(2);
    expect(c.continuousMissingEducationDays).toBe(2);
    expect(c.consecutiveNoContactDays).toBe(0); // 7 Feb has O and G: a reason is known
  });

  it('counts days with no contact: every session still N', () => {
    const r = register([...both('2025-02-04', 'I'), ...both('2025-02-05', 'N'), ...both('2025-02-06', 'N'), ...both('2025-02-07', 'N')]);
    const c = dayCounters(r, from, dayOf('2025-02-07'));
    expect(c.consecutiveNoContactDays).toBe(3);
    expect(c.consecutiveDaysAbsent).toBe(4);
  });

  it('U counts towards unauthorised days but not towards the G/N/O missing-education count', () => {
    const r = register([...both('2025-02-05', 'G'), ...both('2025-02-06', 'U'), ...both('2025-02-07', 'N')]);
    const c = dayCounters(r, from, dayOf('2025-02-07'));
    expect(c.consecutiveUnauthorisedDays).toBe(3);
    expect(c.continuousMissingEducationDays).toBe(1);
  });

  it('a day with no possible session (closure, Y code, dual registration) neither extends nor breaks a streak', () => {
    const r = register([
      ...both('2025-02-03', 'N'),
      ...both('2025-02-04', '#'),
      ...both('2025-02-05', 'Y2'),
      ...both('2025-02-06', 'D'),
      ...both('2025-02-07', 'N'),
    ]);
    expect(dayCounters(r, from, dayOf('2025-02-07')).consecutiveDaysAbsent).toBe(2);
  });

  it('an as-of morning with only AM marked counts as an absent day', () => {
    const r = register([...both('2025-02-06', 'N'), { date: '2025-02-07', session: 'AM', code: 'N' }]);
    expect(dayCounters(r, from, dayOf('2025-02-07')).consecutiveDaysAbsent).toBe(2);
  });

  it('ignores marks after the as-of date', () => {
    const r = register([...both('2025-02-06', 'N'), ...both('2025-02-07', '/', '\\')]);
    expect(dayCounters(r, from, dayOf('2025-02-06')).consecutiveDaysAbsent).toBe(1);
    expect(dayCounters(r, from, dayOf('2025-02-07')).consecutiveDaysAbsent).toBe(0);
  });

  it('counts illness cumulatively in half days, across present days', () => {
    const r = register([
      ...both('2025-01-06', 'I'),
      ...both('2025-01-07', '/', '\\'),
      ...both('2025-01-08', 'I', '\\'),
      ...both('2025-01-09', 'M'), // an appointment is not illness
    ]);
    const c = dayCounters(r, from, dayOf('2025-01-31'));
    expect(c.illnessSessions).toBe(3);
    expect(c.illnessDays).toBe(1.5);
  });

  it('counts nothing before the period start', () => {
    const r = register([...both('2024-12-20', 'I'), ...both('2025-01-06', 'I')]);
    expect(dayCounters(r, from, dayOf('2025-01-31')).illnessSessions).toBe(2);
  });
});
