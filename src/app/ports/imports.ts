/** Imports: where validated rows land, all-or-nothing. */
import type { RollImportRow, StaffImportRow } from '../imports/rows.ts';
import type { Who } from './audit.ts';

/** A register's marks, packed: one entry per session, by pupil id. */
export interface MarkRows {
  readonly pupilIds: ArrayLike<number>;
  readonly slots: ArrayLike<number>;
  readonly codes: ArrayLike<number>;
}

/** Who imports, from where, into which school, from which file. */
export interface ImportMeta extends Who {
  readonly schoolId: string;
  readonly fileName: string;
  /** The reason written on each amendment, e.g. `import`. */
  readonly reason: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface MarkCounts {
  readonly rows: number;
  readonly inserted: number;
  readonly amended: number;
  readonly unchanged: number;
  /** Sessions amended from chat where the file still carries the MIS's earlier code: kept, and listed. */
  readonly misNotUpdated: number;
}

export interface RollCounts { readonly rows: number; readonly inserted: number; readonly updated: number; readonly contacts: number }
export interface StaffCounts { readonly rows: number; readonly inserted: number; readonly updated: number }

/** Where imports land: each write all-or-nothing, in one transaction with its audit entry. */
export interface ImportStore {
  schoolExists(schoolId: string): Promise<boolean>;
  /** The school's pupils, by UPN. */
  pupilIds(schoolId: string): Promise<Map<string, number>>;
  writeMarks(marks: MarkRows, meta: ImportMeta): Promise<MarkCounts>;
  writeRoll(schoolId: string, rows: readonly RollImportRow[], meta: Pick<ImportMeta, 'actor' | 'source' | 'fileName'>): Promise<RollCounts>;
  writeStaff(schoolId: string, rows: readonly StaffImportRow[], meta: Pick<ImportMeta, 'actor' | 'source' | 'fileName'>): Promise<StaffCounts>;
}

/** What a register import needs of the store: a process importing a register loads no more. */
export type RegisterImportStore = Pick<ImportStore, 'schoolExists' | 'pupilIds' | 'writeMarks'>;
