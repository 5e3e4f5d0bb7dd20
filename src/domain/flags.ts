/**
 * Safeguarding flags for the designated safeguarding lead, and when an unacknowledged flag
 * escalates. Flags carry the least detail needed; the DSL opens the pupil for the rest.
 */
import { NO_CONTACT_HOME_VISIT_DAYS, NO_CONTACT_LA_REFERRAL_DAYS, MISSING_EDUCATION_DELETION_DAYS } from './counters.ts';
import type { DayCounters } from './counters.ts';
import { type AttendanceCode, codeInfo } from './codes.ts';
import { type DayNumber, schoolDate } from './dates.ts';

export type FlagKind = 'vulnerable-unexplained' | 'no-contact-3-days' | 'no-contact-10-days' | 'missing-education-20-days';
/** A flag as it is raised: one of the national kinds, or one of the school's own from its ladder (`school:<key>`). */
export type RaisedFlagKind = FlagKind | `school:${string}`;

export interface VulnerableStatus {
  readonly socialWorker: 'none' | 'child_in_need' | 'child_protection';
  readonly lookedAfter: 'none' | 'looked_after' | 'previously_looked_after';
}

export interface FlagRaised {
  readonly kind: FlagKind;
  readonly summary: string;
}

/** A pupil with a social worker, on a child protection plan, or looked after. */
export function isVulnerable(p: VulnerableStatus): boolean {
  return p.socialWorker !== 'none' || p.lookedAfter === 'looked_after';
}

/**
 * The flags a pupil raises on a session: `unexplained` is true when the session is still `N`
 * or unmarked after the register closed.
 */
export function flagsFor(p: VulnerableStatus, unexplained: boolean, counters: DayCounters): FlagRaised[] {
  const out: FlagRaised[] = [];
  if (unexplained && isVulnerable(p)) {
    const who = p.socialWorker === 'child_protection' ? 'child protection plan' : p.socialWorker === 'child_in_need' ? 'has a social worker' : 'looked after';
    out.push({ kind: 'vulnerable-unexplained', summary: `Absent with no reason given; ${who}. Inform the social worker.` });
  }
  const days = counters.daysWithoutContact;
  if (days >= NO_CONTACT_HOME_VISIT_DAYS && days < NO_CONTACT_LA_REFERRAL_DAYS) {
    out.push({ kind: 'no-contact-3-days', summary: `${days} school days absent with no contact: consider a home visit.` });
  }
  if (days >= NO_CONTACT_LA_REFERRAL_DAYS) {
    out.push({ kind: 'no-contact-10-days', summary: `${days} school days absent with no contact: refer to the local authority (may be missing education).` });
  }
  if (counters.continuousMissingEducationDays >= MISSING_EDUCATION_DELETION_DAYS) {
    out.push({ kind: 'missing-education-20-days', summary: `${counters.continuousMissingEducationDays} continuous school days of G/N/O: missing education; joint enquiries with the local authority before any deletion from roll.` });
  }
  return out;
}

/** What has happened since a flag was raised that bears on it. */
export interface SinceRaised {
  /** The codes of the flag's day as the register has them now (a reason recorded replaces `N`). */
  readonly codesOnDay: readonly (AttendanceCode | undefined)[];
  /** The last day a parent or carer was reached. */
  readonly lastContact?: DayNumber;
}

/**
 * What a flag's post says has happened since it was raised, when something has: a reason
 * recorded for the day of an unexplained absence, or contact with the family after days
 * without. The flag stays for the DSL to acknowledge; its words follow the facts.
 */
export function flagProgress(kind: RaisedFlagKind, flagDay: DayNumber, since: SinceRaised): string | undefined {
  const facts: string[] = [];
  if (kind === 'vulnerable-unexplained') {
    const reasons = [...new Set(since.codesOnDay.filter((c): c is AttendanceCode => c !== undefined && c !== 'N'))];
    if (reasons.length > 0 && !since.codesOnDay.includes('N')) facts.push(`a reason is now recorded for the day (${reasons.map((c) => `${c}: ${codeInfo(c).description.toLowerCase()}`).join('; ')})`);
  }
  if (since.lastContact !== undefined && since.lastContact >= flagDay && kind !== 'missing-education-20-days') {
    facts.push(`a parent or carer was reached on ${schoolDate(since.lastContact)}`);
  }
  return facts.length > 0 ? `Since it was raised: ${facts.join('; ')}.` : undefined;
}

/** Who a flag goes to at each level: the DSL, then the deputy DSLs, then a senior leader. */
export const ESCALATION = ['dsl', 'deputy_dsl', 'senior_leader'] as const;
export type EscalationLevel = 0 | 1 | 2;

export interface EscalationPolicy {
  /** Minutes of school hours an unacknowledged flag waits before it escalates. */
  readonly afterMinutes: number;
  /** School hours, HH:MM in the school's time zone. */
  readonly from: string;
  readonly to: string;
}

export const DEFAULT_ESCALATION: EscalationPolicy = { afterMinutes: 30, from: '08:00', to: '17:00' };

/** A moment in the school's own time: the civil day and the minute of that day. */
export interface SchoolMoment {
  readonly day: DayNumber;
  /** Minutes since midnight, school time. */
  readonly minute: number;
}

/**
 * The whole minute a wait starts from: the next one when the moment has seconds (a flag raised
 * at 09:06:50 has waited its first minute at 09:07:50, so it counts from 09:07), so that a wait
 * is counted in whole minutes and never ends early.
 */
export const waitStartsAt = (at: Date): Date => new Date(Math.ceil(at.getTime() / 60_000) * 60_000);

/** "08:30" as minutes since midnight. */
export const minuteOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * The minutes of school hours between two moments: only minutes within the policy's hours on
 * school days count (evenings, weekends, holidays and closures do not).
 */
export function schoolMinutesBetween(start: SchoolMoment, end: SchoolMoment, isSchoolDay: (day: DayNumber) => boolean, policy: Pick<EscalationPolicy, 'from' | 'to'>): number {
  const [from, to] = [minuteOf(policy.from), minuteOf(policy.to)];
  let total = 0;
  for (let day = start.day; day <= end.day; day++) {
    if (!isSchoolDay(day)) continue;
    const a = Math.max(from, day === start.day ? start.minute : 0);
    const b = Math.min(to, day === end.day ? end.minute : 24 * 60);
    if (b > a) total += b - a;
  }
  return total;
}

/**
 * Whether an unacknowledged flag escalates now: it has waited the policy's minutes of school
 * hours since it was raised or last escalated, it is school hours now, and it is not already
 * at the top.
 */
export function escalatesNow(level: number, waitedSchoolMinutes: number, policy: Pick<EscalationPolicy, 'afterMinutes'>, isSchoolTime: boolean): boolean {
  return level < ESCALATION.length - 1 && isSchoolTime && waitedSchoolMinutes >= policy.afterMinutes;
}

/** What the DSL (or a deputy) records having done when acknowledging a flag. */
export const FLAG_ACTIONS = {
  'social-worker-informed': 'Social worker informed',
  'family-contacted': 'Contact made with the family',
  'home-visit': 'Home visit arranged',
  'la-referral': 'Referred to the local authority',
  'no-further-action': 'No further action (see note)',
} as const;
export type FlagAction = keyof typeof FLAG_ACTIONS;

/** What a DSL did, as stored with the acknowledgement, in words; undefined for none or an unknown choice. */
export function flagActionLabel(action: string | null | undefined): string | undefined {
  return action && action in FLAG_ACTIONS ? FLAG_ACTIONS[action as FlagAction] : undefined;
}
