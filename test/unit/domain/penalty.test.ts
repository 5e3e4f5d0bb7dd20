import { penaltyCodeProblem } from '../../../src/domain/penalty.ts';
import { describe, expect, it } from 'vitest';
import { SchoolCalendar } from '../../../src/domain/calendar.ts';
import type { AttendanceCode } from '../../../src/domain/codes.ts';
import { dayOf, isoOf, slotOf } from '../../../src/domain/dates.ts';
import {
  NATIONAL_PENALTY_RULES,
  countPenaltySessions,
  penaltyWindow,
  unresolvedNotYetEstablished,
} from '../../../src/domain/penalty.ts';
import type { Mark } from '../../../src/domain/register.ts';
import { both, calendar2024, fill, register, twoYears } from '../../support/registers.ts';

const cal = calendar2024();
const weeksOf = (asOf: string, c: SchoolCalendar = cal) => penaltyWindow(c, dayOf(asOf)).weeks.map(isoOf);

/** Present every day of the year, with the given days overridden. */
const year = (on: Record<string, [AttendanceCode, AttendanceCode]>, c: SchoolCalendar = cal, from = '2024-09-01', to = '2025-07-31'): Mark[] =>
  fill(c, from, to, '/', '\\', on);

describe('National Framework window: 10 school weeks, trailing', () => {
  it('skips the February half-term week and the Christmas holiday', () => {
    const w = penaltyWindow(cal, dayOf('2025-02-26'));
    expect(w.weeks.map(isoOf)).toEqual([
      '2024-12-02', '2024-12-09', '2024-12-16',
      '2025-01-06', '2025-01-13', '2025-01-20', '2025-01-27', '2025-02-03', '2025-02-10',
      '2025-02-24',
    ]);
    expect(isoOf(w.start!)).toBe('2024-12-02');
    expect(isoOf(w.end!)).toBe('2025-02-26');
  });

  it('on a weekend ends on the Friday before', () => {
    const w = penaltyWindow(cal, dayOf('2025-03-01'));
    expect(isoOf(w.end!)).toBe('2025-02-28');
    expect(w.weeks.length).toBe(10);
  });

  it('in a holiday ends on the last school day before it', () => {
    const w = penaltyWindow(cal, dayOf('2025-02-19'));
    expect(isoOf(w.end!)).toBe('2025-02-14');
    expect(w.weeks.at(-1)).toBe(dayOf('2025-02-10'));
    expect(w.weeks[0]).toBe(dayOf('2024-11-25'));
  });

  it('counts the INSET week as a school week (one school day is enough)', () => {
    expect(weeksOf('2024-11-08')).toEqual([
      '2024-09-02', '2024-09-09', '2024-09-16', '2024-09-23', '2024-09-30',
      '2024-10-07', '2024-10-14', '2024-10-21', '2024-11-04',
    ]); // fewer than 10 school weeks exist yet
  });

  it('spans two academic years and the summer holiday', () => {
    const c = twoYears();
    expect(weeksOf('2025-09-10', c)).toEqual([
      '2025-06-02', '2025-06-09', '2025-06-16', '2025-06-23', '2025-06-30', '2025-07-07', '2025-07-14', '2025-07-21',
      '2025-09-01', '2025-09-08',
    ]);
  });

  it('has no window before the first school day', () => {
    expect(penaltyWindow(cal, dayOf('2024-08-31'))).toEqual({ weeks: [], start: null, end: null });
  });
});

describe('National Framework count: G, O, U in the window', () => {
  const asOf = dayOf('2025-02-26');
  const window = penaltyWindow(cal, asOf);

  it('exactly 10 sessions meets the threshold; 9 does not', () => {
    const ten = register(year({
      '2025-01-06': ['G', 'G'], '2025-01-07': ['G', 'G'], '2025-01-08': ['O', 'O'],
      '2025-02-03': ['U', '\\'], '2025-02-04': ['U', '\\'], '2025-02-25': ['O', 'O'],
    }));
    expect(countPenaltySessions(ten, window)).toMatchObject({ sessions: 10, thresholdMet: true });
    const nine = register(year({
      '2025-01-06': ['G', 'G'], '2025-01-07': ['G', 'G'], '2025-01-08': ['O', 'O'],
      '2025-02-03': ['U', '\\'], '2025-02-04': ['/', '\\'], '2025-02-25': ['O', 'O'],
    }));
    expect(countPenaltySessions(nine, window)).toMatchObject({ sessions: 9, thresholdMet: false });
  });

  it('does not count N (reason not yet established) by default, nor authorised absence', () => {
    const r = register(year({
      '2025-01-06': ['N', 'N'], '2025-01-07': ['N', 'N'], '2025-01-08': ['N', 'N'],
      '2025-01-09': ['N', 'N'], '2025-01-10': ['N', 'N'], '2025-01-13': ['I', 'I'], '2025-01-14': ['M', 'C'],
    }));
    expect(countPenaltySessions(r, window).sessions).toBe(0);
    const withN = { ...NATIONAL_PENALTY_RULES, countedCodes: ['G', 'N', 'O', 'U'] as const };
    expect(countPenaltySessions(r, window, withN)).toMatchObject({ sessions: 10, thresholdMet: true });
  });

  it('ignores sessions before the window and after the as-of date', () => {
    const r = register(year({
      '2024-11-29': ['G', 'G'], // the week before the window
      '2025-02-27': ['G', 'G'], // after as-of
      '2025-02-26': ['G', '\\'], // as-of itself counts
      '2024-12-02': ['O', '\\'], // first day of the window
    }));
    const c = countPenaltySessions(r, window);
    expect(c.sessions).toBe(2);
    expect(c.slots).toEqual([slotOf(dayOf('2024-12-02'), 'AM'), slotOf(dayOf('2025-02-26'), 'AM')]);
  });

  it('spans the Christmas break', () => {
    const r = register(year({
      '2024-12-18': ['G', 'G'], '2024-12-19': ['G', 'G'], '2024-12-20': ['G', 'G'],
      '2025-01-06': ['G', 'G'], '2025-01-07': ['G', 'G'],
    }));
    expect(countPenaltySessions(r, penaltyWindow(cal, dayOf('2025-01-08')))).toMatchObject({ sessions: 10, thresholdMet: true });
  });

  it('spans two academic years', () => {
    const c = twoYears();
    const marks = [
      ...fill(c, '2025-07-14', '2025-07-22', '/', '\\', { '2025-07-21': ['G', 'G'], '2025-07-22': ['G', 'G'] }),
      ...fill(c, '2025-09-03', '2025-09-12', '/', '\\', {
        '2025-09-03': ['G', 'G'], '2025-09-04': ['O', 'O'], '2025-09-05': ['U', 'U'],
      }),
    ];
    expect(countPenaltySessions(register(marks), penaltyWindow(c, dayOf('2025-09-12')))).toMatchObject({ sessions: 10, thresholdMet: true });
  });

  it('leaves out sessions already linked to an earlier notice', () => {
    const r = register(year({
      '2025-01-06': ['G', 'G'], '2025-01-07': ['G', 'G'], '2025-01-08': ['G', 'G'],
      '2025-01-09': ['G', 'G'], '2025-01-10': ['G', 'G'],
    }));
    const linked = new Set([slotOf(dayOf('2025-01-06'), 'AM'), slotOf(dayOf('2025-01-06'), 'PM')]);
    expect(countPenaltySessions(r, window, NATIONAL_PENALTY_RULES, linked)).toMatchObject({ sessions: 8, thresholdMet: false });
  });
});

describe('N older than 5 school days is unresolved', () => {
  it('flags N on the 6th school day after it, not the 5th; half term does not count', () => {
    const r = register([...both('2025-02-10', 'N', '\\'), ...both('2025-02-11', '/', '\\')]);
    // school days after 10 Feb: 11, 12, 13, 14 (then half term), 24, 25 ...
    expect(unresolvedNotYetEstablished(r, cal, dayOf('2025-02-24'))).toEqual([]);
    expect(unresolvedNotYetEstablished(r, cal, dayOf('2025-02-25'))).toEqual([slotOf(dayOf('2025-02-10'), 'AM')]);
  });
});

describe('penalty notice amounts and the three-year rule, per parent', () => {
  const d = dayOf;
  it('first £160 (£80 within 21 days), second £160 no reduction, no third within three years of the first', async () => {
    const { nextNoticeToParent } = await import('../../../src/domain/penalty.ts');
    expect(nextNoticeToParent([], d('2025-02-26'))).toMatchObject({ allowed: true, sequence: 1, amountPence: 16000, explanation: expect.stringContaining('£80 if paid within 21 days') });
    expect(nextNoticeToParent([d('2024-03-01')], d('2025-02-26'))).toMatchObject({ allowed: true, sequence: 2, amountPence: 16000, explanation: expect.stringContaining('no reduction') });
    expect(nextNoticeToParent([d('2024-03-01'), d('2025-01-10')], d('2025-02-26'))).toMatchObject({ allowed: false, explanation: expect.stringContaining('prosecution'), until: d('2027-03-01') });
  });

  it('the three years run from the first notice, not back from today', async () => {
    const { nextNoticeToParent } = await import('../../../src/domain/penalty.ts');
    // first 1 Mar 2022, second 1 Feb 2025: a third on 1 Mar 2025 is a first of a new period
    // (counting back from today would find two notices and refuse it)
    expect(nextNoticeToParent([d('2022-03-01'), d('2025-02-01')], d('2025-03-01'))).toMatchObject({ allowed: true, sequence: 1 });
    // ... and one day earlier it is still the first period's third: refused
    expect(nextNoticeToParent([d('2022-03-01'), d('2025-02-01')], d('2025-02-28'))).toMatchObject({ allowed: false });
    // a notice more than three years after the first starts a new period of its own
    expect(nextNoticeToParent([d('2020-01-10'), d('2024-05-01')], d('2025-02-26'))).toMatchObject({ allowed: true, sequence: 2 });
  });

  it('each parent is counted on their own; a parent is one with parental responsibility or care of the child', async () => {
    const { nextNoticesByParent } = await import('../../../src/domain/penalty.ts');
    const parents = [{ id: 1, parentalResponsibility: true }, { id: 2, parentalResponsibility: true }, { id: 3, parentalResponsibility: false }, { id: 4, parentalResponsibility: false, care: true }];
    const next = nextNoticesByParent(parents, [{ id: 7, contactId: 1, status: 'issued', requestedOn: d('2025-01-03'), issuedOn: d('2025-01-10') }], d('2025-02-26'));
    expect(next.map((p) => [p.contact.id, p.next.allowed && p.next.sequence])).toEqual([[1, 2], [2, 1], [4, 1]]);
  });

  it('the three-year rule runs on notices the LA issued, from the day it issued them: a refused or withdrawn request is none; a pending one allows no other', async () => {
    const { nextNoticesByParent } = await import('../../../src/domain/penalty.ts');
    const kim = [{ id: 1, parentalResponsibility: true }];
    const notice = (status: 'requested' | 'issued' | 'paid' | 'withdrawn' | 'refused' | 'prosecution', issuedOn?: string) =>
      ({ id: 9, contactId: 1, status, requestedOn: d('2022-02-01'), ...(issuedOn ? { issuedOn: d(issuedOn) } : {}) });
    const next = (n: ReturnType<typeof notice>[], on = '2025-02-26') => nextNoticesByParent(kim, n, d(on))[0]!.next;
    expect(next([notice('refused')])).toMatchObject({ allowed: true, sequence: 1 });
    expect(next([notice('withdrawn')])).toMatchObject({ allowed: true, sequence: 1 });
    expect(next([notice('requested')])).toMatchObject({ allowed: false, explanation: expect.stringContaining('awaits the local authority\'s decision') });
    // requested more than three years before, issued within them: the issue date counts
    expect(next([notice('issued', '2022-03-01')])).toMatchObject({ allowed: true, sequence: 2 });
    expect(next([notice('paid', '2022-03-01')], '2025-03-01')).toMatchObject({ allowed: true, sequence: 1 });
    expect(next([notice('prosecution', '2022-03-01')])).toMatchObject({ allowed: true, sequence: 2 });
  });

  it('marks linked to a notice count again for a parent who was not its subject: only marks linked for every parent are left out', async () => {
    const { linkedForEveryParent } = await import('../../../src/domain/penalty.ts');
    const byParent = new Map([[1, new Set([10, 11, 12])], [2, new Set([11, 12])], [0, new Set([40])]]);
    expect([...linkedForEveryParent(byParent, [1, 2])].sort()).toEqual([11, 12, 40]);
    expect([...linkedForEveryParent(byParent, [1, 2, 3])].sort()).toEqual([40]);
    expect([...linkedForEveryParent(byParent, [])].sort()).toEqual([10, 11, 12, 40]);
  });

  it('what may follow each status', async () => {
    const { NOTICE_NEXT } = await import('../../../src/domain/penalty.ts');
    expect(NOTICE_NEXT.requested).toEqual(['issued', 'refused', 'withdrawn']);
    expect(NOTICE_NEXT.issued).toEqual(['paid', 'withdrawn', 'prosecution']);
    expect(NOTICE_NEXT.paid).toEqual([]);
  });
});

describe('a school\'s counted codes', () => {
  it('are unauthorised codes only; anything else is refused with the code named', () => {
    expect(penaltyCodeProblem(['G', 'O', 'U'])).toBeUndefined();
    expect(penaltyCodeProblem(['G', 'N', 'O', 'U'])).toBeUndefined();
    expect(penaltyCodeProblem(['G', 'I'])).toBe('"I" is not an unauthorised absence code: only G, N, O and U count towards a penalty notice');
    expect(penaltyCodeProblem(['G', 'QQ'])).toBe('"QQ" is not a DfE 2024 attendance code');
    expect(penaltyCodeProblem([])).toContain('at least one code');
  });
});
