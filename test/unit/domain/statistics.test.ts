import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/domain/dates.ts';
import {
  type AttendanceStats,
  absenceParts,
  absencePct,
  absenceStatus,
  authorisedPct,
  formatPct,
  unauthorisedPct,
  attendancePct,
  bandOf,
  attendanceAtMost,
  attendanceBelow,
  isLowAttendance,
  isPersistentAbsence,
  isSevereAbsence,
  percentOneDecimal,
  statisticsBetween,
  statisticsByPeriod,
  ZERO_STATS,
} from '../../../src/domain/statistics.ts';
import { both, register } from '../../support/registers.ts';

const s = (possible: number, present: number, authorised: number, unauthorised = possible - present - authorised): AttendanceStats =>
  ({ possible, present, authorised, unauthorised });

describe('statistics over a period', () => {
  const reg = register([
    ...both('2025-02-03', '/', '\\'),
    ...both('2025-02-04', 'L', 'U'), // late before close: present; after close: unauthorised
    ...both('2025-02-05', 'I', 'M'),
    ...both('2025-02-06', 'N', 'G'),
    ...both('2025-02-07', 'D', 'Y2'), // not possible
    ...both('2025-02-10', 'X', 'Z'), // not possible
    ...both('2025-02-11', '#'), // closure
    ...both('2025-02-12', 'B', 'K'), // approved educational activity: present
  ]);

  it('by period (half terms), counting only within [from, to]: a period wholly outside has no sessions', () => {
    const periods = [
      { start: dayOf('2025-01-27'), end: dayOf('2025-01-31') }, // before `from`
      { start: dayOf('2025-02-03'), end: dayOf('2025-02-05') },
      { start: dayOf('2025-02-06'), end: dayOf('2025-02-14') }, // runs past `to`
      { start: dayOf('2025-03-03'), end: dayOf('2025-03-07') }, // after `to`
    ];
    expect(statisticsByPeriod(reg, periods, dayOf('2025-02-04'), dayOf('2025-02-06'))).toEqual([ZERO_STATS, s(4, 1, 2, 1), s(2, 0, 0, 2), ZERO_STATS]);
  });

  it('counts possible sessions only, by kind', () => {
    expect(statisticsBetween(reg, dayOf('2025-02-01'), dayOf('2025-02-28'))).toEqual(s(10, 5, 2, 3));
  });

  it('counts only sessions inside the period, both ends included', () => {
    expect(statisticsBetween(reg, dayOf('2025-02-04'), dayOf('2025-02-05'))).toEqual(s(4, 1, 2, 1));
    expect(statisticsBetween(reg, dayOf('2025-02-08'), dayOf('2025-02-11'))).toEqual(s(0, 0, 0, 0));
  });
});

describe('rates rounded half up to one decimal place', () => {
  it('rounds 31.25 up to 31.3 and 76.923 to 76.9', () => {
    expect(percentOneDecimal(5, 16)).toBe(31.3);
    expect(percentOneDecimal(20, 26)).toBe(76.9);
    expect(percentOneDecimal(1, 8)).toBe(12.5);
    expect(percentOneDecimal(1, 3)).toBe(33.3);
    expect(percentOneDecimal(2, 3)).toBe(66.7);
    expect(percentOneDecimal(1, 2000)).toBe(0.1); // 0.05 rounds up
    expect(percentOneDecimal(1, 2001)).toBe(0);
  });
  it('is null with no possible sessions', () => {
    expect(attendancePct(s(0, 0, 0))).toBeNull();
  });
});

describe('persistent absence: 10% or more of possible sessions', () => {
  it('is PA at exactly 10%', () => expect(isPersistentAbsence(s(100, 90, 5, 5))).toBe(true));
  it('is not PA just under 10% (9.95%, which rounds to 10.0)', () => {
    const stats = s(2000, 1801, 100, 99);
    expect(percentOneDecimal(199, 2000)).toBe(10);
    expect(isPersistentAbsence(stats)).toBe(false);
  });
  it('counts authorised and unauthorised alike', () => expect(isPersistentAbsence(s(20, 18, 2, 0))).toBe(true));
  it('is false with no possible sessions', () => expect(isPersistentAbsence(s(0, 0, 0))).toBe(false));
});

describe('severe absence: 50% or more', () => {
  it('is SA at exactly 50%', () => expect(isSevereAbsence(s(10, 5, 5, 0))).toBe(true));
  it('is not SA at 49.9%', () => expect(isSevereAbsence(s(1000, 501, 499, 0))).toBe(false));
});

describe('low attendance: 5% or more absence', () => {
  it('at exactly 5%', () => expect(isLowAttendance(s(20, 19, 1, 0))).toBe(true));
  it('not at 4.9%', () => expect(isLowAttendance(s(1000, 951, 49, 0))).toBe(false));
});

describe('absence status', () => {
  it.each([
    [s(100, 100, 0), 'none'],
    [s(100, 95, 5), 'low'],
    [s(100, 90, 10), 'persistent'],
    [s(100, 50, 50), 'severe'],
  ] as const)('%o is %s', (stats, status) => expect(absenceStatus(stats)).toBe(status));
});

describe("a school's own bands (Asterdale's)", () => {
  const bands = [
    { name: 'above 97%', above: 97 },
    { name: '95.1-97%', above: 95 },
    { name: '93.1-95%', above: 93 },
    { name: '90.1-93%', above: 90 },
    { name: '75.1-90%', above: 75 },
    { name: '50.1-75%', above: 50 },
    { name: 'below 50%' },
  ];
  it.each([
    [s(100, 98, 2), 'above 97%'],
    [s(100, 97, 3), '95.1-97%'], // exactly 97 is not above 97
    [s(1000, 951, 49), '95.1-97%'],
    [s(100, 95, 5), '93.1-95%'],
    [s(100, 90, 10), '75.1-90%'],
    [s(100, 50, 50), 'below 50%'],
    // 95.04% is shown as 95.0%: the band is the one of the figure staff see
    [s(2500, 2376, 124), '93.1-95%'],
    [s(2000, 1901, 99), '95.1-97%'], // 95.05% is shown as 95.1%
  ] as const)('%o falls in %s', (stats, name) => expect(bandOf(stats, bands)?.name).toBe(name));

  it('a pupil with no possible sessions has no band (not "above 97%")', () => {
    expect(bandOf(s(0, 0, 0), bands)).toBeUndefined();
  });
});

describe("a school's attendance thresholds compare exactly, as PA and SA do", () => {
  it('95.96% (shown as 96.0%) is below 96%; exactly 96% is not; 95.94% is', () => {
    expect(attendanceBelow(s(2500, 2399, 101), 96)).toBe(true); // 95.96%
    expect(attendanceBelow(s(100, 96, 4), 96)).toBe(false);
    expect(attendanceBelow(s(5000, 4797, 203), 96)).toBe(true); // 95.94%
    expect(attendanceBelow(s(0, 0, 0), 96)).toBeUndefined();
  });
  it('"at most" includes the percentage itself and nothing above it', () => {
    expect(attendanceAtMost(s(100, 96, 4), 96)).toBe(true);
    expect(attendanceAtMost(s(2500, 2401, 99), 96)).toBe(false); // 96.04%, shown as 96.0%
    expect(attendanceAtMost(s(1000, 899, 101), 89.9)).toBe(true);
    expect(attendanceAtMost(s(0, 0, 0), 96)).toBeUndefined();
  });
});

describe('absence and its parts, as shown', () => {
  it('the parts add up to the absence shown, each to one decimal place', () => {
    // 900 possible: 67 authorised (7.44%) and 10 unauthorised (1.11%) are 77 (8.56%): rounded apart 7.4% + 1.1% = 8.5%, not 8.6%
    const s = { possible: 900, present: 823, authorised: 67, unauthorised: 10 };
    expect([absencePct(s), authorisedPct(s), unauthorisedPct(s)]).toEqual([8.6, 7.4, 1.1]);
    expect(absenceParts(s)).toEqual({ absence: 8.6, authorised: 7.5, unauthorised: 1.1 });
    const odd = { possible: 1191, present: 1100, authorised: 80, unauthorised: 11 };
    const parts = absenceParts(odd)!;
    expect(Math.round((parts.authorised + parts.unauthorised) * 10)).toBe(Math.round(parts.absence * 10));
    for (let possible = 50; possible < 400; possible += 7) {
      for (const [a, u] of [[3, 4], [5, 1], [11, 13], [1, 1]] as const) {
        const p = absenceParts({ possible, present: possible - a - u, authorised: a, unauthorised: u })!;
        expect(Math.round((p.authorised + p.unauthorised) * 10)).toBe(Math.round(p.absence * 10));
        expect(Math.abs(p.authorised - 100 * a / possible)).toBeLessThan(0.1);
        expect(Math.abs(p.unauthorised - 100 * u / possible)).toBeLessThan(0.1);
      }
    }
    expect(absenceParts({ possible: 0, present: 0, authorised: 0, unauthorised: 0 })).toBeNull();
  });
  it('one percentage format everywhere: one decimal place, "–" with nothing to count', () => {
    expect([formatPct(79), formatPct(79.8), formatPct(null)]).toEqual(['79.0%', '79.8%', '–']);
  });
});
