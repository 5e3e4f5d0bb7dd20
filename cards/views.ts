/**
 * What the cards show, as the cards define it: the use cases fill these in and the cards
 * render them. Cards depend on these and the domain only, never on the app layer.
 */
import type { PupilEvaluation } from '../src/domain/evaluation.ts';
import type { StepDue } from '../src/domain/ladder.ts';
import type { AbsenceStatus } from '../src/domain/statistics.ts';

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
  readonly actorName: string;
  /** An ISO instant. */
  readonly at: string;
}

export interface PupilView {
  readonly pupil: PupilSummary;
  readonly asOf: string;
  readonly evaluation: PupilEvaluation;
  readonly trend: readonly { name: string; attendancePct: number | null }[];
  readonly recent: readonly { date: string; am: string; pm: string }[];
  readonly caseId: number | null;
  readonly actions: readonly CaseEntryView[];
  readonly due: readonly StepDue[];
  /** Meetings booked on the open case and not yet held. */
  readonly meetingsToRecord: readonly { id: number; scheduledAt: string; attendees: string }[];
  /** Only for the DSL and deputies. */
  readonly safeguarding?: { socialWorker: string; lookedAfter: string; youngCarer: boolean; openFlags: readonly string[] };
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
export type QueryResult =
  | { readonly kind: 'pupil'; readonly view: PupilView }
  | { readonly kind: 'list'; readonly title: string; readonly query: string; readonly rows: readonly ListRow[]; readonly page: number; readonly pageCount: number; readonly total: number }
  | { readonly kind: 'choice'; readonly text: string; readonly options: readonly { label: string; query: string }[] }
  | { readonly kind: 'refusal'; readonly text: string }
  | { readonly kind: 'help'; readonly text: string };
