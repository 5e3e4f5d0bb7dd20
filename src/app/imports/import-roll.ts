/** Import the roll (pupils and their contacts) and the staff list: rows already checked, written all-or-nothing and audited. */
import type { ImportStore, RollCounts, StaffCounts } from '../ports.ts';
import { type ImportWho, requireSchool } from './import-register.ts';
import type { RollImportRow, StaffImportRow } from './rows.ts';

export async function importRoll(store: ImportStore, schoolId: string, rows: readonly RollImportRow[], who: ImportWho & { fileName: string }): Promise<RollCounts> {
  await requireSchool(store, schoolId);
  return store.writeRoll(schoolId, rows, who);
}

export async function importStaff(store: ImportStore, schoolId: string, rows: readonly StaffImportRow[], who: ImportWho & { fileName: string }): Promise<StaffCounts> {
  await requireSchool(store, schoolId);
  return store.writeStaff(schoolId, rows, who);
}
