/**
 * The roll (pupils and their contacts) and the staff list, as CSV from the MIS. Every row is
 * checked with zod; every problem is reported by line and field; nothing is returned unless
 * the whole file is good.
 */
import type { z } from 'zod';
import { InputError, problemList, rollRowSchema, staffRowSchema } from '../../app/imports/rows.ts';
import { readCsvRecords } from './csv.ts';

/**
 * Parses and validates a whole file against a row schema. The header must hold the
 * required columns; each key column must be unique where it has a value (an identity named
 * twice in one file is a problem at its second line, never a database error).
 */
/** Rows checked between two yields to the event loop: a large file never holds every school's chat. */
const ROWS_PER_SLICE = 500;
const yieldToOthers = () => new Promise<void>((r) => setImmediate(r));

export async function parseRecords<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  required: readonly string[],
  uniqueKeys: readonly string[],
  maxRows: number,
): Promise<{ line: number; row: z.infer<S> }[]> {
  const { header, records } = readCsvRecords(text);
  if (records.length > maxRows) {
    throw new InputError([{ file, line: maxRows + 2, field: 'row', message: `over ${maxRows.toLocaleString('en-GB')} rows (${records.length.toLocaleString('en-GB')}): no school has so many; nothing was read` }]);
  }
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new InputError([{ file, line: 1, field: 'header', message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` }]);
  }
  const problems = problemList();
  const seen = new Map<string, Map<string, number>>(uniqueKeys.map((k) => [k, new Map()]));
  const out: { line: number; row: z.infer<S> }[] = [];
  for (const [i, rec] of records.entries()) {
    if (i > 0 && i % ROWS_PER_SLICE === 0) await yieldToOthers();
    const r = schema.safeParse(rec.values);
    if (!r.success) {
      for (const issue of r.error.issues) problems.add({ file, line: rec.line, field: String(issue.path[0] ?? 'row'), message: issue.message });
      continue;
    }
    for (const uniqueKey of uniqueKeys) {
      const value = rec.values[uniqueKey]?.trim();
      if (!value) continue;
      const lines = seen.get(uniqueKey)!;
      const first = lines.get(value.toLowerCase());
      if (first !== undefined) problems.add({ file, line: rec.line, field: uniqueKey, message: `"${value.slice(0, 80)}" is also at line ${first}` });
      else lines.set(value.toLowerCase(), rec.line);
    }
    out.push({ line: rec.line, row: r.data });
  }
  problems.throwIfAny((more) => ({ file, line: records.at(-1)?.line ?? 1, field: 'row', message: `…and ${more.toLocaleString('en-GB')} more problems` }));
  return out;
}

export const PUPIL_REQUIRED = ['upn', 'given_name', 'family_name', 'year', 'reg_group', 'admission_date'] as const;
export const STAFF_REQUIRED = ['name', 'email', 'roles'] as const;

/** Rows at the most: the largest English schools have about 4,000 pupils and 600 staff. */
export const MAX_ROLL_ROWS = 10_000;
export const MAX_STAFF_ROWS = 3_000;

export const parsePupilsCsv = (text: string, file: string) => parseRecords(text, file, rollRowSchema, PUPIL_REQUIRED, ['upn'], MAX_ROLL_ROWS);
export const parseStaffCsv = (text: string, file: string) => parseRecords(text, file, staffRowSchema, STAFF_REQUIRED, ['email', 'slack_user_id', 'teams_aad_object_id'], MAX_STAFF_ROWS);
