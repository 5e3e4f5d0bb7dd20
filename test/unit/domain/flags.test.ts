import { describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/domain/dates.ts';
import { escalatesNow, flagProgress, flagsFor, minuteOf, schoolMinutesBetween } from '../../../src/domain/flags.ts';

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
  it('escalates after the policy\'s school minutes, in school time, up to a senior leader and no further', () => {
    const policy = { afterMinutes: 30 };
    expect(escalatesNow(0, 29, policy, true)).toBe(false);
    expect(escalatesNow(0, 30, policy, true)).toBe(true);
    expect(escalatesNow(0, 45, policy, false)).toBe(false);
    expect(escalatesNow(2, 90, policy, true)).toBe(false);
  });
});

describe('school minutes', () => {
  const hours = { from: '08:00', to: '17:00' };
  const mon = dayOf('2025-02-24');
  const schoolDays = new Set([mon, mon + 1, mon + 2, mon + 3, mon + 4]);
  const isSchoolDay = (d: number) => schoolDays.has(d);
  const at = (day: number, hhmm: string) => ({ day, minute: minuteOf(hhmm) });

  it('count only minutes of school hours on school days', () => {
    expect(schoolMinutesBetween(at(mon, '09:00'), at(mon, '09:30'), isSchoolDay, hours)).toBe(30);
    // raised at 16:50: 10 minutes that day, then from 08:00 the next school day
    expect(schoolMinutesBetween(at(mon, '16:50'), at(mon + 1, '08:05'), isSchoolDay, hours)).toBe(15);
    expect(schoolMinutesBetween(at(mon, '16:50'), at(mon + 1, '08:20'), isSchoolDay, hours)).toBe(30);
    // Friday 16:45 to Monday 08:15: a weekend in between counts nothing
    expect(schoolMinutesBetween(at(mon + 4, '16:45'), at(mon + 7, '08:15'), (d) => isSchoolDay(d) || d === mon + 7, hours)).toBe(30);
    // an evening counts nothing
    expect(schoolMinutesBetween(at(mon, '18:00'), at(mon, '23:00'), isSchoolDay, hours)).toBe(0);
    // a closure (not a school day) counts nothing
    expect(schoolMinutesBetween(at(mon + 5, '09:00'), at(mon + 5, '12:00'), isSchoolDay, hours)).toBe(0);
  });
});

describe('escalation waits in whole minutes, never early', () => {
  it('a wait starts at the next whole minute when the moment has seconds', async () => {
    const { waitStartsAt, schoolMinutesBetween } = await import('../../../src/domain/flags.ts');
    expect(waitStartsAt(new Date('2025-02-26T09:06:50.400Z')).toISOString()).toBe('2025-02-26T09:07:00.000Z');
    expect(waitStartsAt(new Date('2025-02-26T09:06:00.000Z')).toISOString()).toBe('2025-02-26T09:06:00.000Z');
    // raised 09:06:50: at 09:36:30 it has waited 29 whole minutes, at 09:37 thirty
    const day = 20_145;
    const start = { day, minute: 9 * 60 + 7 };
    const policy = { from: '08:00', to: '17:00' };
    expect(schoolMinutesBetween(start, { day, minute: 9 * 60 + 36 }, () => true, policy)).toBe(29);
    expect(schoolMinutesBetween(start, { day, minute: 9 * 60 + 37 }, () => true, policy)).toBe(30);
  });
});

describe('a flag follows the facts since it was raised', () => {
  const day = dayOf('2025-02-26');
  it('an unexplained absence: says so once the whole day has a reason; not while a session is still N', () => {
    expect(flagProgress('vulnerable-unexplained', day, { codesOnDay: ['N', 'N'] })).toBeUndefined();
    expect(flagProgress('vulnerable-unexplained', day, { codesOnDay: ['I', 'N'] })).toBeUndefined();
    expect(flagProgress('vulnerable-unexplained', day, { codesOnDay: ['I', 'I'] })).toBe('Since it was raised: a reason is now recorded for the day (I: illness (not medical or dental appointments)).');
    expect(flagProgress('vulnerable-unexplained', day, { codesOnDay: ['M', undefined] })).toMatch(/^Since it was raised: a reason is now recorded for the day \(M: /);
  });
  it('days without contact: says when a parent or carer was reached, on or after the flag\'s day (not before)', () => {
    expect(flagProgress('no-contact-3-days', day, { codesOnDay: ['N', 'N'], lastContact: day - 1 })).toBeUndefined();
    expect(flagProgress('no-contact-3-days', day, { codesOnDay: ['N', 'N'], lastContact: day })).toBe('Since it was raised: a parent or carer was reached on Wed 26 Feb.');
    expect(flagProgress('vulnerable-unexplained', day, { codesOnDay: ['I', 'I'], lastContact: day })).toContain('; a parent or carer was reached on Wed 26 Feb.');
    expect(flagProgress('missing-education-20-days', day, { codesOnDay: ['N', 'N'], lastContact: day })).toBeUndefined();
  });
});
