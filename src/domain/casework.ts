/**
 * What staff record on a pupil's case: one union, one name per event. The name is the form's id,
 * the audit log's action (`casework.<kind>`) and the stored kind; the case store writes the
 * fields the rules read (the day, the outcome, a review's day) to typed columns.
 */
import type { NoticeStatus } from './penalty.ts';
import type { CallOutcome, Reason } from './reasons.ts';

export const CASE_EVENT_KINDS = [
  'call', 'letter-sent', 'meeting-booked', 'meeting-outcome', 'plan-started', 'notice-to-improve',
  'review-held', 'step-recorded', 'penalty-requested', 'penalty-declined', 'penalty-decision', 'entry-undone',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/** What became of a meeting. Only a meeting held with the family is the ladder's meeting. */
export const MEETING_RESULTS = {
  attended: 'Held: the family attended',
  'did-not-attend': 'Did not attend',
  cancelled: 'Cancelled',
  rescheduled: 'Rescheduled',
} as const;
export type MeetingResult = keyof typeof MEETING_RESULTS;

/**
 * Why an outcome cannot be recorded for a meeting now, if it cannot: a meeting is held, or
 * missed, only once its time has come; one already settled stays as it was recorded.
 */
export function meetingOutcomeProblem(result: MeetingResult, meeting: { readonly scheduledAt: Date; readonly status: MeetingResult | 'booked' }, now: Date): string | undefined {
  if (meeting.status !== 'booked') return `That meeting is recorded already (${MEETING_RESULTS[meeting.status].toLowerCase()}).`;
  if ((result === 'attended' || result === 'did-not-attend') && meeting.scheduledAt.getTime() > now.getTime()) {
    return 'That meeting has not happened yet: record whether it was held once its time has come (to move it, choose Rescheduled; to call it off, Cancelled).';
  }
  return undefined;
}

/** The plans a review is set for when they start. */
export const PLANS = ['support-plan', 'attendance-contract'] as const;
export type Plan = (typeof PLANS)[number];

interface Base {
  /** What the case history shows. */
  readonly summary: string;
  /** The school day it is about (YYYY-MM-DD): the day of a call, a step done, a decision. */
  readonly day: string;
  /** The ladder's steps this casework recorded done (each on its day): undone with it. */
  readonly steps?: readonly { readonly stepKey: string; readonly day: string }[];
}

export type CaseEvent = Base & (
  | { readonly kind: 'call'; readonly outcome: CallOutcome; readonly contactId: number | null; readonly reason: Reason | null; readonly note: string | null; readonly amended: number }
  | { readonly kind: 'letter-sent'; readonly stepKey: string; readonly letters?: readonly number[] }
  | { readonly kind: 'meeting-booked'; readonly date: string; readonly time: string; readonly attendees: string; readonly meetingId?: number }
  | { readonly kind: 'meeting-outcome'; readonly meetingId: number; readonly result: MeetingResult; readonly note: string | null; readonly rebookedFor: string | null; readonly rebookedAs?: number }
  | { readonly kind: 'plan-started'; readonly plan: Plan; readonly reviewOn: string; readonly note: string | null }
  | { readonly kind: 'notice-to-improve'; readonly reviewOn: string; readonly support: string; readonly improvement: string }
  | { readonly kind: 'review-held'; readonly reviewOf: number; readonly note: string | null }
  | { readonly kind: 'step-recorded'; readonly stepKey: string; readonly state: 'done' | 'not-needed'; readonly note: string | null }
  | { readonly kind: 'penalty-requested'; readonly noticeId: number; readonly contactId: number }
  | { readonly kind: 'penalty-declined' }
  | { readonly kind: 'penalty-decision'; readonly noticeId: number; readonly status: NoticeStatus; readonly note: string | null }
  | { readonly kind: 'entry-undone'; readonly actionId: number; readonly reason: string }
);

/** The entries never undone from chat, whoever recorded them (undoProblem says what to do instead). */
export const NOT_UNDONE_HERE: ReadonlySet<CaseEventKind> = new Set(['penalty-requested', 'penalty-decision', 'entry-undone']);

/** Why an entry cannot be undone from chat, if it cannot: what to do instead. */
export function undoProblem(e: CaseEvent): string | undefined {
  switch (e.kind) {
    case 'call': return e.amended > 0 ? 'That call changed the register: change the mark back through the register (an import or the MIS) instead.' : undefined;
    case 'penalty-requested':
    case 'penalty-decision': return 'A penalty notice is the local authority\'s record: record what became of it instead (Penalty notice: record what happened, withdrawn).';
    case 'entry-undone': return 'An undo cannot itself be undone: record the entry again.';
    default: return undefined;
  }
}

/**
 * Whether a person may undo an entry: its author, or a senior leader, on the school day it was
 * recorded (afterwards it stands, and a new entry corrects it).
 */
export function mayUndo(entry: { readonly staffId: number | null; readonly recordedOn: string }, who: { readonly staffId: number; readonly seniorLeader: boolean }, today: string): string | undefined {
  if (entry.recordedOn !== today) return 'Only an entry recorded today can be undone: record a new entry to correct an older one.';
  if (entry.staffId !== who.staffId && !who.seniorLeader) return 'Only the person who recorded it, or a senior leader, can undo an entry.';
  return undefined;
}

/** The outcome column of an event: a call's or a meeting's. */
export function outcomeOf(e: CaseEvent): string | null {
  if (e.kind === 'call') return e.outcome;
  return e.kind === 'meeting-outcome' ? e.result : null;
}

/** The day a review of the event falls due, if it sets one. */
export function reviewOnOf(e: CaseEvent): string | null {
  return e.kind === 'plan-started' || e.kind === 'notice-to-improve' ? e.reviewOn : null;
}

/** The note typed with an event, if any. */
export function noteOf(e: CaseEvent): string | null {
  return 'note' in e ? e.note : null;
}

/** An event as a use case writes it: its day is the school day it is recorded on, unless it names one. */
export type CaseEventDraft = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'day'> & { readonly day?: string } : never) : never;
