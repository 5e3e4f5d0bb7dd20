import { describe, expect, it } from 'vitest';
import { canAmendRegister, canSeePupil, canSeeSafeguarding, scopeOf } from '../../../src/domain/access.ts';
import { REASONS } from '../../../src/domain/reasons.ts';

const y9a = { yearGroup: 9, regGroup: '9A' };
const y7b = { yearGroup: 7, regGroup: '7B' };

describe('role-based access', () => {
  it('a head of year sees their years only', () => {
    const hoy = [{ role: 'head_of_year' as const, yearGroup: 9 }];
    expect(canSeePupil(hoy, y9a)).toBe(true);
    expect(canSeePupil(hoy, y7b)).toBe(false);
    expect(scopeOf(hoy)).toEqual({ whole: false, years: [9], forms: [] });
  });
  it('a form tutor sees their form only', () => {
    const tutor = [{ role: 'form_tutor' as const, regGroup: '7B' }];
    expect(canSeePupil(tutor, y7b)).toBe(true);
    expect(canSeePupil(tutor, { yearGroup: 7, regGroup: '7A' })).toBe(false);
  });
  it.each(['attendance_officer', 'senior_leader', 'dsl', 'deputy_dsl'] as const)('%s sees the whole school', (role) => {
    expect(canSeePupil([{ role }], y7b)).toBe(true);
    expect(scopeOf([{ role }])).toEqual({ whole: true });
  });
  it('safeguarding details: DSL and deputies only', () => {
    expect(canSeeSafeguarding([{ role: 'dsl' }])).toBe(true);
    expect(canSeeSafeguarding([{ role: 'deputy_dsl' }])).toBe(true);
    expect(canSeeSafeguarding([{ role: 'attendance_officer' }, { role: 'senior_leader' }])).toBe(false);
  });
  it('no roles: nothing at all', () => {
    expect(canSeePupil([], y9a)).toBe(false);
    expect(canSeeSafeguarding([])).toBe(false);
  });
  it('register amendments: attendance officers and senior leaders', () => {
    expect(canAmendRegister([{ role: 'attendance_officer' }])).toBe(true);
    expect(canAmendRegister([{ role: 'head_of_year', yearGroup: 9 }])).toBe(false);
  });
  it('each reason suggests an authorised or unauthorised code as the guidance says', () => {
    expect(REASONS.illness.code).toBe('I');
    expect(REASONS.holiday.code).toBe('G');
    expect(REASONS.late.code).toBe('U');
  });
});
