/** Re-arming: when a step recorded once comes due again. */
import { describe, expect, it } from 'vitest';
import { LADDER_PRESETS } from '../../../src/config/ladder-presets.ts';
import { academicYearStart, dayOf } from '../../../src/domain/dates.ts';
import { type Ladder, ladderLevels, recordStillCounts, type StepRecord } from '../../../src/domain/ladder.ts';

const base: Ladder = { key: 't', name: 'T', rungs: [{ key: 'r', title: 'R', when: [{ kind: 'persistent-absence' }], steps: [{ key: 's', kind: 'letter', title: 'L', actor: 'attendance-officer' }] }] };
const record: StepRecord = { key: 's', state: 'done', day: dayOf('2024-11-04') };
const days = Array.from({ length: 40 }, (_, i) => dayOf('2024-11-04') + 1 + i);
const year = academicYearStart(2024);

describe('recordStillCounts', () => {
  it('each academic year: a record from last year no longer counts; this year\'s does', () => {
    const opts = { academicYearStart: year, schoolDaysAfter: days, offRung: () => false };
    expect(recordStillCounts(base, record, opts)).toBe(true);
    expect(recordStillCounts(base, { ...record, day: dayOf('2024-06-10') }, opts)).toBe(false);
    expect(recordStillCounts({ ...base, rearm: { academicYear: false } }, { ...record, day: dayOf('2024-06-10') }, opts)).toBe(true);
  });

  it('after recovery: re-armed only by a run of school days off the rung as long as the ladder names', () => {
    const ladder: Ladder = { ...base, rearm: { academicYear: true, afterRecoveredSchoolDays: 5 } };
    const offOn = (off: ReadonlySet<number>) => ({ academicYearStart: year, schoolDaysAfter: days, offRung: (d: number) => off.has(d - days[0]!) });
    expect(recordStillCounts(ladder, record, offOn(new Set([0, 1, 2, 3, 5, 6, 7, 8])))).toBe(true); // never 5 in a row
    expect(recordStillCounts(ladder, record, offOn(new Set([10, 11, 12, 13, 14])))).toBe(false); // 5 in a row
    expect(recordStillCounts(ladder, record, offOn(new Set()))).toBe(true);
    // days on or before the record do not count towards the run
    expect(recordStillCounts(ladder, { ...record, day: days[3]! }, offOn(new Set([0, 1, 2, 3, 4, 5, 6])))).toBe(true);
  });

  it('every preset says when its steps re-arm, and why', () => {
    for (const [key, ladder] of Object.entries(LADDER_PRESETS)) {
      expect(ladder.rearm, key).toBeDefined();
      expect(ladder.rearm!.academicYear, key).toBe(true);
      expect(ladder.rearm!.policy, key).toBeTruthy();
    }
  });
});

describe('ladderLevels', () => {
  it("the levels a school's ladder acts at, highest first, each named by its first rung; 90% is the national line's", () => {
    const asterdale = LADDER_PRESETS.asterdale!;
    const levels = ladderLevels(asterdale);
    expect(levels.map((l) => l.percent)).toEqual([95, 93, 75]);
    expect(levels[0]!.label).toBe(asterdale.rungs.find((r) => r.key === 'tracking-95')!.title);
    expect(ladderLevels(base)).toEqual([]);
  });
});
