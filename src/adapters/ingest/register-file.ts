/**
 * A register file read and handed to the import use case: what the CLI, the import endpoint
 * and the demo share. Free of zod and of the roll's schemas (import-files.ts holds those), so
 * that `import register` loads only what it uses.
 */
import { importRegister as importRegisterRows, type ImportWho, rollOf } from '../../app/imports/import-register.ts';
import type { ImportMeta, RegisterImportStore } from '../../app/ports.ts';
import type { SourceCodeMap } from '../../domain/codes.ts';
import { parseRegisterCsv } from './register-csv.ts';

/** `file`: the register's bytes (as read from disk or a request) or its text. */
export async function importRegister(store: RegisterImportStore, schoolId: string, file: string | Uint8Array, fileName: string,
  options: ImportWho & Pick<ImportMeta, 'onProgress'> & { codeMap?: SourceCodeMap }) {
  const { codeMap, ...who } = options;
  // the roll is checked while reading too, so that one answer lists every problem of the file
  const ids = await rollOf(store, schoolId);
  const parsed = parseRegisterCsv(file, fileName, { ...(codeMap ? { codeMap } : {}), roll: { has: (upn) => ids.has(upn), schoolId } });
  return importRegisterRows(store, schoolId, parsed, who, ids);
}
