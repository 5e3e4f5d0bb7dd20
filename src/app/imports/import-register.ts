/**
 * Import a register: marks already read and checked row by row (src/adapters/ingest), here
 * checked against the school's roll, then written all-or-nothing: new marks inserted, a
 * changed mark amended (original, new, reason, who, when, source), an identical one left.
 */
import type { ImportMeta, MarkCounts, RegisterImportStore, Who } from '../ports.ts';
import { InputError, type InputProblem, MAX_LISTED_PROBLEMS, notOnRoll, type ParsedRegister } from './problems.ts';

export class UnknownSchoolError extends Error {}

/** Who imports, from where (the CLI, an API key, the MIS). */
export type ImportWho = Who;

export async function requireSchool(store: RegisterImportStore, schoolId: string): Promise<void> {
  if (!(await store.schoolExists(schoolId))) throw new UnknownSchoolError(`no school "${schoolId}"`);
}

/** The school's roll by UPN, for reading a file against it; refuses an unknown school. */
export async function rollOf(store: RegisterImportStore, schoolId: string): Promise<ReadonlyMap<string, number>> {
  await requireSchool(store, schoolId);
  return store.pupilIds(schoolId);
}

/** `roll`: the school's roll when the caller already read it (from `rollOf`) to read the file. */
export async function importRegister(
  store: RegisterImportStore, schoolId: string, parsed: ParsedRegister,
  who: ImportWho & Pick<ImportMeta, 'onProgress'>, roll?: ReadonlyMap<string, number>,
): Promise<MarkCounts> {
  const ids = roll ?? await rollOf(store, schoolId);
  const problems: InputProblem[] = [];
  for (const [upn, rows] of parsed.pupils) {
    if (ids.has(upn)) continue;
    for (let i = 0; i < rows.lines.length && problems.length < MAX_LISTED_PROBLEMS; i++) {
      problems.push({ file: parsed.file, line: rows.lines[i]!, field: 'upn', message: notOnRoll(upn, schoolId) });
    }
  }
  if (problems.length > 0) throw new InputError(problems.sort((a, b) => a.line - b.line));
  // one row per mark, packed: a year of a large school is 760,000 of them
  let total = 0;
  for (const rows of parsed.pupils.values()) total += rows.slots.length;
  const pupilIds = new Int32Array(total);
  const slots = new Int32Array(total);
  const codes = new Uint8Array(total);
  let at = 0;
  for (const [upn, rows] of parsed.pupils) {
    const id = ids.get(upn)!;
    pupilIds.fill(id, at, at + rows.slots.length);
    slots.set(rows.slots, at);
    codes.set(rows.codes, at);
    at += rows.slots.length;
  }
  return store.writeMarks({ pupilIds, slots, codes }, { schoolId, ...who, fileName: parsed.file, reason: 'import' });
}
