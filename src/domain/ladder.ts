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
}

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

/**
 * The steps now due: those of every rung reached that have not been done yet (by step key),
 * first rung first, in the order the policy lists them.
 */
export function stepsDue(ladder: Ladder, e: PupilEvaluation, done: ReadonlySet<string>, ctx: LadderContext = {}): StepDue[] {
  return rungsReached(ladder, e, ctx).flatMap((r) =>
    r.steps.filter((s) => !done.has(s.key)).map((step) => ({ rung: r.rung, step })),
  );
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
