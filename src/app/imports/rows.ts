/**
 * What an import carries once read from its file, CSV or JSON or an MIS API: the rows, each
 * checked by zod, and the problems, each named by file, line and field. The import use
 * cases take these, never files; src/adapters/ingest reads files into them.
 */
import { z } from 'zod';
import { upnProblem } from '../../domain/upn.ts';
import { parseIsoDate } from '../../domain/dates.ts';
import { isRole, type Role, ROLES } from '../../domain/access.ts';

export { formatProblem, InputError, type InputProblem, notOnRoll, type ParsedRegister, problemList, type PupilRows } from './problems.ts';

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
/** A pupil's identifier: a UPN (13 letters and digits) or a shorter local one (src/domain/upn.ts). */
const pupilIdentifier = z.string().superRefine((v, ctx) => {
  const problem = upnProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** A person's name: no one's is longer, and a card must stay readable whatever the data. */
export const MAX_NAME_CHARS = 80;
const MAX_TEXT_CHARS = 200;
const optionalText = z.string().max(MAX_TEXT_CHARS, `at most ${MAX_TEXT_CHARS} characters`).transform((v) => (v === '' ? undefined : v));
const name = z.string().min(1, 'empty').max(MAX_NAME_CHARS, `at most ${MAX_NAME_CHARS} characters`);
const optionalName = z.string().max(MAX_NAME_CHARS, `at most ${MAX_NAME_CHARS} characters`).transform((v) => (v === '' ? undefined : v));

export const rollRowSchema = z.object({
  upn: pupilIdentifier,
  given_name: name,
  family_name: name,
  preferred_name: optionalName.optional(),
  year: z.string().regex(/^\d{1,2}$/, 'a year group number (0 for Reception)').transform(Number).pipe(z.number().max(14)),
  reg_group: z.string().min(1, 'empty').max(20, 'at most 20 characters'),
  admission_date: isoDate,
  leaving_date: optionalIsoDate.optional(),
  date_of_birth: optionalIsoDate.optional(),
  pupil_premium: flag.optional(),
  fsm: flag.optional(),
  send: choice({ '': 'none', none: 'none', n: 'none', support: 'support', k: 'support', ehcp: 'ehcp', e: 'ehcp' }, 'SEND').optional(),
  social_worker: choice({ '': 'none', none: 'none', cin: 'child_in_need', child_in_need: 'child_in_need', cp: 'child_protection', child_protection: 'child_protection' }, 'social worker').optional(),
  looked_after: choice({ '': 'none', none: 'none', lac: 'looked_after', cla: 'looked_after', looked_after: 'looked_after', pla: 'previously_looked_after', previously_looked_after: 'previously_looked_after' }, 'looked after').optional(),
  young_carer: flag.optional(),
  contact1_name: optionalName.optional(),
  contact1_relationship: optionalText.optional(),
  contact1_phone: optionalText.optional(),
  contact1_email: optionalText.optional(),
  /** Has parental responsibility (default yes). */
  contact1_parental_responsibility: flag.optional(),
  /** Has care of the child: a parent in law without parental responsibility (s576). */
  contact1_care: flag.optional(),
  contact2_name: optionalName.optional(),
  contact2_relationship: optionalText.optional(),
  contact2_phone: optionalText.optional(),
  contact2_email: optionalText.optional(),
  contact2_parental_responsibility: flag.optional(),
  contact2_care: flag.optional(),
}).superRefine((r, ctx) => {
  if (r.leaving_date && r.leaving_date < r.admission_date) ctx.addIssue({ code: 'custom', path: ['leaving_date'], message: 'before the admission date' });
});

/** One pupil of the roll as an import carries it (an MIS export's row). */
export type RollImportRow = z.infer<typeof rollRowSchema>;

export type RoleName = Role;

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
    if (!isRole(name)) {
      ctx.addIssue({ code: 'custom', message: `unknown role "${name}" (roles: ${ROLES.join(', ')})` });
      continue;
    }
    const role = name;
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
  name,
  email: z.string().max(254, 'at most 254 characters').email('not an email address'),
  roles,
  slack_user_id: z.string().regex(/^$|^[UW][A-Z0-9]{2,}$/, 'a Slack user id (U…)').transform((v) => v || undefined).optional(),
  teams_aad_object_id: z.string().regex(/^$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i, 'an Azure AD object id (GUID)').transform((v) => v || undefined).optional(),
});

/** One member of staff as an import carries it. */
export type StaffImportRow = z.infer<typeof staffRowSchema>;

