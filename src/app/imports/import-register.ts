/**
 * Import a register: marks already read and checked row by row (src/adapters/ingest), here
 * checked against the school's roll, then written all-or-nothing: new marks inserted, a
 * changed mark amended (original, new, reason, who, when, source), an identical one left.
 */
import type { ImportMeta, ImportStore, MarkCounts } from '../ports.ts';
import { InputError, type InputProblem, notOnRoll, type ParsedRegister } from './rows.ts';

export class UnknownSchoolError extends Error {}

export interface ImportWho {
  /** e.g. `cli:root`, `api-key:3` */
  readonly actor: string;
  /** cli, api, mis */
  readonly source: string;
}

/** Stops listing unknown pupils after this many (the file is refused either way). */
export const MAX_ROLL_PROBLEMS = 200;

export async function requireSchool(store: ImportStore, schoolId: string): Promise<void> {
  if (!(await store.schoolExists(schoolId))) throw new UnknownSchoolError(`no school "${schoolId}"`);
}

/** The school's roll by UPN, for reading a file against it; refuses an unknown school. */
export async function rollOf(store: ImportStore, schoolId: string): Promise<ReadonlyMap<string, number>> {
  await requireSchool(store, schoolId);
  return store.pupilIds(schoolId);
}

/** `roll`: the school's roll when the caller already read it (from `rollOf`) to read the file. */
export async function importRegister(
  store: ImportStore, schoolId: string, parsed: ParsedRegister,
  who: ImportWho & Pick<ImportMeta, 'onProgress'>, roll?: ReadonlyMap<string, number>,
): Promise<MarkCounts> {
  const ids = roll ?? await rollOf(store, schoolId);
  const problems: InputProblem[] = [];
  for (const [upn, rows] of parsed.pupils) {
    if (ids.has(upn)) continue;
    for (let i = 0; i < rows.lines.length && problems.length < MAX_ROLL_PROBLEMS; i++) {
      problems.push({ file: parsed.file, line: rows.lines[i]!, field: 'upn', message: notOnRoll(upn, schoolId) });
    }
  }
  if (problems.length > 0) throw new InputError(problems.sort((a, b) => a.line - b.line));
  const pupilIds: number[] = [];
  const slots: number[] = [];
  const codes: number[] = [];
  for (const [upn, rows] of parsed.pupils) {
    const id = ids.get(upn)!;
    for (let i = 0; i < rows.slots.length; i++) {
      pupilIds.push(id);
      slots.push(rows.slots[i]!);
      codes.push(rows.codes[i]!);
    }
  }
  return store.writeMarks({ pupilIds, slots, codes }, { schoolId, ...who, fileName: parsed.file, reason: 'import' });
}
