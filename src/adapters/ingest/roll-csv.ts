/**
 * The roll (pupils and their contacts) and the staff list, as CSV from the MIS. Every row is
 * checked with zod; every problem is reported by line and field; nothing is returned unless
 * the whole file is good.
 */
import { z } from 'zod';
import { parseIsoDate } from '../../domain/dates.ts';
import { readCsvRecords } from './csv.ts';
import { InputError, type InputProblem } from './register-csv.ts';

const isoDate = z.string().refine((v) => parseIsoDate(v) !== undefined, 'not a date (YYYY-MM-DD)');
const optionalIsoDate = z.string().transform((v) => (v === '' ? undefined : v)).pipe(isoDate.optional());
const flag = z.string().transform((v, ctx) => {
  const t = v.toLowerCase();
  if (['', 'n', 'no', 'false', '0'].includes(t)) return false;
  if (['y', 'yes', 'true', '1'].includes(t)) return true;
  ctx.addIssue({ code: 'custom', message: `expected yes or no, found "${v}"` });
  return z.NEVER;
});
const choice = <T extends string>(map: Record<string, T>, what: string) =>
  z.string().transform((v, ctx) => {
    const r = map[v.toLowerCase()];
    if (r === undefined) {
      ctx.addIssue({ code: 'custom', message: `${what}: expected one of ${Object.keys(map).filter(Boolean).join(', ')}, found "${v}"` });
      return z.NEVER;
    }
    return r;
  });
const identifier = z.string().min(1, 'empty').regex(/^[^\s,]+$/, 'no spaces or commas');
const optionalText = z.string().transform((v) => (v === '' ? undefined : v));

export const pupilRowSchema = z.object({
  upn: identifier,
  given_name: z.string().min(1, 'empty'),
  family_name: z.string().min(1, 'empty'),
  preferred_name: optionalText.optional(),
  year: z.string().regex(/^\d{1,2}$/, 'a year group number (0 for Reception)').transform(Number).pipe(z.number().max(14)),
  reg_group: z.string().min(1, 'empty'),
  admission_date: isoDate,
  leaving_date: optionalIsoDate.optional(),
  date_of_birth: optionalIsoDate.optional(),
  pupil_premium: flag.optional(),
  fsm: flag.optional(),
  send: choice({ '': 'none', none: 'none', n: 'none', support: 'support', k: 'support', ehcp: 'ehcp', e: 'ehcp' }, 'SEND').optional(),
  social_worker: choice({ '': 'none', none: 'none', cin: 'child_in_need', child_in_need: 'child_in_need', cp: 'child_protection', child_protection: 'child_protection' }, 'social worker').optional(),
  looked_after: choice({ '': 'none', none: 'none', lac: 'looked_after', cla: 'looked_after', looked_after: 'looked_after', pla: 'previously_looked_after', previously_looked_after: 'previously_looked_after' }, 'looked after').optional(),
  young_carer: flag.optional(),
  contact1_name: optionalText.optional(),
  contact1_relationship: optionalText.optional(),
  contact1_phone: optionalText.optional(),
  contact1_email: optionalText.optional(),
  contact2_name: optionalText.optional(),
  contact2_relationship: optionalText.optional(),
  contact2_phone: optionalText.optional(),
  contact2_email: optionalText.optional(),
}).superRefine((r, ctx) => {
  if (r.leaving_date && r.leaving_date < r.admission_date) ctx.addIssue({ code: 'custom', path: ['leaving_date'], message: 'before the admission date' });
});

export type PupilRow = z.infer<typeof pupilRowSchema>;

const ROLES = {
  attendance_officer: 'attendance_officer', head_of_year: 'head_of_year', form_tutor: 'form_tutor',
  dsl: 'dsl', deputy_dsl: 'deputy_dsl', senior_leader: 'senior_leader',
} as const;
export type RoleName = keyof typeof ROLES;

export interface RoleSpec {
  readonly role: RoleName;
  readonly yearGroup?: number;
  readonly regGroup?: string;
}

/** `head_of_year:9;form_tutor:9A;dsl` */
const roles = z.string().min(1, 'at least one role').transform((v, ctx) => {
  const out: RoleSpec[] = [];
  for (const part of v.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, arg] = part.split(':') as [string, string | undefined];
    if (!(name in ROLES)) {
      ctx.addIssue({ code: 'custom', message: `unknown role "${name}" (roles: ${Object.keys(ROLES).join(', ')})` });
      continue;
    }
    const role = name as RoleName;
    if (role === 'head_of_year') {
      if (!arg || !/^\d{1,2}$/.test(arg)) ctx.addIssue({ code: 'custom', message: 'head_of_year needs a year group, e.g. head_of_year:9' });
      else out.push({ role, yearGroup: Number(arg) });
    } else if (role === 'form_tutor') {
      if (!arg) ctx.addIssue({ code: 'custom', message: 'form_tutor needs a registration group, e.g. form_tutor:9A' });
      else out.push({ role, regGroup: arg });
    } else out.push({ role });
  }
  return out;
});

export const staffRowSchema = z.object({
  name: z.string().min(1, 'empty'),
  email: z.string().email('not an email address'),
  roles,
  slack_user_id: z.string().regex(/^$|^[UW][A-Z0-9]{2,}$/, 'a Slack user id (U…)').transform((v) => v || undefined).optional(),
  teams_aad_object_id: z.string().regex(/^$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i, 'an Azure AD object id (GUID)').transform((v) => v || undefined).optional(),
});

export type StaffRow = z.infer<typeof staffRowSchema>;

/**
 * Parses and validates a whole file against a row schema. The header must hold the
 * required columns; a key column must be unique.
 */
export function parseRecords<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  required: readonly string[],
  uniqueKey: string,
): { line: number; row: z.infer<S> }[] {
  const { header, records } = readCsvRecords(text);
  const problems: InputProblem[] = [];
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new InputError([{ file, line: 1, field: 'header', message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` }]);
  }
  const seen = new Map<string, number>();
  const out: { line: number; row: z.infer<S> }[] = [];
  for (const rec of records) {
    const r = schema.safeParse(rec.values);
    if (!r.success) {
      for (const issue of r.error.issues) problems.push({ file, line: rec.line, field: String(issue.path[0] ?? 'row'), message: issue.message });
      continue;
    }
    const key = rec.values[uniqueKey]!.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) problems.push({ file, line: rec.line, field: uniqueKey, message: `"${rec.values[uniqueKey]}" is also at line ${first}` });
    else seen.set(key, rec.line);
    out.push({ line: rec.line, row: r.data });
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}

export const PUPIL_REQUIRED = ['upn', 'given_name', 'family_name', 'year', 'reg_group', 'admission_date'] as const;
export const STAFF_REQUIRED = ['name', 'email', 'roles'] as const;

export const parsePupilsCsv = (text: string, file: string) => parseRecords(text, file, pupilRowSchema, PUPIL_REQUIRED, 'upn');
export const parseStaffCsv = (text: string, file: string) => parseRecords(text, file, staffRowSchema, STAFF_REQUIRED, 'email');
