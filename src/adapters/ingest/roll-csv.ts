/**
 * The roll (pupils and their contacts) and the staff list, as CSV from the MIS. Every row is
 * checked with zod; every problem is reported by line and field; nothing is returned unless
 * the whole file is good.
 */
import type { z } from 'zod';
import { InputError, type InputProblem, rollRowSchema, staffRowSchema } from '../../app/imports/rows.ts';
import { readCsvRecords } from './csv.ts';

/**
 * Parses and validates a whole file against a row schema. The header must hold the
 * required columns; each key column must be unique where it has a value (an identity named
 * twice in one file is a problem at its second line, never a database error).
 */
export function parseRecords<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  required: readonly string[],
  uniqueKeys: readonly string[],
): { line: number; row: z.infer<S> }[] {
  const { header, records } = readCsvRecords(text);
  const problems: InputProblem[] = [];
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new InputError([{ file, line: 1, field: 'header', message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` }]);
  }
  const seen = new Map<string, Map<string, number>>(uniqueKeys.map((k) => [k, new Map()]));
  const out: { line: number; row: z.infer<S> }[] = [];
  for (const rec of records) {
    const r = schema.safeParse(rec.values);
    if (!r.success) {
      for (const issue of r.error.issues) problems.push({ file, line: rec.line, field: String(issue.path[0] ?? 'row'), message: issue.message });
      continue;
    }
    for (const uniqueKey of uniqueKeys) {
      const value = rec.values[uniqueKey]?.trim();
      if (!value) continue;
      const lines = seen.get(uniqueKey)!;
      const first = lines.get(value.toLowerCase());
      if (first !== undefined) problems.push({ file, line: rec.line, field: uniqueKey, message: `"${value}" is also at line ${first}` });
      else lines.set(value.toLowerCase(), rec.line);
    }
    out.push({ line: rec.line, row: r.data });
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}

export const PUPIL_REQUIRED = ['upn', 'given_name', 'family_name', 'year', 'reg_group', 'admission_date'] as const;
export const STAFF_REQUIRED = ['name', 'email', 'roles'] as const;

export const parsePupilsCsv = (text: string, file: string) => parseRecords(text, file, rollRowSchema, PUPIL_REQUIRED, ['upn']);
export const parseStaffCsv = (text: string, file: string) => parseRecords(text, file, staffRowSchema, STAFF_REQUIRED, ['email', 'slack_user_id', 'teams_aad_object_id']);
