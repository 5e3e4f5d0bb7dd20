/**
 * A school's escalation ladder as data: rungs, each reached by any of its triggers, each
 * leading to steps (a letter, a call, a meeting, a plan, a notice, a referral) with who acts
 * and when to review. The bot never hard-codes a school's policy: the five seed schools'
 * policies are presets of this format (src/config/ladder-presets.ts), validated by the zod
 * schema in src/config/ladder.ts.
 *
 * The national rules come first and a ladder only adds to them: the statutory thresholds
 * (PA, SA, the penalty threshold, the day counts) are triggers here too, so a school can
 * hang its own steps on them, but they are flagged by the bot whatever the ladder says.
 */
import type { DayNumber } from './dates.ts';
import type { PupilEvaluation } from './evaluation.ts';
import { type AttendanceStats, type Band, absences, attendanceAtMost, attendanceBelow } from './statistics.ts';

export type Trigger =
  /** Attendance strictly below a percentage (e.g. "drops below 96%"), compared exactly. */
  | { readonly kind: 'attendance-below'; readonly percent: number; readonly period?: TriggerPeriod; readonly at?: TriggerTiming }
  /** Attendance at or below a percentage (e.g. Asterdale's "90.1-93" band: 93% or less), compared exactly. */
  | { readonly kind: 'attendance-at-most'; readonly percent: number; readonly period?: TriggerPeriod; readonly at?: TriggerTiming }
  /**
   * A dip between monitoring points: this half term's attendance is at least `points`
   * percentage points below the half term before's.
   */
  | { readonly kind: 'attendance-dip'; readonly points: number; readonly at?: TriggerTiming }
  /** Unauthorised absence with a known reason (G, O, U; not N) in the period. */
  | { readonly kind: 'unauthorised-sessions'; readonly atLeast: number; readonly period?: TriggerPeriod }
  | { readonly kind: 'persistent-absence' }
  | { readonly kind: 'severe-absence' }
  /** Broken weeks (weeks with any absence) in the current half term. */
  | { readonly kind: 'broken-weeks'; readonly atLeast: number }
  /** Unplanned absences (not leave agreed in advance) concentrated on particular weekdays. */
  | { readonly kind: 'weekday-pattern'; readonly minShare: number; readonly minSessions: number }
  /** School days in a row absent with no reason given (every session still N). */
  | { readonly kind: 'days-without-contact'; readonly atLeast: number }
  /** Cumulative illness (I) in school days. */
  | { readonly kind: 'illness-days'; readonly atLeast: number }
  /** The National Framework penalty threshold (10 sessions in 10 school weeks by default). */
  | { readonly kind: 'penalty-threshold' }
  /**
   * Ended the last academic year below a percentage: from the start of this year until its first
   * monitoring point (Clifford's "focus family for the start of the new year").
   */
  | { readonly kind: 'ended-last-year-below'; readonly percent: number }
  /** Late arrivals of either kind, L and U together: "late" as most policies say it. */
  | { readonly kind: 'late-arrivals'; readonly atLeast: number; readonly period?: TriggerPeriod }
  /** Lateness after the register closed (U): an unauthorised absence. */
  | { readonly kind: 'late-after-close'; readonly atLeast: number; readonly period?: TriggerPeriod }
  /** Lateness before the register closed (L): present, but punctuality is a concern. */
  | { readonly kind: 'late-before-close'; readonly atLeast: number; readonly period?: TriggerPeriod };

export type TriggerKind = Trigger['kind'];

/** year-to-date (the default) or the current half term only. */
export type TriggerPeriod = 'year-to-date' | 'half-term';

/**
 * When a trigger is looked at: on any school day (the default), or at the latest monitoring
 * point (the last school day of the latest half term to have ended this academic year), on the
 * figures as they stood then: due from that day until the next half term's.
 */
export type TriggerTiming = 'any-day' | 'half-term-end';

export const STEP_KINDS = [
  'letter', 'call', 'meeting', 'support-plan', 'attendance-contract', 'notice-to-improve', 'penalty-notice-request', 'referral', 'home-visit', 'review',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const ACTORS = ['attendance-officer', 'form-tutor', 'head-of-year', 'dsl', 'senior-leader', 'headteacher', 'local-authority', 'ewo'] as const;
export type Actor = (typeof ACTORS)[number];

/**
 * Since the step before it (the latest of `after` recorded): attendance that is no better
 * (`not-improved`), lower (`deteriorated`), any absence at all (`further-absence`) or any late
 * arrival (`further-lateness`). The policies' "no improvement", "if attendance deteriorates
 * following the above actions", "further absence and attendance drops below" and "if lateness
 * persists".
 */
export type AttendanceSince = 'further-absence' | 'further-lateness' | 'not-improved' | 'deteriorated';

/** When a step recorded once comes due again (besides each academic year). */
export type StepRepeat = 'half-term' | { readonly everySchoolDays: number };

/** Only for some pupils: a safeguarding concern recorded, or absence that is mostly illness. */
export type StepCondition = 'safeguarding-concern' | 'illness-absence';

export interface Step {
  readonly key: string;
  readonly kind: StepKind;
  /** What staff see, in the school's words: "Letter 2 and a phone call". */
  readonly title: string;
  readonly actor: Actor;
  /** The line of the school's policy behind the step. */
  readonly policy?: string;
  /** Letter template name, for letters and notices. */
  readonly template?: string;
  /** To whom a referral goes: the local authority, the EWO service, early help, the school nurse. */
  readonly to?: string;
  /**
   * The steps that come first, as the policy orders them: this step is due only once each of
   * them is recorded (done, or judged not needed).
   */
  readonly after?: readonly string[];
  /** School days after the last of `after` was recorded before this step is due (a review period). */
  readonly waitSchoolDays?: number;
  /** And only if attendance since the last of `after` is so. */
  readonly ifAttendance?: AttendanceSince;
  /** Review this many school days after the step is done (a plan's or contract's review date). */
  readonly reviewAfterSchoolDays?: number;
  /** Improvement period of a notice to improve, in school days (3 to 6 weeks: 15 to 30). */
  readonly improvementSchoolDays?: number;
  /** Only when this is so (e.g. a home visit only with a safeguarding concern). */
  readonly onlyIf?: StepCondition;
  /** Comes due again after it is recorded: each half term (a review at each monitoring point), or every N school days. */
  readonly repeat?: StepRepeat;
  /**
   * The step is enforcement (a letter that carries a penalty notice, a referral for statutory
   * action): like a notice to improve or a penalty notice request, it rests on the National
   * Framework threshold (see `isEnforcement`).
   */
  readonly enforcement?: boolean;
}

/** Notices to improve, penalty notice requests and steps marked as enforcement. */
export const isEnforcement = (s: Step): boolean => s.kind === 'notice-to-improve' || s.kind === 'penalty-notice-request' || s.enforcement === true;

/** Steps that offer support: what the National Framework expects before enforcement. */
export const SUPPORT_KINDS: ReadonlySet<StepKind> = new Set(['meeting', 'support-plan', 'attendance-contract', 'referral', 'home-visit']);

/** The rung holds only at the National Framework threshold: every way in is the threshold, or it requires it. */
export const gatedByThreshold = (r: Rung): boolean =>
  r.when.every((t) => t.kind === 'penalty-threshold') || (r.requires ?? []).some((t) => t.kind === 'penalty-threshold');

export interface Rung {
  readonly key: string;
  readonly title: string;
  /** The line of the school's policy this rung comes from, or what the school chose where the policy is silent. */
  readonly policy?: string;
  /** Any one trigger reaches the rung. */
  readonly when: readonly Trigger[];
  /** And all of these must hold too (e.g. the penalty threshold for an enforcement rung). */
  readonly requires?: readonly Trigger[];
  readonly steps: readonly Step[];
}

export interface Ladder {
  readonly key: string;
  readonly name: string;
  /** Where the school's policy says this. */
  readonly source?: string;
  readonly bands?: readonly Band[];
  /** From the first to the last resort, in the policy's order. */
  readonly rungs: readonly Rung[];
  /**
   * The school's own safeguarding flags for the DSL, besides the national ones (e.g. a
   * school that wants the DSL told at 2 days without contact, or at severe absence).
   */
  readonly safeguardingFlags?: readonly { readonly key: string; readonly when: Trigger }[];
  /** When a step recorded once comes due again (default: each academic year). */
  readonly rearm?: Rearm;
  /**
   * Numbers the school chose where its policy names a concern but no number, each with why:
   * shown beside the rungs that use them.
   */
  readonly settings?: readonly { readonly name: string; readonly value: number; readonly why: string }[];
}

/**
 * When a recorded step re-arms: at the start of each academic year, and/or once the pupil has
 * been off the step's rung for a run of school days (recovered) and then comes back to it.
 */
export interface Rearm {
  readonly academicYear: boolean;
  /** School days in a row off the rung after which its steps come due again on a relapse. */
  readonly afterRecoveredSchoolDays?: number;
  /** The line of the school's policy this comes from. */
  readonly policy?: string;
}

export const DEFAULT_REARM: Rearm = { academicYear: true };

/** The ladder reads the pupil's whole last academic year (a trigger on how they ended it). */
export const readsLastYear = (l: Ladder): boolean => l.rungs.some((r) => [...r.when, ...(r.requires ?? [])].some((t) => t.kind === 'ended-last-year-below'));

/**
 * The attendance levels a school's ladder acts at (its "below 95%" and "at or below 90%"
 * rungs), highest first, each named by its first rung: what a chart of a pupil's attendance is
 * read against. A level the national 90% already marks is left to it.
 */
export function ladderLevels(ladder: Ladder): { readonly label: string; readonly percent: number }[] {
  const levels = new Map<number, string>();
  for (const r of ladder.rungs) {
    for (const t of r.when) {
      if ((t.kind === 'attendance-below' || t.kind === 'attendance-at-most') && t.percent !== 90 && !levels.has(t.percent)) levels.set(t.percent, r.title);
    }
  }
  return [...levels.entries()].sort((a, b) => b[0] - a[0]).map(([percent, label]) => ({ label, percent }));
}

/** Does the trigger hold for the pupil's evaluation? */
export function triggerHolds(t: Trigger, e: PupilEvaluation): boolean {
  switch (t.kind) {
    case 'attendance-below':
    case 'attendance-at-most': {
      let stats: AttendanceStats;
      if (t.at === 'half-term-end') {
        if (!e.monitoringPoint) return false;
        stats = t.period === 'half-term' ? e.monitoringPoint.halfTermStats : e.monitoringPoint.stats;
      } else {
        stats = t.period === 'half-term' ? e.halfTermStats : e.stats;
      }
      return (t.kind === 'attendance-below' ? attendanceBelow(stats, t.percent) : attendanceAtMost(stats, t.percent)) === true;
    }
    case 'attendance-dip': {
      const before = t.at === 'half-term-end' ? e.monitoringPoint?.previousHalfTermStats : e.previousHalfTermStats;
      const now = t.at === 'half-term-end' ? e.monitoringPoint?.halfTermStats : e.halfTermStats;
      if (!before || !now || before.possible === 0 || now.possible === 0) return false;
      // before% - now% >= points, exactly: (pb/b - pn/n) * 1000 >= points * 10, in integers
      return (before.present * now.possible - now.present * before.possible) * 1000 >= Math.round(t.points * 10) * before.possible * now.possible;
    }
    case 'unauthorised-sessions':
      return (t.period === 'half-term' ? e.unauthorisedSessions.halfTerm : e.unauthorisedSessions.year) >= t.atLeast;
    case 'persistent-absence':
      return e.status === 'persistent' || e.status === 'severe';
    case 'severe-absence':
      return e.status === 'severe';
    case 'broken-weeks': {
      const current = e.brokenWeeks.at(-1);
      return current !== undefined && current.broken >= t.atLeast;
    }
    case 'weekday-pattern': {
      const total = e.weekdays.reduce((n, w) => n + w.unplanned, 0);
      return total > 0 && e.weekdays.some((w) => w.unplanned >= t.minSessions && w.unplanned >= t.minShare * total);
    }
    case 'days-without-contact':
      return e.counters.daysWithoutContact >= t.atLeast;
    case 'illness-days':
      return e.counters.illnessDays >= t.atLeast;
    case 'penalty-threshold':
      return e.penalty.thresholdMet;
    case 'ended-last-year-below':
      return e.monitoringPoint === undefined && e.lastYearStats !== undefined && attendanceBelow(e.lastYearStats, t.percent) === true;
    case 'late-arrivals': {
      const l = t.period === 'half-term' ? e.halfTermLateness : e.lateness;
      return l.lateBeforeClose + l.lateAfterClose >= t.atLeast;
    }
    case 'late-after-close':
      return (t.period === 'half-term' ? e.halfTermLateness : e.lateness).lateAfterClose >= t.atLeast;
    case 'late-before-close':
      return (t.period === 'half-term' ? e.halfTermLateness : e.lateness).lateBeforeClose >= t.atLeast;
  }
}

export interface RungReached {
  readonly rung: Rung;
  /** The triggers that hold. */
  readonly because: readonly Trigger[];
}

/** Whether the pupil is on the rung: any of its triggers holds, and all it requires. */
export const rungHolds = (rung: Rung, e: PupilEvaluation): boolean =>
  rung.when.some((t) => triggerHolds(t, e)) && (!rung.requires || rung.requires.every((t) => triggerHolds(t, e)));

/** Every rung the pupil has reached, first to last. */
export function rungsReached(ladder: Ladder, e: PupilEvaluation): RungReached[] {
  const out: RungReached[] = [];
  for (const rung of ladder.rungs) {
    if (!rungHolds(rung, e)) continue;
    out.push({ rung, because: rung.when.filter((t) => triggerHolds(t, e)) });
  }
  return out;
}

export interface StepDue {
  readonly rung: Rung;
  readonly step: Step;
}

/** A step recorded on a pupil's case: done (on a day), or judged not needed (with a reason). */
export interface StepRecord {
  readonly key: string;
  readonly state: 'done' | 'not-needed';
  /** The school day it was done or judged not needed (a retrospective record: the day given). */
  readonly day: DayNumber;
  /** Who recorded it, by name. */
  readonly by?: string;
  /** Why not needed, or a note. */
  readonly note?: string;
  /** A review date set with it (plans, contracts). */
  readonly reviewOn?: DayNumber;
}

/**
 * Where a step stands for the pupil: recorded (done or not needed), due now, waiting (its rung
 * reached and the steps before it recorded, but its review period not yet over: `dueFrom`),
 * after others (steps before it not yet recorded: `waitingFor`), or not reached.
 */
export type StepStatus = 'done' | 'not-needed' | 'due' | 'waiting' | 'after-others' | 'not-reached';

export interface StepOnCase {
  readonly rung: Rung;
  readonly step: Step;
  readonly status: StepStatus;
  readonly record?: StepRecord;
  /** For a waiting step: the school day it comes due, if attendance is then as the step asks. */
  readonly dueFrom?: DayNumber;
  /** For a step after others: the steps before it not yet recorded. */
  readonly waitingFor?: readonly string[];
}

/**
 * Where a pupil is on the school's ladder. A ladder is its policy's sequence: a step is due when
 * its rung holds, every step it comes after is recorded (done or not needed), its review period
 * since the last of them has passed and attendance since then is as the step asks. Entering a
 * higher rung does not skip the steps the policy puts first: they are due first, one after
 * another. `next` is the one thing to do now (the first due, in the policy's order).
 */
export interface LadderPosition {
  /** The highest level rung reached (a percentage, PA, SA), if any: where the figures put the pupil. */
  readonly rung?: Rung;
  /** The steps of the rungs reached and the steps recorded, in ladder order. */
  readonly steps: readonly StepOnCase[];
  /** What is due now, in ladder order. */
  readonly due: readonly StepDue[];
  /** The first of `due`: the next step. */
  readonly next?: StepDue;
  /** Steps waiting for their review period, with the day each comes due (reviews ahead). */
  readonly upcoming: readonly { readonly step: Step; readonly rung: Rung; readonly dueFrom: DayNumber }[];
}

/** What the position needs besides the evaluation: the day, the calendar's count of days, the pupil's figures on earlier days. */
export interface LadderContext {
  /** The school day the position is for. */
  readonly today: DayNumber;
  /** The `n`th school day after a day (see SchoolCalendar.schoolDayAfter). */
  readonly schoolDayAfter: (day: DayNumber, n: number) => DayNumber | undefined;
  /** The pupil evaluated as of an earlier day, with today's register. */
  readonly evaluationOn: (day: DayNumber) => PupilEvaluation;
  /** A member of staff has recorded a safeguarding concern for the pupil. */
  readonly safeguardingConcern?: boolean;
}

const LEVEL_TRIGGERS: ReadonlySet<TriggerKind> = new Set(['attendance-below', 'attendance-at-most', 'persistent-absence', 'severe-absence']);

/** A rung of the ladder's main line: reached by the attendance figure, with nothing more required. */
export const isLevelRung = (r: Rung): boolean => !r.requires && r.when.some((t) => LEVEL_TRIGGERS.has(t.kind) && !('at' in t && t.at === 'half-term-end'));

/** Illness makes up at least half of the pupil's absence this year. */
export const mostlyIllness = (e: PupilEvaluation): boolean => e.illnessSessions > 0 && e.illnessSessions * 2 >= absences(e.stats);

const late = (e: PupilEvaluation) => e.lateness.lateBeforeClose + e.lateness.lateAfterClose;

/** Whether the step's condition holds for the pupil. */
export function stepApplies(s: Step, e: PupilEvaluation, safeguardingConcern = false): boolean {
  switch (s.onlyIf) {
    case undefined: return true;
    case 'safeguarding-concern': return safeguardingConcern;
    case 'illness-absence': return mostlyIllness(e);
  }
}

/** Attendance since a day is as asked: compared exactly on the year-to-date figures. */
export function attendanceSince(kind: AttendanceSince, thenE: PupilEvaluation, nowE: PupilEvaluation): boolean {
  const then = thenE.stats;
  const now = nowE.stats;
  switch (kind) {
    case 'further-absence': return absences(now) > absences(then);
    case 'further-lateness': return late(nowE) > late(thenE);
    // now% <= then%: now.present / now.possible <= then.present / then.possible
    case 'not-improved': return then.possible === 0 || now.possible === 0 || now.present * then.possible <= then.present * now.possible;
    case 'deteriorated': return then.possible > 0 && now.possible > 0 && now.present * then.possible < then.present * now.possible;
  }
}

/**
 * The pupil's position on the ladder, given the steps recorded on their case that still count
 * (see `recordStillCounts`), keyed by step.
 */
export function positionOnLadder(ladder: Ladder, e: PupilEvaluation, records: ReadonlyMap<string, StepRecord>, ctx: LadderContext): LadderPosition {
  const holds = new Map(ladder.rungs.map((r) => [r.key, rungHolds(r, e)]));
  const level = ladder.rungs.filter((r) => isLevelRung(r) && holds.get(r.key)).at(-1);
  const steps: StepOnCase[] = [];
  const due: StepDue[] = [];
  const upcoming: LadderPosition['upcoming'][number][] = [];
  for (const rung of ladder.rungs) {
    const reached = holds.get(rung.key) === true;
    for (const step of rung.steps) {
      const record = records.get(step.key);
      if (record) {
        steps.push({ rung, step, status: record.state, record });
        continue;
      }
      if (!reached || !stepApplies(step, e, ctx.safeguardingConcern)) continue;
      const before = (step.after ?? []).map((k) => ({ key: k, record: records.get(k) }));
      const waitingFor = before.filter((b) => !b.record).map((b) => b.key);
      if (waitingFor.length > 0) {
        steps.push({ rung, step, status: 'after-others', waitingFor });
        continue;
      }
      const since = before.reduce<DayNumber | undefined>((d, b) => (d === undefined || b.record!.day > d ? b.record!.day : d), undefined);
      if (since !== undefined && step.waitSchoolDays !== undefined) {
        const from = ctx.schoolDayAfter(since, step.waitSchoolDays);
        if (from === undefined || from > ctx.today) {
          if (from !== undefined) upcoming.push({ rung, step, dueFrom: from });
          steps.push({ rung, step, status: 'waiting', ...(from !== undefined ? { dueFrom: from } : {}) });
          continue;
        }
      }
      if (since !== undefined && step.ifAttendance && !attendanceSince(step.ifAttendance, ctx.evaluationOn(since), e)) {
        steps.push({ rung, step, status: 'not-reached' });
        continue;
      }
      steps.push({ rung, step, status: 'due' });
      due.push({ rung, step });
    }
  }
  return { ...(level ? { rung: level } : {}), steps, due, ...(due[0] ? { next: due[0] } : {}), upcoming };
}

/**
 * Whether a recorded step still counts on a day, or has re-armed: recorded before this academic
 * year began (when the ladder re-arms yearly); a step that repeats each half term, recorded
 * before the latest monitoring point; one that repeats every N school days, N school days on;
 * or followed by a run of school days off its rung at least as long as the ladder names.
 * `offRung` says, for a school day after the record, whether the pupil was off the step's rung
 * that day; `schoolDaysAfter` lists those days in order.
 */
export function recordStillCounts(ladder: Ladder, record: StepRecord, today: {
  readonly academicYearStart: DayNumber; readonly schoolDaysAfter: readonly DayNumber[]; readonly offRung: (day: DayNumber) => boolean;
  readonly step?: Step; readonly monitoringPoint?: DayNumber; readonly today?: DayNumber;
}): boolean {
  const rearm = ladder.rearm ?? DEFAULT_REARM;
  if (rearm.academicYear && record.day < today.academicYearStart) return false;
  const repeat = today.step?.repeat;
  if (repeat === 'half-term' && today.monitoringPoint !== undefined && record.day < today.monitoringPoint) return false;
  if (repeat !== undefined && repeat !== 'half-term') {
    const after = today.schoolDaysAfter.filter((d) => d > record.day && (today.today === undefined || d <= today.today)).length;
    if (after >= repeat.everySchoolDays) return false;
  }
  const needed = rearm.afterRecoveredSchoolDays;
  if (needed === undefined) return true;
  const days = today.schoolDaysAfter.filter((d) => d > record.day);
  // a run of `needed` days off the rung: look at each window from its end, and on a day on the
  // rung start the next window after it (few days are looked at when the pupil stays on it)
  let start = 0;
  while (start + needed <= days.length) {
    let j = start + needed - 1;
    while (j >= start && today.offRung(days[j]!)) j--;
    if (j < start) return false;
    start = j + 1;
  }
  return true;
}

/** A step of the ladder by key, with its rung. */
export function stepOf(ladder: Ladder, stepKey: string): StepDue | undefined {
  for (const rung of ladder.rungs) for (const step of rung.steps) if (step.key === stepKey) return { rung, step };
  return undefined;
}

/** What each kind of casework recorded from chat fulfils on a ladder (a call only when recorded as its step). */
export type CaseworkDone = 'meeting-held' | 'support-plan' | 'attendance-contract' | 'notice-to-improve' | 'penalty-notice-request' | 'home-visit';
const FULFILS: Record<CaseworkDone, readonly StepKind[]> = {
  'meeting-held': ['meeting'],
  'support-plan': ['support-plan'],
  // a contract is one kind of support plan ("a personalised action/support plan, such as an attendance contract")
  'attendance-contract': ['attendance-contract', 'support-plan'],
  'notice-to-improve': ['notice-to-improve'],
  'penalty-notice-request': ['penalty-notice-request'],
  'home-visit': ['home-visit'],
};

/**
 * The step a piece of casework fulfils: the first due step of its kind, in the policy's order
 * (one piece of casework is one step: one notice to improve never ticks off two).
 */
export function stepsFulfilled(position: LadderPosition, done: CaseworkDone): StepDue[] {
  const kinds = FULFILS[done];
  const first = position.due.find((d) => kinds.includes(d.step.kind));
  return first ? [first] : [];
}

/** Describes a trigger in the school's words, for cards and audit. */
export function describeTrigger(t: Trigger): string {
  const period = (p?: TriggerPeriod) => (p === 'half-term' ? ' this half term' : '');
  const at = (a?: TriggerTiming) => (a === 'half-term-end' ? ' at the end of the last half term' : '');
  switch (t.kind) {
    case 'attendance-below': return `attendance below ${t.percent}%${t.at === 'half-term-end' ? at(t.at) : period(t.period)}`;
    case 'attendance-at-most': return `attendance ${t.percent}% or less${t.at === 'half-term-end' ? at(t.at) : period(t.period)}`;
    case 'attendance-dip': return `attendance down ${t.points} points or more on the half term before${at(t.at)}`;
    case 'unauthorised-sessions': return `${t.atLeast} or more sessions of unauthorised absence (G, O, U)${period(t.period)}`;
    case 'persistent-absence': return 'persistent absence (10% or more missed)';
    case 'severe-absence': return 'severe absence (50% or more missed)';
    case 'broken-weeks': return `${t.atLeast} or more broken weeks this half term`;
    case 'weekday-pattern': return `a pattern of absence on particular weekdays (${t.minSessions}+ sessions, ${Math.round(t.minShare * 100)}%+ of unplanned absence)`;
    case 'days-without-contact': return `${t.atLeast} school days absent with no contact`;
    case 'illness-days': return `${t.atLeast} school days of illness`;
    case 'penalty-threshold': return 'the penalty notice threshold (10 unauthorised sessions in 10 school weeks)';
    case 'ended-last-year-below': return `ended last academic year below ${t.percent}% (until this year's first half term ends)`;
    case 'late-arrivals': return `${t.atLeast} or more late arrivals (L or U)${period(t.period)}`;
    case 'late-after-close': return `${t.atLeast} or more late arrivals after the register closed (U)${period(t.period)}`;
    case 'late-before-close': return `${t.atLeast} or more late arrivals before the register closed (L)${period(t.period)}`;
  }
}
