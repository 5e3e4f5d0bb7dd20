import { describe, expect, it } from 'vitest';
import { LADDER_PRESETS, ladderPreset } from '../../../src/config/ladder-presets.ts';
import { LadderError, parseLadder } from '../../../src/config/ladder.ts';
import type { AttendanceCode } from '../../../src/domain/codes.ts';
import { type DayNumber, dayOf, isoOf } from '../../../src/domain/dates.ts';
import { evaluatePupil, type PupilEvaluation } from '../../../src/domain/evaluation.ts';
import { isEnforcement, type Ladder, type LadderPosition, positionOnLadder, recordStillCounts, rungsReached, type StepRecord, triggerHolds } from '../../../src/domain/ladder.ts';
import { calendar2024, fill, register } from '../../support/registers.ts';

const cal = calendar2024();
const ADMITTED = '2025-01-06';
const AS_OF = '2025-02-14'; // end of Spring 1: 30 school days, 60 sessions since admission

type Marks = Record<string, [AttendanceCode, AttendanceCode]>;

/** A pupil admitted on `admitted`, present except for the given sessions, evaluated on `asOf` (and on any earlier day). */
function scenario(absences: Marks, asOf = AS_OF, admitted = ADMITTED, am: AttendanceCode = '/') {
  const reg = register(fill(cal, admitted, asOf, am, '\\', absences));
  const on = (d: DayNumber) => evaluatePupil(reg, cal, d, { admitted: dayOf(admitted) });
  return { e: on(dayOf(asOf)), on, today: dayOf(asOf) };
}
type Scenario = ReturnType<typeof scenario>;
const pupil = (absences: Marks, asOf = AS_OF, admitted = ADMITTED, am: AttendanceCode = '/') => scenario(absences, asOf, admitted, am).e;

/** Steps recorded: a list of keys (done before the pupil was admitted: any absence since counts) or key → the ISO day done. */
type Done = readonly string[] | Readonly<Record<string, string>>;
const BEFORE = dayOf(ADMITTED) - 3;
function records(done: Done): Map<string, StepRecord> {
  const entries = Array.isArray(done) ? done.map((k) => [k, BEFORE] as const) : Object.entries(done).map(([k, d]) => [k, dayOf(d)] as const);
  return new Map(entries.map(([key, day]) => [key, { key, state: 'done' as const, day }]));
}
function positionOf(ladder: string | Ladder, s: Scenario, done: Done = [], safeguardingConcern = false): LadderPosition {
  const l = typeof ladder === 'string' ? ladderPreset(ladder) : ladder;
  return positionOnLadder(l, s.e, records(done), { today: s.today, schoolDayAfter: (d, n) => cal.schoolDayAfter(d, n), evaluationOn: s.on, safeguardingConcern });
}
const keysDue = (ladder: string, s: Scenario, done: Done = [], concern = false) => positionOf(ladder, s, done, concern).due.map((d) => d.step.key);
const next = (ladder: string, s: Scenario, done: Done = []) => positionOf(ladder, s, done).next?.step.key;

/** `n` absent sessions (code) in the first week, so only one week is broken. */
function absentSessions(n: number, code: AttendanceCode = 'I'): Marks {
  const days = ['2025-01-06', '2025-01-07', '2025-01-08', '2025-01-09', '2025-01-10'];
  const on: Marks = {};
  for (let i = 0; i < n; i++) {
    const d = days[Math.floor(i / 2)]!;
    on[d] = i % 2 === 0 ? [code, '\\'] : [code, code];
  }
  return on;
}

/** Every school day from `from` to `to` marked with the code, both sessions. */
function days(from: string, to: string, code: AttendanceCode): Marks {
  const on: Marks = {};
  cal.schoolDays.filter((d) => d >= dayOf(from) && d <= dayOf(to)).forEach((d) => { on[isoOf(d)] = [code, code]; });
  return on;
}

/**
 * Walks the ladder as an officer would, one step a day: records the next step due on each school
 * day (one new absence each morning before it, so "further absence" holds) and returns the order.
 */
function walk(ladder: string, start: Marks, from = '2025-02-03', max = 20): string[] {
  const order: string[] = [];
  const done: Record<string, string> = {};
  let marks = { ...start };
  let d = dayOf(from);
  for (let i = 0; i < max; i++) {
    marks = { ...marks, [isoOf(d)]: ['O', '\\'] };
    const s = scenario(marks, isoOf(d));
    const pos = positionOf(ladder, s, done);
    const n = pos.next?.step.key;
    if (!n) break;
    expect(pos.due.filter((x) => x.rung.when.every((t) => t.kind !== 'days-without-contact' && t.kind !== 'illness-days'))[0]?.step.key, `${ladder} on ${isoOf(d)}`).toBe(n);
    order.push(n);
    done[n] = isoOf(d);
    d = cal.schoolDayAfter(d, 1)!;
  }
  return order;
}

describe('the five presets are valid ladders', () => {
  it.each(Object.keys(LADDER_PRESETS))('%s parses and has rungs', (key) => {
    expect(LADDER_PRESETS[key]!.rungs.length).toBeGreaterThan(2);
  });
  it('has exactly the five seed schools', () => {
    expect(Object.keys(LADDER_PRESETS).sort()).toEqual(['asterdale', 'clifford', 'graduated', 'one-in-a-million', 'woburn']);
  });
  it('every rung of every preset carries the line of its policy, and every setting says why', () => {
    for (const l of Object.values(LADDER_PRESETS)) {
      for (const r of l.rungs) expect(r.policy, `${l.key}.${r.key}`).toMatch(/\w/);
      for (const s of l.settings ?? []) expect(s.why, `${l.key} ${s.name}`).toMatch(/policy gives no|no period|no number|no size/);
    }
  });
});

describe('a ladder is its policy\'s sequence: one step at a time, in the policy\'s order', () => {
  it('Woburn: a pupil in persistent absence in the first fortnight is written to first; the meeting, the plan and signposting follow, each once absence continues', () => {
    const pa = scenario(days('2025-01-06', '2025-01-08', 'I'), '2025-01-17'); // 3 days of 10: 70%
    expect(pa.e.status).toBe('persistent');
    expect(keysDue('woburn', pa)).toEqual(['letter-96']);
    expect(next('woburn', pa, { 'letter-96': '2025-01-17' })).toBeUndefined(); // no further absence since the letter
    expect(walk('woburn', days('2025-01-06', '2025-01-08', 'I'))).toEqual(['letter-96', 'meeting-head', 'support-plan', 'signposting']);
  });

  it('One In A Million: letter 1, letter 2, the call, letter 3, the meeting, the plan, the warning letter, the contract, each after further absence', () => {
    expect(walk('one-in-a-million', days('2025-01-06', '2025-01-10', 'I'))).toEqual([
      'letter-1', 'letter-2', 'call-2', 'letter-3', 'meeting-compulsory', 'support-plan', 'warning-letter-1', 'attendance-contract',
    ]);
  });

  it('One In A Million: the 3-week review comes due 15 school days after the contract, shown as coming up until then', () => {
    const s = scenario(days('2025-01-06', '2025-01-10', 'I'), '2025-02-03');
    const done = { 'letter-1': '2025-01-13', 'letter-2': '2025-01-14', 'call-2': '2025-01-15', 'letter-3': '2025-01-16', 'meeting-compulsory': '2025-01-17', 'support-plan': '2025-01-20', 'warning-letter-1': '2025-01-21', 'attendance-contract': '2025-01-22' };
    const pos = positionOf('one-in-a-million', s, done);
    expect(pos.due).toEqual([]);
    expect(pos.upcoming.map((u) => [u.step.key, isoOf(u.dueFrom)])).toEqual([['rapid-response-review', '2025-02-12']]);
    expect(keysDue('one-in-a-million', scenario(days('2025-01-06', '2025-01-10', 'I'), '2025-02-12'), done)).toEqual(['rapid-response-review']);
  });

  it('Clifford: a persistently absent pupil with a week of G gets one step, not seven: the Early Help offer first', () => {
    const s = scenario(days('2025-01-06', '2025-01-10', 'G'), '2025-01-17');
    expect(s.e.penalty.thresholdMet).toBe(true);
    const pos = positionOf('clifford', s);
    expect(pos.due.map((d) => d.step.key)).toEqual(['early-help']);
    expect(walk('clifford', days('2025-01-06', '2025-01-10', 'G'), '2025-01-20', 9).slice(0, 8)).toEqual([
      'early-help', 'parenting-contract', 'pathway-letter-1', 'pathway-letter-2', 'la-attendance-team', 'weekly-review', 'pathway-letter-3', 'penalty-request',
    ]);
  });

  it('the graduated response: the teacher meeting, letter 1, meeting 1 by telephone; letter 2 only after a week with no improvement', () => {
    const s = scenario(days('2025-01-06', '2025-01-10', 'I'), '2025-01-20');
    expect(keysDue('graduated', s)).toEqual(['teacher-meeting']);
    const done = { 'teacher-meeting': '2025-01-13', 'letter-1': '2025-01-14', 'meeting-1-phone': '2025-01-15' };
    const stillOff = days('2025-01-06', '2025-01-22', 'I');
    expect(keysDue('graduated', scenario(stillOff, '2025-01-21'), done)).toEqual([]); // 4 school days on
    expect(keysDue('graduated', scenario(stillOff, '2025-01-22'), done)).toEqual(['letter-2']); // a week on, no better
    expect(keysDue('graduated', scenario(days('2025-01-06', '2025-01-10', 'I'), '2025-01-22'), done)).toEqual([]); // in every day since: improved
  });

  it('the graduated response: one notice to improve at a time, the second ("20 days") only after the first\'s period with no improvement', () => {
    const truant = days('2025-01-06', '2025-01-24', 'O');
    const s = scenario(truant);
    const before = ['teacher-meeting', 'letter-1', 'meeting-1-phone', 'letter-2', 'meeting-2', 'support-plan', 'meeting-3', 'external-agencies', 'early-help', 'home-visit-pa', 'action-plan-sa'];
    const due = positionOf('graduated', s, before).due.map((d) => d.step.key);
    expect(due.filter((k) => k.startsWith('notice-to-improve'))).toEqual(['notice-to-improve']);
    expect(keysDue('graduated', s, { ...Object.fromEntries(before.map((k) => [k, '2025-01-06'])), 'notice-to-improve': AS_OF })).not.toContain('notice-to-improve-sa'); // the first's 15 school days not over
    const later = scenario({ ...truant, ...days('2025-01-27', '2025-02-14', 'O') });
    expect(keysDue('graduated', later, { ...Object.fromEntries(before.map((k) => [k, '2025-01-06'])), 'notice-to-improve': '2025-01-24' })).toContain('notice-to-improve-sa');
  });

  it('Asterdale: the 93-95 letter, then the 90-93 letter, then the EWO letters, then the below-75 letter and the meeting, in order as the pupil falls', () => {
    expect(walk('asterdale', days('2025-01-06', '2025-01-10', 'O'), '2025-02-03', 6)).toEqual(['letter-concern-95', 'letter-concern-93', 'letter-ewo-may', 'ewo-list', 'letter-danger-sa', 'meeting-75']);
  });

  it('a call recorded as the step ticks it off; a step recorded as not needed lets the next come due', () => {
    const s = scenario(absentSessions(4), '2025-01-20');
    const notNeeded = new Map([['letter-1', { key: 'letter-1', state: 'not-needed' as const, day: dayOf('2025-01-13'), note: 'spoke in person' }]]);
    const pos = positionOnLadder(ladderPreset('one-in-a-million'), s.e, notNeeded, { today: s.today, schoolDayAfter: (d, n) => cal.schoolDayAfter(d, n), evaluationOn: s.on });
    expect(pos.next?.step.key).toBeUndefined(); // no further absence since 13 Jan
    expect(positionOf('one-in-a-million', s, ['letter-1']).next?.step.key).toBe('letter-2');
  });
});

describe('enforcement only at the National Framework threshold, after support', () => {
  const everyStepBefore = (ladder: string) => ladderPreset(ladder).rungs.flatMap((r) => r.steps).filter((st) => !isEnforcement(st)).map((st) => st.key);

  it.each(Object.keys(LADDER_PRESETS))('%s: 10 O sessions in the autumn and none since: no enforcement step due in March, every other step recorded', (key) => {
    const s = scenario(days('2024-10-07', '2024-10-11', 'O'), '2025-03-14', '2024-09-04');
    expect(s.e.unauthorisedSessions.year).toBe(10);
    expect(s.e.penalty.thresholdMet).toBe(false);
    expect(positionOf(key, s, everyStepBefore(key)).due.filter((d) => isEnforcement(d.step))).toEqual([]);
  });

  it.each(Object.keys(LADDER_PRESETS))('%s: 50% absence, all illness, reaches no enforcement step', (key) => {
    const on: Marks = {};
    cal.schoolDays.filter((d) => d >= dayOf(ADMITTED) && d <= dayOf(AS_OF)).forEach((d, i) => { if (i % 2 === 0) on[isoOf(d)] = ['I', 'I']; });
    const s = scenario(on);
    expect(s.e.status).toBe('severe');
    expect(positionOf(key, s, everyStepBefore(key)).due.filter((d) => isEnforcement(d.step))).toEqual([]);
  });

  it('at the threshold, enforcement waits for the support the Framework expects first (recorded done or not needed)', () => {
    const s = scenario(absentSessions(10, 'G'));
    const pos = positionOf('one-in-a-million', s);
    expect(pos.due.map((d) => d.step.key)).not.toContain('penalty-request');
    expect(pos.steps.find((st) => st.step.key === 'penalty-request')).toMatchObject({ status: 'after-others', waitingFor: ['support-plan'] });
    expect(keysDue('one-in-a-million', s, ['support-plan'])).toContain('penalty-request');
  });

  it('Woburn: legal sanctions only if attendance deteriorated in the 20 school days after the support, at the threshold', () => {
    const done = { 'letter-96': '2025-01-13', 'meeting-head': '2025-01-14', 'support-plan': '2025-01-15', signposting: '2025-01-16' };
    const marks = { ...absentSessions(2), ...days('2025-02-03', '2025-02-07', 'O') };
    const worse = scenario(marks);
    expect(worse.e.penalty.thresholdMet).toBe(true);
    expect(keysDue('woburn', worse, done)).toEqual(['la-legal-referral']);
    expect(keysDue('woburn', scenario(marks, '2025-02-12'), done)).toEqual([]); // 19 school days on
    expect(keysDue('woburn', worse, { ...done, signposting: '2025-01-06' })).toEqual([]); // 75% then, 80% now: better, not deteriorated
  });

  it('the ladder format refuses an enforcement step not gated by the threshold, or with no support before it, naming the path', () => {
    const bad = { key: 'x', name: 'X', rungs: [{ key: 'r', title: 'R', when: [{ kind: 'attendance-below', percent: 90 }], requires: [{ kind: 'unauthorised-sessions', atLeast: 10 }], steps: [{ key: 'nti', kind: 'notice-to-improve', title: 'NTI', actor: 'headteacher', improvementSchoolDays: 20 }] }] };
    let message = '';
    try { parseLadder(bad, 'school x'); } catch (err) { message = (err as Error).message; }
    expect(message).toMatch(/school x\.rungs\[0\]\.steps\[0\]: "NTI" is enforcement, but the rung can be reached without the National Framework threshold/);
    expect(message).toMatch(/school x\.rungs\[0\]\.steps\[0\]\.after: "NTI" is enforcement: the National Framework expects support first/);
    const good = { key: 'x', name: 'X', rungs: [
      { key: 'a', title: 'A', when: [{ kind: 'attendance-below', percent: 90 }], steps: [{ key: 'plan', kind: 'support-plan', title: 'Plan', actor: 'headteacher' }] },
      { key: 'r', title: 'R', when: [{ kind: 'attendance-below', percent: 90 }], requires: [{ kind: 'penalty-threshold' }], steps: [{ key: 'nti', kind: 'notice-to-improve', title: 'NTI', actor: 'headteacher', improvementSchoolDays: 20, after: ['plan'] }] },
    ] };
    expect(parseLadder(good).rungs[1]!.steps[0]!.after).toEqual(['plan']);
  });

  it('a notice to improve gives 15 to 30 school days; a penalty request comes after the notice to improve on a ladder that has one', () => {
    expect(ladderPreset('graduated').rungs.flatMap((r) => r.steps).filter((s) => s.kind === 'notice-to-improve').map((s) => s.improvementSchoolDays)).toEqual([15, 20]);
    const l = { key: 'x', name: 'X', rungs: [
      { key: 'a', title: 'A', when: [{ kind: 'attendance-below', percent: 90 }], steps: [{ key: 'plan', kind: 'support-plan', title: 'Plan', actor: 'headteacher' }] },
      { key: 'r', title: 'R', when: [{ kind: 'penalty-threshold' }], steps: [
        { key: 'nti', kind: 'notice-to-improve', title: 'NTI', actor: 'headteacher', improvementSchoolDays: 40, after: ['plan'] },
        { key: 'fpn', kind: 'penalty-notice-request', title: 'FPN', actor: 'headteacher', after: ['plan'] },
      ] },
    ] };
    let message = '';
    try { parseLadder(l, 'school y'); } catch (err) { expect(err).toBeInstanceOf(LadderError); message = (err as Error).message; }
    expect(message).toContain('school y.rungs[1].steps[0].improvementSchoolDays: a notice to improve gives 3 to 6 weeks: 15 to 30 school days');
    expect(message).toContain('school y.rungs[1].steps[1].after: "FPN" is a penalty notice request on a ladder that uses a notice to improve');
  });
});

describe('Clifford: every half term\'s review, on the pupil\'s level at its end', () => {
  const year = '2024-09-04';
  const ends = cal.halfTerms.map((h) => cal.lastSchoolDayOnOrBefore(h.end)!);
  it('below 96% at each half term\'s end: the review is due from that day into the next half term, and again at the next end once recorded', () => {
    const low = days('2024-09-09', '2024-09-18', 'I'); // 8 days early in the year: below 96% all year
    for (const [i, end] of ends.entries()) {
      if (i === ends.length - 1) break;
      const s = scenario(low, isoOf(end), year);
      expect(keysDue('clifford', s), cal.halfTerms[i]!.name).toContain('attendance-team-review');
      const nextDay = cal.schoolDayAfter(end, 1)!;
      expect(keysDue('clifford', scenario(low, isoOf(nextDay), year)), `${cal.halfTerms[i]!.name}, next school day`).toContain('attendance-team-review');
      // recorded on the half term's last day: not due again until the next one's
      const recorded = new Map([['attendance-team-review', { key: 'attendance-team-review', state: 'done' as const, day: end }]]);
      const counts = (d: DayNumber) => recordStillCounts(ladderPreset('clifford'), recorded.get('attendance-team-review')!, {
        academicYearStart: dayOf('2024-09-01'), schoolDaysAfter: cal.schoolDays, offRung: () => false,
        step: ladderPreset('clifford').rungs.flatMap((r) => r.steps).find((st) => st.key === 'attendance-team-review')!, today: d, monitoringPoint: scenario(low, isoOf(d), year).e.monitoringPoint?.day,
      });
      expect(counts(nextDay)).toBe(true);
      expect(counts(ends[i + 1]!)).toBe(false);
    }
  });
  it('before the first half term ends, and at 96% or more at the end, no review', () => {
    expect(keysDue('clifford', scenario(days('2024-09-09', '2024-09-11', 'I'), '2024-10-24', year))).not.toContain('attendance-team-review');
    expect(keysDue('clifford', scenario({}, isoOf(ends[2]!), year))).toEqual([]);
  });
  it('"below 96%" is the pupil\'s level at the half term\'s end, not that half term\'s alone', () => {
    // a bad Autumn 1, a perfect Spring 1: the year is still below 96% at the end of Spring 1
    const s = scenario(days('2024-09-09', '2024-09-20', 'I'), '2025-02-14', year);
    expect(s.e.monitoringPoint?.halfTermStats.present).toBe(s.e.monitoringPoint?.halfTermStats.possible);
    expect(keysDue('clifford', s)).toContain('attendance-team-review');
  });
});

describe('Clifford: a focus family carried across the summer', () => {
  it('a pupil who ended last year below 96% is a focus family from September until the first half term ends; one at 96% or more is not', async () => {
    const { twoYears } = await import('../../support/registers.ts');
    const cal2 = twoYears();
    const at = (absent: Marks, asOf: string) => {
      const reg = register(fill(cal2, '2024-09-04', asOf, '/', '\\', absent));
      return evaluatePupil(reg, cal2, dayOf(asOf), { admitted: dayOf('2024-09-04') }, { withLastYear: true });
    };
    const low: Marks = {};
    cal2.schoolDays.filter((d) => d >= dayOf('2024-09-09') && d <= dayOf('2024-09-27')).forEach((d) => { low[isoOf(d)] = ['I', 'I']; });
    const sept = at(low, '2025-09-10');
    expect(sept.lastYearStats!.present / sept.lastYearStats!.possible).toBeLessThan(0.96);
    expect(rungsReached(ladderPreset('clifford'), sept).map((r) => r.rung.key)).toContain('focus-family');
    expect(rungsReached(ladderPreset('clifford'), at(low, '2025-10-24')).map((r) => r.rung.key)).not.toContain('focus-family'); // the first monitoring point
    expect(rungsReached(ladderPreset('clifford'), at({}, '2025-09-10')).map((r) => r.rung.key)).not.toContain('focus-family');
    // without the last year read, nothing is assumed
    expect(triggerHolds({ kind: 'ended-last-year-below', percent: 96 }, evaluatePupil(register(fill(cal2, '2024-09-04', '2025-09-10', '/', '\\', low)), cal2, dayOf('2025-09-10')))).toBe(false);
  });
});

describe('what counts', () => {
  const late = (l: number, u: number): Marks => {
    const on: Marks = {};
    cal.schoolDays.filter((d) => d >= dayOf(ADMITTED)).slice(0, l + u).forEach((d, i) => { on[isoOf(d)] = [i < l ? 'L' : 'U', '\\']; });
    return on;
  };
  it.each(['clifford', 'one-in-a-million', 'woburn'])('%s: 4 L and 4 U (8 late arrivals) are lateness; 2 and 2 are not', (key) => {
    const rung = key === 'woburn' ? 'below-96' : 'lateness';
    expect(rungsReached(ladderPreset(key), pupil(late(4, 4))).map((r) => r.rung.key)).toContain(rung);
    expect(rungsReached(ladderPreset(key), pupil(late(2, 2))).map((r) => r.rung.key)).not.toContain(rung);
  });
  it('One In A Million: lateness persisting after the contact brings the invitation to school', () => {
    const s = scenario(late(4, 4), '2025-02-14');
    expect(keysDue('one-in-a-million', s, { 'lateness-contact': '2025-02-13' })).not.toContain('lateness-meeting');
    const more = scenario({ ...late(4, 4), '2025-02-14': ['L', '\\'] }, '2025-02-14');
    expect(keysDue('one-in-a-million', more, { 'lateness-contact': '2025-02-13' })).toContain('lateness-meeting');
  });
  it('Asterdale: an agreed part-time timetable (C2) at 92.6% gets the concern letter, not "no longer authorising illness"', () => {
    const c2: Marks = {};
    cal.schoolDays.filter((d) => d >= dayOf('2024-09-04') && d <= dayOf(AS_OF)).forEach((d, i) => { if (i % 7 === 0) c2[isoOf(d)] = ['/', 'C2']; });
    const s = scenario(c2, AS_OF, '2024-09-04');
    expect(s.e.stats.present / s.e.stats.possible).toBeCloseTo(0.926, 2);
    const due = keysDue('asterdale', s, ['letter-concern-95', 'letter-concern-93']);
    expect(due).not.toContain('letter-no-authorising');
    const ill = scenario(Object.fromEntries(Object.keys(c2).map((d) => [d, ['/', 'I']])) as Marks, AS_OF, '2024-09-04');
    expect(keysDue('asterdale', ill, ['letter-concern-95', 'letter-concern-93'])).toContain('letter-no-authorising');
  });
  it('Asterdale: four Monday medical appointments (M) at 98% are not a pattern; four Monday truancies are', () => {
    const mondays = ['2025-01-06', '2025-01-13', '2025-01-20', '2025-01-27'];
    const m = pupil(Object.fromEntries(mondays.map((d) => [d, ['M', '\\']])) as Marks);
    expect(rungsReached(ladderPreset('asterdale'), m).map((r) => r.rung.key)).not.toContain('pattern');
    const o = pupil(Object.fromEntries(mondays.map((d) => [d, ['O', '\\']])) as Marks);
    expect(rungsReached(ladderPreset('asterdale'), o).map((r) => r.rung.key)).toContain('pattern');
  });
  it('"below 90%" compares exactly: 89.97% is below 90%, as it is persistent absence everywhere else', () => {
    const e: PupilEvaluation = { ...pupil({}), stats: { possible: 10_000, present: 8_997, authorised: 1_003, unauthorised: 0 } };
    expect(triggerHolds({ kind: 'attendance-below', percent: 90 }, e)).toBe(true);
    expect(triggerHolds({ kind: 'attendance-at-most', percent: 89.9 }, e)).toBe(false);
    expect(rungsReached(ladderPreset('one-in-a-million'), e).map((r) => r.rung.key)).toContain('rapid-response');
    expect(rungsReached(ladderPreset('asterdale'), e).map((r) => r.rung.key)).toContain('persistent-90');
  });
  it('One In A Million: the home visit only with a safeguarding concern', () => {
    const s = scenario(absentSessions(5));
    expect(keysDue('one-in-a-million', s, ['letter-1', 'letter-2', 'call-2'])).toEqual(['letter-3']);
    expect(keysDue('one-in-a-million', s, ['letter-1', 'letter-2', 'call-2', 'letter-3'], true)).toEqual(['meeting-compulsory', 'home-visit']);
  });
  it('Woburn: 10th day with no contact, a children missing education referral; 15 days of illness, the LA\'s sickness return', () => {
    const on: Marks = {};
    for (const d of ['2025-02-03', '2025-02-04', '2025-02-05', '2025-02-06', '2025-02-07', '2025-02-10', '2025-02-11', '2025-02-12', '2025-02-13', '2025-02-14']) on[d] = ['N', 'N'];
    expect(keysDue('woburn', scenario(on))).toContain('cme-referral');
    const ill: Marks = {};
    cal.schoolDays.filter((d) => d >= dayOf('2025-01-06') && d < dayOf('2025-01-27')).forEach((d) => { ill[isoOf(d)] = ['I', 'I']; });
    expect(keysDue('woburn', scenario(ill))).toContain('la-illness-return');
  });
});

describe('each rung of each preset: a near miss does not reach it', () => {
  /** `n` absent sessions with the code, spread one a day from 6 January (so no day is wholly absent before n > 30). */
  const absent = (n: number, code: AttendanceCode = 'I') => {
    const on: Marks = {};
    const schoolDays = cal.schoolDays.filter((d) => d >= dayOf(ADMITTED) && d <= dayOf(AS_OF));
    schoolDays.forEach((d, i) => {
      const am = i < n ? code : '/';
      const pm = i + schoolDays.length < n ? code : '\\';
      if (am !== '/' || pm !== '\\') on[isoOf(d)] = [am, pm];
    });
    return on;
  };
  const reached = (ladder: string, e: PupilEvaluation) => rungsReached(ladderPreset(ladder), e).map((r) => r.rung.key);
  const noContact = (n: number) => {
    const on: Marks = {};
    cal.schoolDays.filter((d) => d <= dayOf(AS_OF)).slice(-n).forEach((d) => { on[isoOf(d)] = ['N', 'N']; });
    return on;
  };
  const lates = (n: number) => {
    const on: Marks = {};
    cal.schoolDays.filter((d) => d >= dayOf(ADMITTED) && d <= dayOf(AS_OF)).slice(0, n).forEach((d, i) => { on[isoOf(d)] = [i % 2 ? 'U' : 'L', '\\']; });
    return on;
  };
  // [preset, rung, a near miss (must not reach), a case that reaches it]; 60 possible sessions
  const cases: [string, string, Marks, Marks][] = [
    ['asterdale', 'tracking-95', absent(2), absent(3)], // 96.7% / 95.0%
    ['asterdale', 'concern-93', absent(4), absent(5)], // 93.3% / 91.7%
    ['asterdale', 'persistent-90', absent(5), absent(6)], // 91.7% / 90.0%
    ['asterdale', 'danger-75', absent(14), absent(15)], // 76.7% / 75.0%
    ['asterdale', 'severe-50', absent(29), absent(30)],
    ['asterdale', 'no-contact-3', noContact(2), noContact(3)],
    ['asterdale', 'penalty', absent(9, 'O'), absent(10, 'O')],
    ['woburn', 'below-96', absent(2), absent(3)],
    ['woburn', 'below-96', lates(4), lates(5)],
    ['woburn', 'legal-sanctions', absent(9, 'O'), absent(10, 'O')],
    ['woburn', 'no-contact-10', noContact(9), noContact(10)],
    ['graduated', 'at-risk-97', absent(1), absent(2)], // 98.3% / 96.7%
    ['graduated', 'lower-95', absent(3), absent(4)], // exactly 95% is not below
    ['graduated', 'continued-93', absent(4), absent(5)],
    ['graduated', 'continued-93-nti', absent(9, 'O'), absent(10, 'O')],
    ['graduated', 'persistent', absent(5), absent(6)],
    ['graduated', 'severe', absent(29), absent(30)],
    ['graduated', 'severe-enforcement', absent(30), absent(30, 'O')],
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

  it('Clifford "listen": a dip of 2 points or more below 96% at the monitoring point, not a steady level', () => {
    const dip = days('2025-02-10', '2025-02-14', 'I'); // Spring 1 down to 83.3% after a full Autumn 2
    expect(reached('clifford', pupil(dip, '2025-02-14', '2024-09-04'))).toContain('listen');
    expect(reached('clifford', pupil(dip, '2025-02-13', '2024-09-04'))).not.toContain('listen'); // the monitoring point is Autumn 2's end
    expect(reached('clifford', pupil({}, '2025-02-14', '2024-09-04'))).toEqual([]);
  });

  it('every rung of every preset is in the table above, or tested on its own', () => {
    const covered = new Set([...cases.map(([l, r]) => `${l}.${r}`), 'asterdale.pattern', 'woburn.illness-15', 'clifford.listen', 'clifford.monitor-96', 'clifford.focus-family']);
    for (const l of Object.values(LADDER_PRESETS)) for (const r of l.rungs) expect(covered.has(`${l.key}.${r.key}`), `${l.key}.${r.key}`).toBe(true);
  });
});

describe('the README says each preset as it is', () => {
  it('holds every preset\'s table, generated from the preset (npm run -s cli -- ladder show KEY)', async () => {
    const { readFileSync } = await import('node:fs');
    const { ladderMarkdown } = await import('../../../src/config/ladder-markdown.ts');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const l of Object.values(LADDER_PRESETS)) expect(readme, `README table of ${l.key}: rewrite them with npx tsx scripts/readme-ladders.ts`).toContain(ladderMarkdown(l));
  });
});
