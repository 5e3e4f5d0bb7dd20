import { describe, expect, it } from 'vitest';
import { cusp } from '../../../src/domain/cusp.ts';

const s = (possible: number, absent: number) => ({ possible, present: possible - absent, authorised: absent, unauthorised: 0 });

describe('cusp of persistent absence', () => {
  it('counts the absences that would take a pupil to exactly 10% at the end', () => {
    // 100 sessions so far, 8 absent, 20 to come: 10% of 120 is 12, so 4 more
    expect(cusp(s(100, 8), 20)).toEqual({ alreadyPersistent: false, sessionsToPersistent: 4, canLeaveByEnd: false });
    // 101 sessions final 121: 12.1 -> 13 absences needed
    expect(cusp(s(101, 8), 20).sessionsToPersistent).toBe(5);
  });

  it('is null when missing every remaining session would not reach 10%', () => {
    expect(cusp(s(300, 0), 10).sessionsToPersistent).toBeNull();
    expect(cusp(s(90, 0), 10).sessionsToPersistent).toBe(10);
  });

  it('for a pupil already persistent, says whether full attendance takes them out by the end', () => {
    expect(cusp(s(100, 10), 1)).toEqual({ alreadyPersistent: true, sessionsToPersistent: null, canLeaveByEnd: true });
    expect(cusp(s(100, 10), 0).canLeaveByEnd).toBe(false);
    expect(cusp(s(100, 50), 100).canLeaveByEnd).toBe(false);
  });
});
