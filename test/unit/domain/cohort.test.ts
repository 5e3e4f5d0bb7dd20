import { describe, expect, it } from 'vitest';
import { cohortFigures, type CohortMember, DEFAULT_BANDS, SMALLEST_GROUP_RATED, summariseCohort } from '../../../src/domain/cohort.ts';
import { absenceStatus, type AttendanceStats } from '../../../src/domain/statistics.ts';

const stats = (present: number, possible: number): AttendanceStats => ({ possible, present, authorised: possible - present, unauthorised: 0 });
const member = (present: number, possible: number, groups: CohortMember['groups'] = [], byPeriod: AttendanceStats[] = []): CohortMember =>
  ({ stats: stats(present, possible), status: absenceStatus(stats(present, possible)), groups, byPeriod });

describe('a cohort as one', () => {
  it("adds up sessions (never averages pupils' percentages); PA and SA are shares of the pupils with sessions", () => {
    // 190/200 (95%) and 10/20 (50%): averaging would say 72.5%; the sessions say 200/220 = 90.9%
    const f = cohortFigures([member(190, 200), member(10, 20), member(0, 0)]);
    expect(f.attendancePct).toBe(90.9);
    expect(f.size).toBe(3);
    expect([f.persistent, f.severe, f.persistentPct, f.severePct]).toEqual([1, 1, 50, 50]);
    expect(cohortFigures([]).attendancePct).toBeNull();
  });

  it("counts pupils into the bands (the default's PA band starts at 90% exactly), rates only groups big enough, and gives the trend period by period", () => {
    const members = [
      member(198, 200, ['pupil-premium'], [stats(98, 100), stats(100, 100)]),
      member(190, 200, ['pupil-premium', 'send'], [stats(90, 100), stats(100, 100)]),
      member(180, 200, ['pupil-premium'], [stats(80, 100), stats(100, 100)]),
      member(90, 100, ['send'], [stats(90, 100)]),
      member(40, 100, ['social-worker'], [stats(40, 100)]),
    ];
    const s = summariseCohort(members, DEFAULT_BANDS, 2);
    expect(s.bands).toEqual([
      { name: '97% or more', pupils: 1 }, { name: '95% to 96.9%', pupils: 1 }, { name: '90.1% to 94.9%', pupils: 0 },
      { name: '50.1% to 90% (PA)', pupils: 2 }, { name: '50% or less (SA)', pupils: 1 },
    ]);
    expect(s.groups.map((g) => [g.group, g.size, g.figures?.attendancePct ?? null])).toEqual([['pupil-premium', 3, 94.7], ['send', 2, null], ['social-worker', 1, null]]);
    expect(SMALLEST_GROUP_RATED).toBe(3);
    // first half term: 398/500; second: the three who had one, 300/300
    expect(s.trend).toEqual([79.6, 100]);
  });
});
