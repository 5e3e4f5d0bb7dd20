/** Import the roll (pupils and their contacts) and the staff list: rows already checked, written all-or-nothing and audited. */
import type { ImportStore, RollCounts, StaffCounts } from '../ports.ts';
import { type ImportWho, requireSchool } from './import-register.ts';
import type { RollImportRow, StaffImportRow } from './rows.ts';
import { upnWarning } from '../../domain/upn.ts';

/** The counts, and a warning for each UPN whose check letter is not the DfE's (imported all the same, named). */
export async function importRoll(store: ImportStore, schoolId: string, rows: readonly RollImportRow[], who: ImportWho & { fileName: string }): Promise<RollCounts & { readonly warnings: readonly string[] }> {
  await requireSchool(store, schoolId);
  const counts = await store.writeRoll(schoolId, rows, who);
  return { ...counts, warnings: rows.flatMap((r) => upnWarning(r.upn) ?? []) };
}

export async function importStaff(store: ImportStore, schoolId: string, rows: readonly StaffImportRow[], who: ImportWho & { fileName: string }): Promise<StaffCounts> {
  await requireSchool(store, schoolId);
  return store.writeStaff(schoolId, rows, who);
}
