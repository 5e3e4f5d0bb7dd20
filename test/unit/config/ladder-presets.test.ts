import { describe, expect, it } from 'vitest';
import { LADDER_PRESETS, ladderPreset } from '../../../src/config/ladder-presets.ts';
import { LadderError, parseLadder } from '../../../src/config/ladder.ts';
import type { AttendanceCode } from '../../../src/domain/codes.ts';
import { dayOf, isoOf } from '../../../src/domain/dates.ts';
import { evaluatePupil } from '../../../src/domain/evaluation.ts';
import { stepsDue } from '../../../src/domain/ladder.ts';
import { calendar2024, fill, register } from '../../support/registers.ts';

const cal = calendar2024();
const ADMITTED = '2025-01-06';
const AS_OF = '2025-02-14'; // end of Spring 1: 30 school days, 60 sessions since admission

/** A pupil admitted on 6 January, present except for the given sessions. */
function pupil(absences: Record<string, [AttendanceCode, AttendanceCode]>) {
  const marks = fill(cal, ADMITTED, AS_OF, '/', '\\', absences);
  return evaluatePupil(register(marks), cal, dayOf(AS_OF), { admitted: dayOf(ADMITTED) });
}

/** `n` absent sessions (code) in the first week, so only one week is broken. */
function absentSessions(n: number, code: AttendanceCode = 'I') {
  const days = ['2025-01-06', '2025-01-07', '2025-01-08', '2025-01-09', '2025-01-10'];
  const on: Record<string, [AttendanceCode, AttendanceCode]> = {};
  for (let i = 0; i < n; i++) {
    const d = days[Math.floor(i / 2)]!;
    on[d] = i % 2 === 0 ? [code, '\\'] : [code, code];
  }
  return on;
}

const keysDue = (ladder: string, e: ReturnType<typeof pupil>, done: string[] = [], ctx = {}) =>
  stepsDue(ladderPreset(ladder), e, new Set(done), ctx).map((d) => d.step.key);

describe('the five presets are valid ladders', () => {
  it.each(Object.keys(LADDER_PRESETS))('%s parses and has rungs', (key) => {
    expect(LADDER_PRESETS[key]!.rungs.length).toBeGreaterThan(2);
  });
  it('has exactly the five seed schools', () => {
    expect(Object.keys(LADDER_PRESETS).sort()).toEqual(['asterdale', 'clifford', 'graduated', 'one-in-a-million', 'woburn']);
  });
});

describe('One In A Million: the Rapid Response ladder', () => {
  it('100% attendance: nothing due', () => expect(keysDue('one-in-a-million', pupil({}))).toEqual([]));

  it('95.0% (below 96%): letter 1', () => {
    const e = pupil(absentSessions(3));
    expect(e.stats).toMatchObject({ possible: 60, present: 57 });
    expect(keysDue('one-in-a-million', e)).toEqual(['letter-1']);
  });

  it('96.7% but 2 broken weeks in the half term: letter 1', () => {
    const e = pupil({ '2025-01-07': ['I', '\\'], '2025-01-14': ['M', '\\'] });
    expect(keysDue('one-in-a-million', e)).toEqual(['letter-1']);
  });

  it('93.3% (below 94%): letter 2 and a phone call, after letter 1', () => {
    expect(keysDue('one-in-a-million', pupil(absentSessions(4)))).toEqual(['letter-1', 'letter-2', 'call-2']);
    expect(keysDue('one-in-a-million', pupil(absentSessions(4)), ['letter-1'])).toEqual(['letter-2', 'call-2']);
  });

  it('91.7% (below 92%): letter 3, compulsory meeting, support plan; home visit only with a safeguarding concern', () => {
    const e = pupil(absentSessions(5));
    const done = ['letter-1', 'letter-2', 'call-2'];
    expect(keysDue('one-in-a-million', e, done)).toEqual(['letter-3', 'meeting-compulsory', 'support-plan']);
    expect(keysDue('one-in-a-million', e, done, { safeguardingConcern: true })).toContain('home-visit');
  });

  it('exactly 90.0% is not below 90%; 88.3% starts Rapid Response', () => {
    expect(keysDue('one-in-a-million', pupil(absentSessions(6)))).not.toContain('warning-letter-1');
    expect(keysDue('one-in-a-million', pupil(absentSessions(7)))).toEqual(expect.arrayContaining(['warning-letter-1', 'attendance-contract']));
  });
});

describe('Asterdale: bands and the EWO', () => {
  it('puts pupils in its bands', () => {
    const bands = ladderPreset('asterdale').bands!;
    const bandAt = (n: number) => evaluatePupil(register(fill(cal, ADMITTED, AS_OF, '/', '\\', absentSessions(n))), cal, dayOf(AS_OF), { admitted: dayOf(ADMITTED) }, { bands }).band?.name;
    expect(bandAt(0)).toBe('Above 97%: good');
    expect(bandAt(2)).toBe('95.1-97%'); // 96.7%
    expect(bandAt(3)).toBe('93.1-95%: tracked carefully'); // exactly 95.0% is not above 95
    expect(bandAt(6)).toBe('75.1-90%: persistent absence'); // exactly 90.0%
  });

  it('95.0% is tracked; 93.3% is tracked only; 91.7% gets the concern letters', () => {
    expect(keysDue('asterdale', pupil(absentSessions(3)))).toEqual(['track-95']);
    expect(keysDue('asterdale', pupil(absentSessions(4)))).toEqual(['track-95']);
    expect(keysDue('asterdale', pupil(absentSessions(5)))).toEqual(['track-95', 'letter-concern-93', 'letter-no-authorising']);
  });

  it('exactly 90.0% is in the 75.1-90 band: the EWO may be contacted', () => {
    expect(keysDue('asterdale', pupil(absentSessions(6)))).toEqual(expect.arrayContaining(['letter-ewo-may', 'ewo-list']));
  });

  it('3 school days absent with no contact: a home visit request', () => {
    const e = pupil({ '2025-02-12': ['N', 'N'], '2025-02-13': ['N', 'N'], '2025-02-14': ['N', 'N'] });
    expect(keysDue('asterdale', e)).toContain('home-visit-3');
    const two = pupil({ '2025-02-13': ['N', 'N'], '2025-02-14': ['N', 'N'] });
    expect(keysDue('asterdale', two)).not.toContain('home-visit-3');
  });

  it('a pattern of Monday absences: the pattern letter', () => {
    const e = pupil({ '2025-01-13': ['O', 'O'], '2025-01-20': ['O', 'O'], '2025-01-27': ['O', '\\'] });
    expect(keysDue('asterdale', e)).toContain('letter-pattern');
  });
});

describe('Woburn: Central Bedfordshire model', () => {
  it('below 96%: letter and a meeting with the Headteacher', () => {
    expect(keysDue('woburn', pupil(absentSessions(3)))).toEqual(['letter-96', 'meeting-head']);
  });

  it('10th day with no contact: a children missing education referral', () => {
    const on: Record<string, [AttendanceCode, AttendanceCode]> = {};
    for (const d of ['2025-02-03', '2025-02-04', '2025-02-05', '2025-02-06', '2025-02-07', '2025-02-10', '2025-02-11', '2025-02-12', '2025-02-13', '2025-02-14']) on[d] = ['N', 'N'];
    expect(keysDue('woburn', pupil(on))).toContain('cme-referral');
  });

  it('15 school days of illness: tell the local authority', () => {
    const on: Record<string, [AttendanceCode, AttendanceCode]> = {};
    cal.schoolDays.filter((d) => d >= dayOf('2025-01-06') && d < dayOf('2025-01-27')).forEach((d) => { on[isoOf(d)] = ['I', 'I']; });
    expect(Object.keys(on)).toHaveLength(15);
    expect(keysDue('woburn', pupil(on))).toContain('la-illness-return');
  });

  it('the penalty threshold: a notice to improve first, then consider a penalty notice', () => {
    const due = keysDue('woburn', pupil(absentSessions(10, 'G')));
    expect(due.indexOf('notice-to-improve')).toBeLessThan(due.indexOf('penalty-request'));
  });
});

describe('the graduated response', () => {
  it('96.7%: teacher meeting, letter 1, telephone meeting 1', () => {
    expect(keysDue('graduated', pupil(absentSessions(2)))).toEqual(['teacher-meeting', 'letter-1', 'meeting-1-phone']);
  });
  it('91.7%: a notice to improve with its improvement period', () => {
    const due = stepsDue(ladderPreset('graduated'), pupil(absentSessions(5)), new Set());
    const nti = due.find((d) => d.step.kind === 'notice-to-improve');
    expect(nti?.step.improvementWeeks).toBe(4);
  });
  it('severe absence: notice to improve, action plan, LA referral', () => {
    expect(keysDue('graduated', pupil(absentSessions(10)), [])).not.toContain('la-referral-sa');
    const on: Record<string, [AttendanceCode, AttendanceCode]> = {};
    cal.schoolDays.filter((d) => d >= dayOf('2025-01-06') && d <= dayOf('2025-01-24')).forEach((d) => { on[isoOf(d)] = ['I', 'I']; });
    expect(keysDue('graduated', pupil(on))).toEqual(expect.arrayContaining(['notice-to-improve-sa', 'action-plan-sa', 'la-referral-sa']));
  });
});

describe('Clifford All Saints: monitor, formalise, enforce', () => {
  it('below 96% this half term: attendance team review', () => {
    const e = pupil({ '2025-02-10': ['I', 'I'], '2025-02-11': ['I', 'I'] });
    expect(keysDue('clifford', e)).toEqual(['attendance-team-review', 'attendance-discussion']);
  });
  it('the penalty threshold: pathway letter 3 with a fixed penalty notice', () => {
    expect(keysDue('clifford', pupil(absentSessions(10, 'O')))).toEqual(expect.arrayContaining(['pathway-letter-3', 'penalty-request', 'lasap']));
  });
});

describe('the ladder format refuses what it cannot carry out', () => {
  const base = ladderPreset('one-in-a-million');
  it('names the path of every problem', () => {
    const bad = {
      ...base,
      rungs: [
        { key: 'x', title: 'x', when: [{ kind: 'attendance-below', percent: 96.25 }], steps: [{ key: 'nti', kind: 'notice-to-improve', title: 'NTI', actor: 'headteacher', improvementWeeks: 8 }] },
        { key: 'y', title: 'y', when: [{ kind: 'full-moon' }], steps: [{ key: 'nti', kind: 'referral', title: 'r', actor: 'ewo' }] },
      ],
    };
    let message = '';
    try { parseLadder(bad, 'school demo'); } catch (err) { expect(err).toBeInstanceOf(LadderError); message = (err as Error).message; }
    expect(message).toContain('school demo.rungs[0].when[0].percent: at most one decimal place');
    expect(message).toContain('school demo.rungs[0].steps[0].improvementWeeks: a notice to improve gives 3 to 6 weeks');
    expect(message).toContain('school demo.rungs[1].when[0].kind');
    expect(message).toContain('school demo.rungs[1].steps[0].to: a referral says to whom');
  });
});
