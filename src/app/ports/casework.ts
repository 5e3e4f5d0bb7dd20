/** Casework: what a pupil's case holds, and the writes to it (one transaction with its audit entry). */
import type { AttendanceCode } from '../../domain/codes.ts';
import type { DayNumber, Slot } from '../../domain/dates.ts';
import type { StepRecord } from '../../domain/ladder.ts';
import type { NoticeRecord, NoticeStatus } from '../../domain/penalty.ts';
import type { CaseEvent, CaseEventKind, MeetingResult } from '../../domain/casework.ts';
import type { ContactRecord } from './roll.ts';
import type { StoredDraft } from './letters.ts';
import type { Actor, AuditEntry, AuditSource } from './audit.ts';

/** What casework already holds, by pupil: the facts the rules need besides the register. */
export interface CaseFacts {
  /** Slots linked to a penalty notice, by the parent it named (0: none named): they count towards no other notice to that parent. */
  readonly linkedByParent: ReadonlyMap<number, ReadonlySet<Slot>>;
  /** The pupil's parents for a notice (parental responsibility or care of the child), by contact id. */
  readonly parents: readonly number[];
  /** Ladder steps recorded on the pupil's cases (done or not needed), oldest first; re-arming is the rules' to judge. */
  readonly steps: readonly StepRecord[];
  /** Reviews set by casework (a plan, a contract, a notice to improve) not yet recorded as held. */
  readonly reviews: readonly ReviewDue[];
  /** The last day contact with the family was recorded. */
  readonly lastContact?: DayNumber;
  /** Penalty notices requested for the pupil, each with its parent, status and days (src/domain/penalty.ts). */
  readonly notices: readonly NoticeRecord[];
}

/** A review set by casework: due on its day, until a review is recorded for it. */
export interface ReviewDue {
  /** The case action that set it. */
  readonly actionId: number;
  /** The casework that set it: a plan started or a notice to improve. */
  readonly kind: Extract<CaseEventKind, 'plan-started' | 'notice-to-improve'>;
  readonly title: string;
  readonly on: DayNumber;
}

export interface CaseHistory {
  facts(schoolId: string, pupilIds?: readonly number[]): Promise<Map<number, CaseFacts>>;
}

/** One entry of a pupil's case, newest first. */
export interface CaseEntry {
  readonly id: number;
  readonly kind: CaseEventKind;
  /** Who recorded it, when a member of staff. */
  readonly staffId: number | null;
  /** Undone the same day: by whom (a name) and why; the entry stays in the history. */
  readonly undone?: { readonly by: string; readonly reason: string };
  readonly outcome: string | null;
  readonly summary: string;
  /** The note typed with it. */
  readonly note?: string;
  readonly actorName: string;
  readonly at: Date;
}

/** The open case of a pupil, as a card shows it. */
export interface CaseFile {
  readonly caseId: number;
  readonly entries: readonly CaseEntry[];
  /** Meetings booked and not yet settled (held, missed, cancelled or rescheduled), soonest first. */
  readonly meetingsToRecord: readonly MeetingRecord[];
}

/** A meeting booked on a case. */
export interface MeetingRecord {
  readonly id: number;
  readonly scheduledAt: Date;
  readonly attendees: string;
  readonly status: MeetingResult | 'booked';
}

/** Writes to one pupil's open case by one actor, all in one transaction with its audit entry. */
export interface CaseTx {
  readonly caseId: number;
  /** Adds the event to the case history, by the transaction's actor. */
  addAction(event: CaseEvent): Promise<void>;
  /** Returns the new meeting's id. */
  bookMeeting(at: Date, attendees: string): Promise<number>;
  /** A meeting of this case, read and locked for this transaction; undefined when it is not this case's. */
  meeting(meetingId: number): Promise<MeetingRecord | undefined>;
  /** Records what became of a meeting (and, rescheduled, the meeting booked in its place). */
  settleMeeting(meetingId: number, result: MeetingResult, note: string | null, rebookedAs?: number): Promise<void>;
  /** A meeting settled by mistake is booked again, as it was. */
  reopenMeeting(meetingId: number): Promise<void>;
  /** An entry of this case as it was recorded, read and locked for this transaction; undefined when it is not this case's. */
  entry(actionId: number): Promise<{ readonly id: number; readonly event: CaseEvent; readonly staffId: number | null; readonly at: Date; readonly undone: boolean } | undefined>;
  /** Marks the entry undone by the transaction's actor, with why: it stays, and no longer counts. */
  undo(actionId: number, reason: string): Promise<void>;
  /** A step recorded by mistake is no longer recorded (the row is kept, as due). */
  reopenStep(stepKey: string, day: string): Promise<void>;
  /** Withdraws the notice to improve issued on the day (recorded by mistake). */
  withdrawNoticeToImprove(issuedOn: string): Promise<void>;
  /** Amends the day's sessions still `N` to `code`, keeping each original with the reason; returns how many. */
  amendUnexplained(date: string, code: AttendanceCode, reason: string, source: AuditSource): Promise<number>;
  /** Slots of this pupil already linked to a penalty notice to this parent, read within the transaction. */
  linkedSlots(contactId: number): Promise<Set<Slot>>;
  requestPenaltyNotice(n: { contactId: number; sequence: number; amountPence: number; slots: readonly Slot[]; day: string }): Promise<number>;
  /**
   * Records the LA's decision on a penalty notice of this pupil (issued on a day, paid, withdrawn,
   * refused, referred for prosecution); a notice refused or withdrawn lets go of its marks. Returns
   * the notice as it was, or undefined when it is not this pupil's.
   */
  decidePenaltyNotice(noticeId: number, status: NoticeStatus, day: string, note: string | null): Promise<NoticeRecord | undefined>;
  issueNoticeToImprove(n: { issuedOn: string; endsOn: string; support: string; improvement: string }): Promise<void>;
  /** Claims a submission's key in this transaction; false when it was recorded already (a retried submission). */
  claimSubmission(key: string): Promise<boolean>;
  /** Asks, in this transaction, for the day's shared lists to be brought up to date (the outbox does it if nothing else does). */
  requestListRefresh(date: string): Promise<void>;
  /** Records a ladder step done on a day (or judged not needed), by whom: it is no longer due until the ladder re-arms it. */
  recordStep(r: { stepKey: string; rungKey: string; state: StepRecord['state']; day: string; note?: string }): Promise<void>;
  /**
   * Marks this pupil's drafts of a step sent on a day, read and locked in this transaction;
   * returns those it marked (a draft of another pupil or step, or sent already, is not).
   */
  markDraftsSent(ids: readonly number[], stepKey: string, day: string): Promise<StoredDraft[]>;
  audit(entry: AuditEntry): Promise<void>;
}

/** The last call logged for a pupil on a day: what a shared list may show of it (no reason, no note). */
export interface CallLogged {
  readonly at: Date;
  readonly actorName: string;
  readonly outcome: string;
}

/** A meeting booked and not yet settled, with its pupil: what "my day" lists. */
export interface MeetingDue extends MeetingRecord {
  readonly pupilId: number;
}

export interface Cases extends CaseHistory {
  /** Meetings booked and not yet settled (held, missed, cancelled or rescheduled) at or before `upTo`, soonest first. */
  meetingsDue(schoolId: string, upTo: Date): Promise<MeetingDue[]>;
  /** The latest call logged on the day for each of the pupils. */
  callsOn(schoolId: string, date: string, pupilIds: readonly number[]): Promise<Map<number, CallLogged>>;
  /** A pupil card's reading, in one round trip: the case facts, the open case and the contacts (as `Roll.contacts`). */
  pupilFile(schoolId: string, pupilId: number, recentEntries: number): Promise<{ facts: CaseFacts; file?: CaseFile; contacts: ContactRecord[] }>;
  /** Runs `fn` on the pupil's open case (opened if none), in one transaction, as `actor`. */
  record<T>(schoolId: string, pupilId: number, actor: Actor, fn: (tx: CaseTx) => Promise<T>): Promise<T>;
}

