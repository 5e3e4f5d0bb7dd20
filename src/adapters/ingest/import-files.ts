/**
 * A file (CSV, or JSON already turned into the register's CSV rows) read into rows and handed
 * to the import use cases: what the CLI, the import endpoint and the demo share.
 */
import { importRegister as importRegisterRows, type ImportWho, rollOf } from '../../app/imports/import-register.ts';
import { importRoll, importStaff as importStaffRows } from '../../app/imports/import-roll.ts';
import type { ImportMeta, ImportStore, RegisterImportStore } from '../../app/ports.ts';
import type { SourceCodeMap } from '../../domain/codes.ts';
import { parseRegisterCsv } from './register-csv.ts';
import { parsePupilsCsv, parseStaffCsv } from './roll-csv.ts';

/** `file`: the register's bytes (as read from disk or a request) or its text. */
export async function importRegister(store: RegisterImportStore, schoolId: string, file: string | Uint8Array, fileName: string,
  options: ImportWho & Pick<ImportMeta, 'onProgress'> & { codeMap?: SourceCodeMap }) {
  const { codeMap, ...who } = options;
  // the roll is checked while reading too, so that one answer lists every problem of the file
  const ids = await rollOf(store, schoolId);
  const parsed = parseRegisterCsv(file, fileName, { ...(codeMap ? { codeMap } : {}), roll: { has: (upn) => ids.has(upn), schoolId } });
  return importRegisterRows(store, schoolId, parsed, who, ids);
}

export async function importPupils(store: ImportStore, schoolId: string, text: string, fileName: string, who: ImportWho) {
  return importRoll(store, schoolId, parsePupilsCsv(text, fileName).map((r) => r.row), { ...who, fileName });
}

export async function importStaff(store: ImportStore, schoolId: string, text: string, fileName: string, who: ImportWho) {
  return importStaffRows(store, schoolId, parseStaffCsv(text, fileName).map((r) => r.row), { ...who, fileName });
}
