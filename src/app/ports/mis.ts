/** The MIS: the source (Wonde) and what the service keeps of its connection. */
import type { Session } from '../../domain/dates.ts';
import type { Actor, Who } from './audit.ts';

/** One pupil as the MIS gives it: its own id, and the roll import's fields as text (validated like a file's rows). */
export interface MisPupil {
  readonly ref: string;
  /** How the MIS names the pupil, for a problem's message. */
  readonly label: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** One of the MIS's attendance codes: its id, its letter and, where the MIS gives it, the DfE code it stands for. */
export interface MisCode {
  readonly ref: string;
  readonly code: string;
  readonly description: string;
  readonly dfeCode?: string;
}

/** One session's mark as the MIS gives it. */
export interface MisMark {
  readonly studentRef: string;
  readonly date: string;
  readonly session: Session;
  readonly codeRef: string;
}

/** A code changed from chat, written back to the MIS. */
export interface MisWrite {
  readonly studentRef: string;
  readonly date: string;
  readonly session: Session;
  readonly codeRef: string;
  readonly comment: string;
}

/**
 * A school's MIS, read (and written back to) through an aggregator. Throws MisError: permanent
 * (the token refused, the school not shared) or not.
 */
export interface MisSource {
  readonly provider: string;
  pupils(misSchoolId: string, since: Date | undefined, onPage?: (rows: number) => void): Promise<MisPupil[]>;
  /** The school's own attendance codes and the MIS's global list (the school's first). */
  codes(misSchoolId: string): Promise<MisCode[]>;
  marks(misSchoolId: string, since: Date | undefined, onPage?: (rows: number) => void): Promise<MisMark[]>;
  /** Staff as the MIS names them, with their email (roles are the school's own staff import). */
  employees(misSchoolId: string, since: Date | undefined): Promise<{ readonly ref: string; readonly name: string; readonly email?: string }[]>;
  writeBack(misSchoolId: string, marks: readonly MisWrite[]): Promise<void>;
}

export class MisError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
    this.name = 'MisError';
  }
}

export interface MisConnectionRow {
  readonly schoolId: string;
  readonly provider: string;
  readonly misSchoolId: string;
  readonly writeBack: boolean;
}

export type MisResource = 'students' | 'attendance' | 'employees';

export interface MisSyncStateRow {
  readonly resource: MisResource | string;
  readonly cursor: Date | null;
  readonly lastSyncAt: Date | null;
  readonly lastRows: number;
  readonly lastError: string | null;
}

/** A change from chat the MIS does not show yet, to write back. */
export interface MisToWrite {
  readonly id: number;
  readonly upn: string;
  readonly date: string;
  readonly session: Session;
  readonly chatCode: string;
  readonly reason: string;
  readonly amendedBy: string;
}

export interface MisStore {
  connection(schoolId: string): Promise<MisConnectionRow | undefined>;
  connect(c: MisConnectionRow, who: Who): Promise<void>;
  connectedSchools(): Promise<MisConnectionRow[]>;
  state(schoolId: string): Promise<MisSyncStateRow[]>;
  setState(schoolId: string, resource: MisResource, s: { cursor?: Date; lastSyncAt: Date; lastRows: number; lastError: string | null }): Promise<void>;
  rememberStudents(schoolId: string, students: readonly { ref: string; upn: string }[]): Promise<void>;
  /** The MIS's pupil ids, by UPN, and back. */
  students(schoolId: string): Promise<{ byRef: Map<string, string>; byUpn: Map<string, string> }>;
  /** Names of the school's staff, matched by email, as the MIS has them; returns how many changed. Roles are untouched. */
  staffNames(schoolId: string, employees: readonly { name: string; email: string }[], who: Who): Promise<number>;
  toWriteBack(schoolId: string): Promise<MisToWrite[]>;
  writtenBack(ids: readonly number[], error?: string): Promise<void>;
  /** Takes the school's sync lease until `until`; false when another sync holds it. */
  claimSync(schoolId: string, until: Date): Promise<boolean>;
  releaseSync(schoolId: string): Promise<void>;
}

/** A mark amended from chat that the MIS does not show yet. */
export interface MisNotUpdated {
  readonly id: number;
  readonly pupilId: number;
  readonly pupilName: string;
  readonly upn: string;
  readonly date: string;
  readonly session: Session;
  readonly misCode: string;
  readonly chatCode: string;
  readonly amendedBy: string;
  /** Written back through the MIS connector, or why it could not be (null: not attempted). */
  readonly writeBack?: string | null;
}

/** The marks amended from chat that the MIS does not show yet, as the attendance officer works through them. */
export interface MisUpdates {
  /** Oldest first. */
  notUpdated(schoolId: string): Promise<MisNotUpdated[]>;
  /** Someone confirms the MIS now shows it; undefined when it is not the school's or already resolved. */
  corrected(schoolId: string, id: number, by: Actor): Promise<MisNotUpdated | undefined>;
}
