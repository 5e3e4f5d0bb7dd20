/** Registers: each pupil's marks. */
import type { AttendanceCode } from '../../domain/codes.ts';
import type { DayNumber, Session } from '../../domain/dates.ts';
import type { PupilRegister } from '../../domain/register.ts';

export interface Registers {
  /** Each pupil's marks between two days (inclusive). */
  load(schoolId: string, from: DayNumber, to: DayNumber, pupilIds?: readonly number[]): Promise<Map<number, PupilRegister>>;
  /** The pupils with at least one `N` (reason not yet established) between two days (inclusive), whether on roll or not. */
  withN(schoolId: string, from: DayNumber, to: DayNumber): Promise<number[]>;
  /** The codes taken for one session, by pupil. */
  session(schoolId: string, date: string, session: Session): Promise<Map<number, AttendanceCode>>;
  /** The session's marks changed from `N` to a reason, by pupil: the code, who (a name, or the import's source) and when (the latest). */
  resolved(schoolId: string, date: string, session: Session): Promise<Map<number, ResolvedMark>>;
}

/**
 * A school's data version: it changes whenever anything an evaluation of its roll reads changes
 * (marks, the roll, contacts, casework, notices), whoever wrote it, in whatever process.
 */
export interface DataVersions {
  of(schoolId: string): Promise<string>;
}

/** An `N` resolved: to which code, by whom, when. */
export interface ResolvedMark {
  readonly code: AttendanceCode;
  /** A member of staff by name, or where it came from (`an import`, `the MIS`). */
  readonly by: string;
  readonly at: Date;
}
