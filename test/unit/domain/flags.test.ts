import { describe, expect, it } from 'vitest';
import { escalatesNow, flagsFor } from '../../../src/domain/flags.ts';

const counters = (noContact: number, missing = 0) => ({ consecutiveDaysAbsent: noContact, consecutiveUnauthorisedDays: noContact, continuousMissingEducationDays: missing, daysWithoutContact: noContact, illnessSessions: 0, illnessDays: 0 });
const withSW = { socialWorker: 'child_in_need' as const, lookedAfter: 'none' as const };
const noSW = { socialWorker: 'none' as const, lookedAfter: 'none' as const };

describe('safeguarding flags', () => {
  it('an unexplained absence of a pupil with a social worker flags; of another pupil does not', () => {
    expect(flagsFor(withSW, true, counters(1)).map((f) => f.kind)).toEqual(['vulnerable-unexplained']);
    expect(flagsFor(noSW, true, counters(1))).toEqual([]);
    expect(flagsFor(withSW, false, counters(0))).toEqual([]);
  });
  it('looked-after children and child protection plans count; previously looked after alone does not', () => {
    expect(flagsFor({ socialWorker: 'none', lookedAfter: 'looked_after' }, true, counters(1))).toHaveLength(1);
    expect(flagsFor({ socialWorker: 'child_protection', lookedAfter: 'none' }, true, counters(1))[0]!.summary).toContain('child protection plan');
    expect(flagsFor({ socialWorker: 'none', lookedAfter: 'previously_looked_after' }, true, counters(1))).toEqual([]);
  });
  it('3 school days with no contact; the 10th day; 20 continuous days of G/N/O', () => {
    expect(flagsFor(noSW, true, counters(2))).toEqual([]);
    expect(flagsFor(noSW, true, counters(3)).map((f) => f.kind)).toEqual(['no-contact-3-days']);
    expect(flagsFor(noSW, true, counters(9)).map((f) => f.kind)).toEqual(['no-contact-3-days']);
    expect(flagsFor(noSW, true, counters(10)).map((f) => f.kind)).toEqual(['no-contact-10-days']);
    expect(flagsFor(noSW, true, counters(20, 20)).map((f) => f.kind)).toEqual(['no-contact-10-days', 'missing-education-20-days']);
  });
  it('escalates when due, in school time, up to a senior leader and no further', () => {
    const due = new Date('2025-02-26T10:00:00Z');
    expect(escalatesNow(0, due, new Date('2025-02-26T09:59:00Z'), true)).toBe(false);
    expect(escalatesNow(0, due, new Date('2025-02-26T10:00:00Z'), true)).toBe(true);
    expect(escalatesNow(0, due, new Date('2025-02-26T18:00:00Z'), false)).toBe(false);
    expect(escalatesNow(2, due, new Date('2025-02-26T11:00:00Z'), true)).toBe(false);
  });
});
