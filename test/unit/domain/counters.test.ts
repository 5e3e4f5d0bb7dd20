import { describe, expect, it } from 'vitest';
import { dayCounters } from '../../../src/domain/counters.ts';
import { dayOf } from '../../../src/domain/dates.ts';
import { evaluatePupil } from '../../../src/domain/evaluation.ts';
import { both, calendar2024, fill, register, twoYears } from '../../support/registers.ts';

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
    const c = dayCounters(r, dayOf('2025-02-07'), { illnessFrom: from });
    expect(c.consecutiveDaysAbsent).toBe(3);
    expect(c.consecutiveUnauthorisedDays).toBe(2);
    expect(c.continuousMissingEducationDays).toBe(2);
    expect(c.daysWithoutContact).toBe(0); // 7 Feb has O and G: a reason is known
  });

  it('counts days with no contact: every session still N', () => {
    const r = register([...both('2025-02-04', 'I'), ...both('2025-02-05', 'N'), ...both('2025-02-06', 'N'), ...both('2025-02-07', 'N')]);
    const c = dayCounters(r, dayOf('2025-02-07'), { illnessFrom: from });
    expect(c.daysWithoutContact).toBe(3);
    expect(c.consecutiveDaysAbsent).toBe(4);
  });

  it('U counts towards unauthorised days but not towards the G/N/O missing-education count', () => {
    const r = register([...both('2025-02-05', 'G'), ...both('2025-02-06', 'U'), ...both('2025-02-07', 'N')]);
    const c = dayCounters(r, dayOf('2025-02-07'), { illnessFrom: from });
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
    expect(dayCounters(r, dayOf('2025-02-07'), { illnessFrom: from }).consecutiveDaysAbsent).toBe(2);
  });

  it('an as-of morning with only AM marked counts as an absent day', () => {
    const r = register([...both('2025-02-06', 'N'), { date: '2025-02-07', session: 'AM', code: 'N' }]);
    expect(dayCounters(r, dayOf('2025-02-07'), { illnessFrom: from }).consecutiveDaysAbsent).toBe(2);
  });

  it('ignores marks after the as-of date', () => {
    const r = register([...both('2025-02-06', 'N'), ...both('2025-02-07', '/', '\\')]);
    expect(dayCounters(r, dayOf('2025-02-06'), { illnessFrom: from }).consecutiveDaysAbsent).toBe(1);
    expect(dayCounters(r, dayOf('2025-02-07'), { illnessFrom: from }).consecutiveDaysAbsent).toBe(0);
  });

  it('counts illness cumulatively in half days, across present days', () => {
    const r = register([
      ...both('2025-01-06', 'I'),
      ...both('2025-01-07', '/', '\\'),
      ...both('2025-01-08', 'I', '\\'),
      ...both('2025-01-09', 'M'), // an appointment is not illness
    ]);
    const c = dayCounters(r, dayOf('2025-01-31'), { illnessFrom: from });
    expect(c.illnessSessions).toBe(3);
    expect(c.illnessDays).toBe(1.5);
  });

  it('counts nothing before the period start', () => {
    const r = register([...both('2024-12-20', 'I'), ...both('2025-01-06', 'I')]);
    expect(dayCounters(r, dayOf('2025-01-31'), { illnessFrom: from }).illnessSessions).toBe(2);
  });
});

describe('runs across holidays and the summer (evaluate contract, days)', () => {
  const cal = twoYears();
  const summer = register(fill(cal, '2025-06-16', '2025-09-12', 'O', 'O'));

  it('a run of O from 16 June to 12 September counts all 35 school days, not the 8 since 1 September', () => {
    const c = dayCounters(summer, dayOf('2025-09-12'), { illnessFrom: dayOf('2025-09-01') });
    expect(c.consecutiveUnauthorisedDays).toBe(35);
    expect(c.continuousMissingEducationDays).toBe(35);
    expect(c.daysWithoutContact).toBe(35);
  });

  it('the evaluation of the pupil carries the same run in its days, so the 10-day return and the 20-day ground hold', () => {
    const e = evaluatePupil(summer, cal, dayOf('2025-09-12'));
    expect(e.days.continuousUnauthorised).toBe(35);
    expect(e.days.continuousMissing).toBe(35);
    expect(e.stats.possible).toBe(16); // the statistics still start on 1 September
  });

  it('illness counts only from 1 September of the academic year of as-of', () => {
    const r = register([...both('2025-07-21', 'I'), ...both('2025-09-03', 'I'), ...both('2025-09-04', '/', 'I')]);
    expect(dayCounters(r, dayOf('2025-09-04'), { illnessFrom: dayOf('2025-09-01') }).illnessSessions).toBe(3);
    expect(evaluatePupil(r, cal, dayOf('2025-09-04')).days.illnessSessions).toBe(3);
  });
});

describe('days without contact: contact is a fact, not a code', () => {
  const cal = calendar2024();
  it('an N replaced by O on day 5 (no reason received) does not reset the count: the 10-day duty is still reached', () => {
    const marks = fill(cal, '2025-03-03', '2025-03-07', 'O', 'O').concat(fill(cal, '2025-03-10', '2025-03-14', 'N', 'N'));
    const c = dayCounters(register(marks), dayOf('2025-03-14'), { illnessFrom: dayOf('2024-09-01') });
    expect(c.daysWithoutContact).toBe(10);
  });

  it('a recorded contact resets the count even while the code is still N', () => {
    const marks = fill(cal, '2025-03-03', '2025-03-14', 'N', 'N');
    const c = dayCounters(register(marks), dayOf('2025-03-14'), { illnessFrom: dayOf('2024-09-01'), lastContact: dayOf('2025-03-11') });
    expect(c.daysWithoutContact).toBe(3); // 12, 13 and 14 March
  });

  it('a reason received by another route (the office codes I) breaks the run', () => {
    const marks = [...both('2025-03-10', 'N'), ...both('2025-03-11', 'I'), ...both('2025-03-12', 'N')];
    expect(dayCounters(register(marks), dayOf('2025-03-12'), { illnessFrom: 0 }).daysWithoutContact).toBe(1);
  });
});
