import { describe, expect, it } from 'vitest';
import { LADDER_PRESETS, ladderPreset } from '../../../src/config/ladder-presets.ts';
import { LadderError, parseLadder } from '../../../src/config/ladder.ts';
import type { AttendanceCode } from '../../../src/domain/codes.ts';
import { dayOf, isoOf } from '../../../src/domain/dates.ts';
import { evaluatePupil } from '../../../src/domain/evaluation.ts';
import { isEnforcement, type Ladder, positionOnLadder, rungsReached, type LadderContext } from '../../../src/domain/ladder.ts';
import type { PupilEvaluation } from '../../../src/domain/evaluation.ts';

/** What is due now with these steps recorded done today (the position's due). */
const stepsDue = (ladder: Ladder, e: PupilEvaluation, done: ReadonlySet<string>, ctx: LadderContext = {}) =>
  positionOnLadder(ladder, e, new Map([...done].map((key) => [key, { key, state: 'done' as const, day: 0 }])), ctx).due;
import { calendar2024, fill, register } from '../../support/registers.ts';

const cal = calendar2024();
const ADMITTED = '2025-01-06';
const AS_OF = '2025-02-14'; // end of Spring 1: 30 school days, 60 sessions since admission

/** A pupil admitted on 6 January, present except for the given sessions. */
function pupil(absences: Record<string, [AttendanceCode, AttendanceCode]>, asOf = AS_OF, admitted = ADMITTED, am: AttendanceCode = '/') {
  const marks = fill(cal, admitted, asOf, am, '\\', absences);
  return evaluatePupil(register(marks), cal, dayOf(asOf), { admitted: dayOf(admitted) });
}

/** Every school day from `from` to `to` marked with the code, both sessions. */
function days(from: string, to: string, code: AttendanceCode) {
  const on: Record<string, [AttendanceCode, AttendanceCode]> = {};
  cal.schoolDays.filter((d) => d >= dayOf(from) && d <= dayOf(to)).forEach((d) => { on[isoOf(d)] = [code, code]; });
  return on;
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

  it('93.3% (below 94%): letter 2 and a phone call, letter 1 now below the rung (history, not due)', () => {
    expect(keysDue('one-in-a-million', pupil(absentSessions(4)))).toEqual(['letter-2', 'call-2']);
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
    expect(keysDue('asterdale', pupil(absentSessions(5)))).toEqual(['letter-concern-93', 'letter-no-authorising']);
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

  it('the penalty threshold: consider a penalty notice (the policy states no notice to improve)', () => {
    const due = keysDue('woburn', pupil(absentSessions(10, 'G')));
    expect(due).toContain('penalty-request');
    expect(due).not.toContain('notice-to-improve');
  });

  it('"where punctuality is a concern": 30 late marks (L) in six weeks reach the letter, at 100% attendance', () => {
    const e = pupil({}, AS_OF, ADMITTED, 'L');
    expect(e.stats.present).toBe(e.stats.possible);
    expect(e.halfTermLateness.lateBeforeClose).toBe(30);
    expect(keysDue('woburn', e)).toEqual(['letter-96', 'meeting-head']);
    expect(keysDue('woburn', pupil({ '2025-01-06': ['L', '\\'], '2025-01-07': ['L', '\\'] }))).toEqual([]); // two late mornings: no concern yet
  });

  it('persistent absence that is all illness: a support plan, never a referral for legal sanctions', () => {
    expect(keysDue('woburn', pupil(days('2025-01-06', '2025-01-10', 'I')))).toEqual(expect.arrayContaining(['attendance-contract']));
    expect(keysDue('woburn', pupil(days('2025-01-06', '2025-01-10', 'I')))).not.toContain('la-referral');
    expect(keysDue('woburn', pupil(days('2025-01-06', '2025-01-10', 'O')))).toContain('la-referral');
  });
});

describe('the graduated response', () => {
  it('96.7%: teacher meeting, letter 1, telephone meeting 1', () => {
    expect(keysDue('graduated', pupil(absentSessions(2)))).toEqual(['teacher-meeting', 'letter-1', 'meeting-1-phone']);
  });
  it('91.7% all illness: the face to face meeting, but no notice to improve (it rests on unauthorised absence)', () => {
    const due = keysDue('graduated', pupil(absentSessions(5)));
    expect(due).toContain('meeting-3');
    expect(due).not.toContain('notice-to-improve');
  });
  it('below 93% with 10 sessions of holiday not granted: a notice to improve, its period the school\'s choice', () => {
    const due = stepsDue(ladderPreset('graduated'), pupil(absentSessions(10, 'G')), new Set());
    const nti = due.find((d) => d.step.kind === 'notice-to-improve');
    expect(nti?.step.key).toBe('notice-to-improve');
    expect(nti?.step.improvementWeeks).toBeGreaterThanOrEqual(3);
  });
  it('severe absence: an action plan; the notice to improve "with 20 days" and the LA referral only with unauthorised absence', () => {
    const illness = keysDue('graduated', pupil(days('2025-01-06', '2025-01-24', 'I')));
    expect(illness).toContain('action-plan-sa');
    expect(illness).not.toContain('notice-to-improve-sa');
    expect(illness).not.toContain('la-referral-sa');
    const truancy = stepsDue(ladderPreset('graduated'), pupil(days('2025-01-06', '2025-01-24', 'O')), new Set());
    expect(truancy.map((d) => d.step.key)).toEqual(expect.arrayContaining(['action-plan-sa', 'notice-to-improve-sa', 'la-referral-sa']));
    expect(truancy.find((d) => d.step.key === 'notice-to-improve-sa')!.step.improvementWeeks).toBe(4); // 20 school days
  });
});

describe('Clifford All Saints: monitor, formalise, enforce', () => {
  it('"below 96% at the end of each half term": reviewed on the half term\'s last school day, not before', () => {
    const absent = { '2025-02-10': ['I', 'I'], '2025-02-11': ['I', 'I'] } as Record<string, [AttendanceCode, AttendanceCode]>;
    expect(keysDue('clifford', pupil(absent, '2025-02-13'))).not.toContain('attendance-team-review');
    expect(keysDue('clifford', pupil(absent, '2025-02-14'))).toContain('attendance-team-review');
    // one session of illness on the first day of a half term is not a half term below 96%
    expect(keysDue('clifford', pupil({ '2025-02-24': ['I', '\\'] }, '2025-02-24', '2024-09-04'))).not.toContain('attendance-team-review');
  });

  it('"dips in attendance between monitoring points" below 96%: a school attendance discussion at the monitoring point', () => {
    const dip = days('2025-02-10', '2025-02-14', 'I'); // Spring 1 down to 83.3% after a full Autumn 2
    const before = pupil(dip, '2025-02-13', '2024-09-04');
    const at = pupil(dip, '2025-02-14', '2024-09-04');
    expect(at.previousHalfTermStats?.present).toBe(at.previousHalfTermStats?.possible);
    expect(keysDue('clifford', before)).not.toContain('attendance-discussion');
    expect(keysDue('clifford', at)).toContain('attendance-discussion');
    expect(keysDue('clifford', pupil({}, '2025-02-14', '2024-09-04'))).toEqual([]); // no dip, 100%
  });

  it('"families who are frequently late": lateness is followed up', () => {
    expect(keysDue('clifford', pupil({}, AS_OF, ADMITTED, 'L'))).toEqual(['lateness-support']);
  });
  it('the penalty threshold: pathway letter 3 with a fixed penalty notice', () => {
    expect(keysDue('clifford', pupil(absentSessions(10, 'O')))).toEqual(expect.arrayContaining(['pathway-letter-3', 'penalty-request', 'lasap']));
  });
});

describe('enforcement rests on unauthorised absence, in every preset', () => {
  // half of every session missed, all of it illness: severe absence, persistent absence, below every band
  const illness = () => {
    const on: Record<string, [AttendanceCode, AttendanceCode]> = {};
    cal.schoolDays.filter((d) => d >= dayOf(ADMITTED) && d <= dayOf(AS_OF)).forEach((d, i) => { if (i % 2 === 0) on[isoOf(d)] = ['I', 'I']; });
    return on;
  };
  it.each(Object.keys(LADDER_PRESETS))('%s: 50% absence, all illness, reaches no notice to improve, penalty notice or legal referral', (key) => {
    const e = pupil(illness());
    expect(e.status).toBe('severe');
    const enforcement = stepsDue(ladderPreset(key), e, new Set()).filter((d) => isEnforcement(d.step)).map((d) => d.step.key);
    expect(enforcement).toEqual([]);
  });

  it('the ladder format refuses an enforcement step that can be reached with no unauthorised absence, and says what to add', () => {
    const bad = { key: 'x', name: 'X', rungs: [{ key: 'r', title: 'R', when: [{ kind: 'attendance-below', percent: 90 }], steps: [{ key: 'nti', kind: 'notice-to-improve', title: 'NTI', actor: 'headteacher', improvementWeeks: 4 }] }] };
    expect(() => parseLadder(bad, 'school x')).toThrow(/school x\.rungs\[0\]\.steps\[0\]: "NTI" is enforcement, but the rung can be reached by "attendance below 90%" with no unauthorised absence at all: add to the rung "requires"/);
    const good = { ...bad, rungs: [{ ...bad.rungs[0]!, requires: [{ kind: 'unauthorised-sessions', atLeast: 6 }] }] };
    expect(parseLadder(good).rungs[0]!.requires).toEqual([{ kind: 'unauthorised-sessions', atLeast: 6 }]);
  });

  it('every rung of every preset carries the line of its policy', () => {
    for (const l of Object.values(LADDER_PRESETS)) for (const r of l.rungs) expect(r.policy, `${l.key}.${r.key}`).toMatch(/\w/);
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

describe('each rung of each preset: a near miss does not reach it', () => {
  /** `n` absent sessions with the code, spread one a day from 6 January (so no day is wholly absent before n > 30). */
  const absent = (n: number, code: AttendanceCode = 'I') => {
    const on: Record<string, [AttendanceCode, AttendanceCode]> = {};
    const schoolDays = cal.schoolDays.filter((d) => d >= dayOf(ADMITTED) && d <= dayOf(AS_OF));
    schoolDays.forEach((d, i) => {
      const am = i < n ? code : '/';
      const pm = i + schoolDays.length < n ? code : '\\';
      if (am !== '/' || pm !== '\\') on[isoOf(d)] = [am, pm];
    });
    return on;
  };
  const reached = (ladder: string, e: ReturnType<typeof pupil>) => rungsReached(ladderPreset(ladder), e).map((r) => r.rung.key);
  const noContact = (days: number) => {
    const on: Record<string, [AttendanceCode, AttendanceCode]> = {};
    cal.schoolDays.filter((d) => d <= dayOf(AS_OF)).slice(-days).forEach((d) => { on[isoOf(d)] = ['N', 'N']; });
    return on;
  };
  const lates = (n: number) => {
    const on: Record<string, [AttendanceCode, AttendanceCode]> = {};
    cal.schoolDays.filter((d) => d >= dayOf(ADMITTED) && d <= dayOf(AS_OF)).slice(0, n).forEach((d) => { on[isoOf(d)] = ['L', '\\']; });
    return on;
  };
  // [preset, rung, a near miss (must not reach), a case that reaches it]; 60 possible sessions
  const cases: [string, string, Record<string, [AttendanceCode, AttendanceCode]>, Record<string, [AttendanceCode, AttendanceCode]>][] = [
    ['asterdale', 'tracking-95', absent(2), absent(3)], // 96.7% / 95.0%
    ['asterdale', 'concern-93', absent(4), absent(5)], // 93.3% / 91.7%
    ['asterdale', 'persistent-90', absent(5), absent(6)], // 91.7% / 90.0%
    ['asterdale', 'danger-75', absent(14), absent(15)], // 76.7% / 75.0%
    ['asterdale', 'severe-50', absent(29), absent(30)],
    ['asterdale', 'no-contact-3', noContact(2), noContact(3)],
    ['asterdale', 'penalty', absent(9, 'O'), absent(10, 'O')],
    ['woburn', 'below-96', absent(2), absent(3)],
    ['woburn', 'below-96', lates(4), lates(5)],
    ['woburn', 'persistent', absent(5), absent(6)],
    ['woburn', 'legal-sanctions', absent(9, 'O'), absent(10, 'O')],
    ['woburn', 'no-contact-10', noContact(9), noContact(10)],
    ['woburn', 'penalty', absent(9, 'G'), absent(10, 'G')],
    ['graduated', 'at-risk-97', absent(1), absent(2)], // 98.3% / 96.7%
    ['graduated', 'lower-95', absent(3), absent(4)], // exactly 95% is not below
    ['graduated', 'continued-93', absent(4), absent(5)],
    ['graduated', 'continued-93-nti', absent(9, 'O'), absent(10, 'O')],
    ['graduated', 'persistent', absent(5), absent(6)],
    ['graduated', 'severe', absent(29), absent(30)],
    ['graduated', 'severe-enforcement', absent(30), absent(30, 'O')],
    ['clifford', 'monitor-96', absent(2), absent(3)],
    ['clifford', 'lateness', lates(4), lates(5)],
    ['clifford', 'formalise', absent(5), absent(6)],
    ['clifford', 'enforce', absent(30), absent(10, 'O')],
    ['one-in-a-million', 'letter-1', absent(2), absent(3)],
    ['one-in-a-million', 'letter-2', absent(3), absent(4)],
    ['one-in-a-million', 'letter-3', absent(4), absent(5)],
    ['one-in-a-million', 'rapid-response', absent(6), absent(7)], // exactly 90% is not below 90%
    ['one-in-a-million', 'lateness', lates(4), lates(5)],
    ['one-in-a-million', 'penalty', absent(9, 'U'), absent(10, 'U')],
  ];
  it.each(cases)('%s %s', (ladder, rung, nearMiss, reaches) => {
    expect(reached(ladder, pupil(nearMiss))).not.toContain(rung);
    expect(reached(ladder, pupil(reaches))).toContain(rung);
  });

  it('every rung of every preset is in the table above, or tested on its own (pattern, illness, dip)', () => {
    const covered = new Set([...cases.map(([l, r]) => `${l}.${r}`), 'asterdale.pattern', 'woburn.illness-15', 'clifford.listen']);
    for (const l of Object.values(LADDER_PRESETS)) for (const r of l.rungs) expect(covered.has(`${l.key}.${r.key}`), `${l.key}.${r.key}`).toBe(true);
  });
});
