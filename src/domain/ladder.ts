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
import type { Band } from './statistics.ts';
import { compareShownAttendance } from './statistics.ts';

export type Trigger =
  /** Attendance strictly below a percentage (e.g. "drops below 96%"). */
  | { readonly kind: 'attendance-below'; readonly percent: number; readonly period?: TriggerPeriod; readonly at?: TriggerTiming }
  /** Attendance at or below a percentage (e.g. Asterdale's "90.1-93" band: 93% or less). */
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
  /** Absences concentrated on particular weekdays (e.g. Mondays and Fridays). */
  | { readonly kind: 'weekday-pattern'; readonly minShare: number; readonly minSessions: number }
  /** School days in a row absent with no reason given (every session still N). */
  | { readonly kind: 'days-without-contact'; readonly atLeast: number }
  /** Cumulative illness (I) in school days. */
  | { readonly kind: 'illness-days'; readonly atLeast: number }
  /** The National Framework penalty threshold (10 sessions in 10 school weeks by default). */
  | { readonly kind: 'penalty-threshold' }
  /** Lateness after the register closed (U): an unauthorised absence. */
  | { readonly kind: 'late-after-close'; readonly atLeast: number; readonly period?: TriggerPeriod }
  /** Lateness before the register closed (L): present, but punctuality is a concern. */
  | { readonly kind: 'late-before-close'; readonly atLeast: number; readonly period?: TriggerPeriod };

export type TriggerKind = Trigger['kind'];

/** year-to-date (the default) or the current half term only. */
export type TriggerPeriod = 'year-to-date' | 'half-term';

/**
 * When a trigger is looked at: on any school day (the default), or only at the end of each
 * half term (the half term's last school day: a monitoring point), over that half term.
 */
export type TriggerTiming = 'any-day' | 'half-term-end';

export type StepKind =
  | 'letter'
  | 'call'
  | 'meeting'
  | 'support-plan'
  | 'attendance-contract'
  | 'notice-to-improve'
  | 'penalty-notice-request'
  | 'referral'
  | 'home-visit'
  | 'review';

export type Actor =
  | 'attendance-officer'
  | 'form-tutor'
  | 'head-of-year'
  | 'dsl'
  | 'senior-leader'
  | 'headteacher'
  | 'local-authority'
  | 'ewo';

export interface Step {
  readonly key: string;
  readonly kind: StepKind;
  /** What staff see, in the school's words: "Letter 2 and a phone call". */
  readonly title: string;
  readonly actor: Actor;
  /** Letter template name, for letters and notices. */
  readonly template?: string;
  /** To whom a referral goes: the local authority, the EWO service, early help, the school nurse. */
  readonly to?: string;
  /** Review this many school days after the step is done. */
  readonly reviewAfterSchoolDays?: number;
  /** Improvement period of a notice to improve, in weeks (3 to 6 by the National Framework). */
  readonly improvementWeeks?: number;
  /** Only when this is so (e.g. a home visit only with a safeguarding concern). */
  readonly onlyIf?: 'safeguarding-concern';
  /**
   * The step is enforcement (a letter that carries a penalty notice, a referral for statutory
   * action): like a notice to improve or a penalty notice request, it rests on unauthorised
   * absence (see `isEnforcement`).
   */
  readonly enforcement?: boolean;
}

/** Notices to improve, penalty notice requests and steps marked as enforcement. */
export const isEnforcement = (s: Step): boolean => s.kind === 'notice-to-improve' || s.kind === 'penalty-notice-request' || s.enforcement === true;

/** A trigger that cannot hold without unauthorised absence whose reason is known. */
export const needsUnauthorisedAbsence = (t: Trigger): boolean =>
  t.kind === 'penalty-threshold' || t.kind === 'unauthorised-sessions' || t.kind === 'late-after-close';

export interface Rung {
  readonly key: string;
  readonly title: string;
  /** The line of the school's policy this rung comes from, or what the school chose where the policy is silent. */
  readonly policy?: string;
  /** Any one trigger reaches the rung. */
  readonly when: readonly Trigger[];
  /** And all of these must hold too (e.g. a count of unauthorised sessions for an enforcement rung). */
  readonly requires?: readonly Trigger[];
  readonly steps: readonly Step[];
}

export interface Ladder {
  readonly key: string;
  readonly name: string;
  /** Where the school's policy says this. */
  readonly source?: string;
  readonly bands?: readonly Band[];
  /** From the first to the last resort. */
  readonly rungs: readonly Rung[];
  /**
   * The school's own safeguarding flags for the DSL, besides the national ones (e.g. a
   * school that wants the DSL told at 2 days without contact, or at severe absence).
   */
  readonly safeguardingFlags?: readonly { readonly key: string; readonly when: Trigger }[];
  /** When a step recorded once comes due again (default: each academic year). */
  readonly rearm?: Rearm;
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

export interface LadderContext {
  /** A member of staff has recorded a safeguarding concern for the pupil. */
  readonly safeguardingConcern?: boolean;
}

/** Does the trigger hold for the pupil's evaluation? */
export function triggerHolds(t: Trigger, e: PupilEvaluation): boolean {
  switch (t.kind) {
    case 'attendance-below':
    case 'attendance-at-most': {
      if (t.at === 'half-term-end' && !e.halfTermEnds) return false;
      const stats = t.period === 'half-term' || t.at === 'half-term-end' ? e.halfTermStats : e.stats;
      const cmp = compareShownAttendance(stats, t.percent);
      if (cmp === undefined) return false;
      return t.kind === 'attendance-below' ? cmp < 0 : cmp <= 0;
    }
    case 'attendance-dip': {
      if (t.at === 'half-term-end' && !e.halfTermEnds) return false;
      const before = e.previousHalfTermStats;
      const now = e.halfTermStats;
      if (!before || before.possible === 0 || now.possible === 0) return false;
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
      const total = e.weekdays.reduce((n, w) => n + w.absent, 0);
      return total > 0 && e.weekdays.some((w) => w.absent >= t.minSessions && w.absent >= t.minShare * total);
    }
    case 'days-without-contact':
      return e.counters.daysWithoutContact >= t.atLeast;
    case 'illness-days':
      return e.counters.illnessDays >= t.atLeast;
    case 'penalty-threshold':
      return e.penalty.thresholdMet;
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
  /** The rung's steps that apply (conditions met). */
  readonly steps: readonly Step[];
}

/** Whether the pupil is on the rung: any of its triggers holds, and all it requires. */
export const rungHolds = (rung: Rung, e: PupilEvaluation): boolean =>
  rung.when.some((t) => triggerHolds(t, e)) && (!rung.requires || rung.requires.every((t) => triggerHolds(t, e)));

/** Every rung the pupil has reached, first to last. */
export function rungsReached(ladder: Ladder, e: PupilEvaluation, ctx: LadderContext = {}): RungReached[] {
  const out: RungReached[] = [];
  for (const rung of ladder.rungs) {
    const because = rung.when.filter((t) => triggerHolds(t, e));
    if (because.length === 0) continue;
    if (rung.requires && !rung.requires.every((t) => triggerHolds(t, e))) continue;
    const steps = rung.steps.filter((s) => s.onlyIf !== 'safeguarding-concern' || ctx.safeguardingConcern === true);
    out.push({ rung, because, steps });
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
  /** Who recorded it (`staff:12`). */
  readonly by?: string;
  /** Why not needed, or a note. */
  readonly note?: string;
  /** A review date set with it (plans, contracts). */
  readonly reviewOn?: DayNumber;
}

export type StepStatus = 'done' | 'not-needed' | 'not-recorded';

export interface StepOnCase {
  readonly rung: Rung;
  readonly step: Step;
  readonly status: StepStatus;
  readonly record?: StepRecord;
}

/**
 * Where a pupil is on the school's ladder. The ladder's main line is its level rungs (reached by
 * the attendance figure: a percentage, PA, SA): the pupil stands on the highest one reached, and
 * that rung's steps not yet recorded are due; the level rungs below are history, their steps
 * listed as done, not needed or not recorded (staff may record them after the fact) but not due.
 * Side rungs (a pattern, lateness, days without contact, illness, the penalty threshold, and any
 * rung that `requires` more, like an enforcement rung) are due whenever they are reached.
 */
export interface LadderPosition {
  /** The highest level rung reached, if any. */
  readonly rung?: Rung;
  /** The steps of the level rungs up to the pupil's, and of the side rungs reached, in ladder order. */
  readonly steps: readonly StepOnCase[];
  /** What to do now: the pupil's rung's steps and the reached side rungs' steps not yet recorded. */
  readonly due: readonly StepDue[];
}

const LEVEL_TRIGGERS: ReadonlySet<TriggerKind> = new Set(['attendance-below', 'attendance-at-most', 'persistent-absence', 'severe-absence']);

/** A rung of the ladder's main line: reached by the attendance figure, with nothing more required. */
export const isLevelRung = (r: Rung): boolean => !r.requires && r.when.some((t) => LEVEL_TRIGGERS.has(t.kind));

/**
 * The pupil's position on the ladder, given the steps recorded on their case that still count
 * (see `recordStillCounts`), keyed by step.
 */
export function positionOnLadder(ladder: Ladder, e: PupilEvaluation, records: ReadonlyMap<string, StepRecord>, ctx: LadderContext = {}): LadderPosition {
  const reached = rungsReached(ladder, e, ctx);
  const reachedKeys = new Set(reached.map((r) => r.rung.key));
  const level = reached.filter((r) => isLevelRung(r.rung)).at(-1);
  const levelIndex = level ? ladder.rungs.indexOf(level.rung) : -1;
  const applies = (s: Step) => s.onlyIf !== 'safeguarding-concern' || ctx.safeguardingConcern === true;
  const steps: StepOnCase[] = [];
  const due: StepDue[] = [];
  ladder.rungs.forEach((rung, i) => {
    const shown = isLevelRung(rung) ? i <= levelIndex : reachedKeys.has(rung.key);
    if (!shown) return;
    const current = rung === level?.rung || (!isLevelRung(rung) && reachedKeys.has(rung.key));
    for (const step of rung.steps.filter(applies)) {
      const record = records.get(step.key);
      steps.push({ rung, step, status: record ? record.state : 'not-recorded', ...(record ? { record } : {}) });
      if (!record && current) due.push({ rung, step });
    }
  });
  return { ...(level ? { rung: level.rung } : {}), steps, due };
}

/**
 * Whether a recorded step still counts on a day, or has re-armed: recorded before this academic
 * year began (when the ladder re-arms yearly), or followed by a run of school days off its rung
 * at least as long as the ladder names. `offRung` says, for a school day after the record,
 * whether the pupil was off the step's rung that day; `schoolDaysAfter` lists those days in order.
 */
export function recordStillCounts(ladder: Ladder, record: StepRecord, today: { readonly academicYearStart: DayNumber; readonly schoolDaysAfter: readonly DayNumber[]; readonly offRung: (day: DayNumber) => boolean }): boolean {
  const rearm = ladder.rearm ?? DEFAULT_REARM;
  if (rearm.academicYear && record.day < today.academicYearStart) return false;
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

/** The rung a step belongs to. */
export const rungOfStep = (ladder: Ladder, stepKey: string): Rung | undefined => ladder.rungs.find((r) => r.steps.some((s) => s.key === stepKey));

/** What each kind of casework recorded from chat fulfils on a ladder. */
export type CaseworkDone = 'call' | 'meeting-held' | 'support-plan' | 'attendance-contract' | 'notice-to-improve' | 'penalty-notice-request' | 'home-visit';
const FULFILS: Record<CaseworkDone, readonly StepKind[]> = {
  call: ['call'],
  'meeting-held': ['meeting'],
  'support-plan': ['support-plan'],
  'attendance-contract': ['attendance-contract'],
  'notice-to-improve': ['notice-to-improve'],
  'penalty-notice-request': ['penalty-notice-request'],
  'home-visit': ['home-visit'],
};

/**
 * The steps a piece of casework fulfils: the due steps of its kind (the pupil's rung and the
 * side rungs reached); when none is due, the nearest not-recorded one of its kind below.
 */
export function stepsFulfilled(position: LadderPosition, done: CaseworkDone): StepDue[] {
  const kinds = FULFILS[done];
  const due = position.due.filter((d) => kinds.includes(d.step.kind));
  if (due.length > 0) return due;
  const earlier = position.steps.filter((s) => s.status === 'not-recorded' && kinds.includes(s.step.kind)).at(-1);
  return earlier ? [{ rung: earlier.rung, step: earlier.step }] : [];
}

/** Describes a trigger in the school's words, for cards and audit. */
export function describeTrigger(t: Trigger): string {
  const period = (p?: TriggerPeriod) => (p === 'half-term' ? ' this half term' : '');
  const at = (a?: TriggerTiming) => (a === 'half-term-end' ? ' at the end of the half term' : '');
  switch (t.kind) {
    case 'attendance-below': return `attendance below ${t.percent}%${t.at === 'half-term-end' ? at(t.at) : period(t.period)}`;
    case 'attendance-at-most': return `attendance ${t.percent}% or less${t.at === 'half-term-end' ? at(t.at) : period(t.period)}`;
    case 'attendance-dip': return `attendance down ${t.points} points or more on the half term before${at(t.at)}`;
    case 'unauthorised-sessions': return `${t.atLeast} or more sessions of unauthorised absence (G, O, U)${period(t.period)}`;
    case 'persistent-absence': return 'persistent absence (10% or more missed)';
    case 'severe-absence': return 'severe absence (50% or more missed)';
    case 'broken-weeks': return `${t.atLeast} or more broken weeks this half term`;
    case 'weekday-pattern': return 'a pattern of absence on particular weekdays';
    case 'days-without-contact': return `${t.atLeast} school days absent with no contact`;
    case 'illness-days': return `${t.atLeast} school days of illness`;
    case 'penalty-threshold': return 'the penalty notice threshold (10 unauthorised sessions in 10 school weeks)';
    case 'late-after-close': return `${t.atLeast} or more late arrivals after the register closed (U)${period(t.period)}`;
    case 'late-before-close': return `${t.atLeast} or more late arrivals before the register closed (L)${period(t.period)}`;
  }
}
