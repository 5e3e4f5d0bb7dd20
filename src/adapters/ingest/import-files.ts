/**
 * A file (CSV, or JSON already turned into the register's CSV rows) read into rows and handed
 * to the import use cases: what the CLI, the import endpoint and the demo share.
 */
import type { ImportWho } from '../../app/imports/import-register.ts';
import { importRoll, importStaff as importStaffRows } from '../../app/imports/import-roll.ts';
import type { ImportStore } from '../../app/ports.ts';
import { parsePupilsCsv, parseStaffCsv } from './roll-csv.ts';

export { importRegister } from './register-file.ts';

export async function importPupils(store: ImportStore, schoolId: string, text: string, fileName: string, who: ImportWho) {
  return importRoll(store, schoolId, (await parsePupilsCsv(text, fileName)).map((r) => r.row), { ...who, fileName });
}

export async function importStaff(store: ImportStore, schoolId: string, text: string, fileName: string, who: ImportWho) {
  return importStaffRows(store, schoolId, (await parseStaffCsv(text, fileName)).map((r) => r.row), { ...who, fileName });
}
