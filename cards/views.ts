/**
 * What the cards show, as the cards define it: the use cases fill these in and the cards
 * render them. Cards depend on these and the domain only, never on the app layer.
 */
import type { PupilEvaluation } from '../src/domain/evaluation.ts';
import type { StepDue, StepStatus } from '../src/domain/ladder.ts';
import type { AbsenceStatus } from '../src/domain/statistics.ts';
import type { CohortSummary } from '../src/domain/cohort.ts';

export interface PupilSummary {
  readonly id: number;
  readonly upn: string;
  readonly name: string;
  readonly yearGroup: number;
  readonly regGroup: string;
}

export interface CaseEntryView {
  readonly kind: string;
  readonly outcome: string | null;
  readonly summary: string;
  /** The note typed with it. */
  readonly note?: string;
  readonly actorName: string;
  /** An ISO instant. */
  readonly at: string;
  /** When, in the school's time: "Mon 23 Nov 09:15". */
  readonly when: string;
  /** Undone the same day: by whom and why (the entry stays). */
  readonly undone?: { readonly by: string; readonly reason: string };
}

/** A contact from the roll, as the card and the call form show it. */
export interface ContactView {
  readonly id: number;
  readonly name: string;
  readonly relationship: string;
  readonly parentalResponsibility: boolean;
  readonly phone: string | null;
}

/** A step of the rungs reached, or recorded, as the card lists it (see StepStatus in the ladder). */
export interface LadderStepView {
  readonly key: string;
  readonly title: string;
  readonly rungTitle: string;
  readonly status: StepStatus;
  /** "Mon 2 Nov, Asha Patel" or "not needed: …". */
  readonly detail?: string;
  /** Due now. */
  readonly due: boolean;
  /** A waiting step: the school day it comes due ("Mon 23 Nov"). */
  readonly dueFrom?: string;
  /** A step after others: their titles. */
  readonly waitingFor?: readonly string[];
}

export interface PupilView {
  readonly pupil: PupilSummary;
  readonly asOf: string;
  readonly evaluation: PupilEvaluation;
  readonly trend: readonly { name: string; attendancePct: number | null }[];
  /** The attendance levels the school's ladder acts at, highest first (see ladderLevels). */
  readonly levels: readonly { readonly label: string; readonly percent: number }[];
  /**
   * The last weeks' marks as a grid, oldest week first: each school day's AM and PM codes
   * ("·" for a mark not taken), null for a day with no school or still to come.
   */
  readonly recentWeeks: readonly { readonly weekOf: string; readonly days: readonly ({ readonly am: string; readonly pm: string } | null)[] }[];
  readonly caseId: number | null;
  readonly actions: readonly CaseEntryView[];
  readonly due: readonly StepDue[];
  /** The one next step, if any (the first due, in the policy's order). */
  readonly next?: StepDue;
  /** The pupil's contacts, first to call first. */
  readonly contacts: readonly ContactView[];
  /** The rung the pupil's figures put them on, and the steps of it and below. */
  readonly ladder: { readonly rung?: string; readonly steps: readonly LadderStepView[] };
  /** Reviews set by casework and not yet recorded; `dueNow` from their day. */
  readonly reviews: readonly { readonly actionId: number; readonly title: string; readonly on: string; readonly dueNow: boolean }[];
  /** The pupil's penalty notices: to whom, where each stands, and what may follow. */
  readonly notices: readonly PenaltyNoticeView[];
  /** Entries of the case this viewer may undo now (recorded today, by them or as a senior leader), newest first. */
  readonly undoable: readonly { readonly id: number; readonly label: string }[];
  /** Meetings booked on the open case and not yet held. */
  readonly meetingsToRecord: readonly { id: number; scheduledAt: string; attendees: string; /** "Mon 23 Nov 15:30", school time. */ when: string }[];
  /** Only for the DSL and deputies. */
  readonly safeguarding?: { socialWorker: string; lookedAfter: string; youngCarer: boolean; openFlags: readonly string[]; /** Each with who acknowledged it, when and what was done. */ acknowledgedFlags: readonly string[] };
}

/** A penalty notice as the card lists it. */
export interface PenaltyNoticeView {
  readonly id: number;
  /** "Kim Nine (mother)". */
  readonly parent: string;
  /** "requested Mon 3 Mar; issued by the LA Tue 11 Mar". */
  readonly line: string;
  /** What may be recorded next: its statuses with their labels. */
  readonly next: readonly { readonly status: string; readonly label: string }[];
}

/** A mark changed from chat that the MIS does not show yet. */
export interface MisRow {
  readonly id: number;
  readonly pupil: string;
  readonly date: string;
  readonly session: string;
  readonly misCode: string;
  readonly chatCode: string;
  readonly by: string;
  /** Write-back through the MIS connector: done and waiting, or why it failed. */
  readonly writeBack?: string;
}

export interface ListRow {
  readonly pupilId: number;
  readonly upn: string;
  readonly name: string;
  readonly regGroup: string;
  readonly attendancePct: number | null;
  readonly status: AbsenceStatus;
  readonly note?: string;
}

/** The answer to a query, before it is drawn. */
/** A page of a list of pupils, and the query that asks for it again (with `page N` after it). */
export interface ListPage { readonly title: string; readonly query: string; readonly rows: readonly ListRow[]; readonly page: number; readonly pageCount: number; readonly total: number }

/** How a year's or a form's pupils are listed: lowest attendance first, or by name. */
export type CohortOrder = 'attendance' | 'name';

/** A year or a form as one: its figures, against the national ones, split by group, over the year. */
export interface CohortView {
  readonly name: string;
  readonly asOf: string;
  readonly summary: CohortSummary;
  /** The periods of the trend (the half terms so far), as the summary's trend has them. */
  readonly periods: readonly string[];
  /** The safeguarding groups (social worker, looked after) are in the split: the asker is a DSL role. */
  readonly safeguardingGroups: boolean;
  readonly order: CohortOrder;
  /** The query without its order or page ("year 9", "9A @oak"). */
  readonly query: string;
}

/** One thing on a person's day: a pupil and what is to do. */
export interface MyDayItem {
  readonly name: string;
  readonly upn: string;
  readonly regGroup: string;
  readonly what: string;
}

/** What is one person's to do today, by their roles: each list within their scope. */
export interface MyDayView {
  readonly date: string;
  /** Pupils still without a reason after the register closed, not yet called today (attendance officers). */
  readonly calls: readonly MyDayItem[];
  /** The next ladder steps whose actor is one of the person's roles, for pupils they see. */
  readonly steps: readonly MyDayItem[];
  /** Reviews due (of plans, contracts, notices to improve) that fall to their roles. */
  readonly reviews: readonly MyDayItem[];
  /** Meetings today, and earlier ones still without an outcome, for pupils they see. */
  readonly meetings: readonly MyDayItem[];
  /** Unacknowledged safeguarding flags: DSL roles only (absent for anyone else). */
  readonly flags?: readonly MyDayItem[];
  /** What the person's roles hold, to say what an empty list means ("as attendance officer"). */
  readonly roles: readonly string[];
}

/** One line of a school's setup: set, or missing with how to fix it. */
export interface SetupLine { readonly ok: boolean; readonly what: string; readonly fix?: string }

export type QueryResult =
  | { readonly kind: 'pupil'; readonly view: PupilView }
  | ({ readonly kind: 'list' } & ListPage)
  | { readonly kind: 'cohort'; readonly view: CohortView; readonly pupils: ListPage }
  | { readonly kind: 'today'; readonly view: MyDayView }
  | { readonly kind: 'setup'; readonly school: string; readonly lines: readonly SetupLine[] }
  | { readonly kind: 'choice'; readonly text: string; readonly options: readonly { label: string; query: string }[]; readonly more?: { readonly previous?: string; readonly next?: string } }
  | { readonly kind: 'mis'; readonly rows: readonly MisRow[]; readonly total: number; readonly notice?: string }
  | { readonly kind: 'refusal'; readonly text: string }
  | { readonly kind: 'help'; readonly text: string };
