/**
 * A school's settings, set by whoever runs the service (the CLI): saved, term dates,
 * escalation, workspace, API keys and Slack channels. Each command is checked here, with a
 * clear message naming the field; the store writes it with its audit entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isPurpose, PURPOSES, type Purpose } from '../../../domain/audience.ts';
import { CalendarError, type CalendarSpec, SchoolCalendar } from '../../../domain/calendar.ts';
import { isAttendanceCode } from '../../../domain/codes.ts';
import type { Ladder } from '../../../domain/ladder.ts';
import { penaltyCodeProblem } from '../../../domain/penalty.ts';
import type { AuditLog, Channels, SchoolAdmin, Who } from '../../ports.ts';
import { timeOfDay as hhmm } from '../fields.ts';

/** A problem with one field of a setting: its name, the value given (bounded) and what is wrong. */
export interface SettingProblem {
  readonly field: string;
  readonly value?: string;
  readonly problem: string;
}

/** A setting that cannot be saved, naming each field and what is wrong with it. */
export class SettingsError extends Error {
  constructor(message: string, readonly problems: readonly SettingProblem[] = []) {
    super(message);
  }
}

const schoolId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes').max(60);
const slackTeamId = z.string().regex(/^[TE][A-Z0-9]{2,20}$/, 'a Slack workspace id (team_id), e.g. T0123ABCD');
const teamsTenantId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a Microsoft 365 tenant id (a GUID)').transform((t) => t.toLowerCase());

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const field = i.path.join('.') || what;
    const given = i.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
    return { field, problem: i.message, ...(typeof given === 'string' || typeof given === 'number' ? { value: String(given).slice(0, 40) } : {}) };
  });
  throw new SettingsError(`${what}: ${problems.map((p) => `${p.field}${p.value !== undefined ? ` "${p.value}"` : ''}: ${p.problem}`).join('; ')}`, problems);
}

const register = z.object({ opens: hhmm, closes: hhmm }).refine((r) => r.opens < r.closes, { message: 'the register closes after it opens', path: ['closes'] });

const saveSchoolCommand = z.object({
  id: schoolId,
  registers: z.object({ AM: register, PM: register }).optional(),
  name: z.string().trim().min(1, 'a name').max(120),
  slackTeamId: slackTeamId.optional(),
  teamsTenantId: teamsTenantId.optional(),
  penaltyCodes: z.array(z.string()).optional().superRefine((codes, ctx) => {
    const problem = codes ? penaltyCodeProblem(codes) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

/** Saves a school (new, or its name, ladder and workspace changed), and its term dates when given. */
export async function saveSchool(admin: SchoolAdmin, who: Who, input: { id: string; name: string; ladder: Ladder; registers?: CalendarSpec['registers']; slackTeamId?: string; teamsTenantId?: string; penaltyCodes?: string[] }, termDates?: CalendarSpec): Promise<void> {
  const cmd = parse(saveSchoolCommand, input, `school ${String(input.id).slice(0, 60)}`);
  if (termDates) checkCalendar(termDates);
  const { penaltyCodes, ...settings } = cmd;
  await admin.save({ ...settings, ladder: input.ladder, ...(penaltyCodes ? { penaltyCodes: penaltyCodes.filter(isAttendanceCode) } : {}) }, who);
  if (termDates) await admin.setCalendar(cmd.id, termDates, who);
}

function checkCalendar(spec: CalendarSpec): void {
  try {
    new SchoolCalendar(spec);
  } catch (err) {
    if (err instanceof CalendarError) throw new SettingsError(`term dates: ${err.message}`);
    throw err;
  }
}

/** Replaces a school's term dates (half terms and closures) within the span given. */
export async function setTermDates(admin: SchoolAdmin, who: Who, id: string, spec: CalendarSpec): Promise<void> {
  const school = parse(schoolId, id, 'school');
  checkCalendar(spec);
  if (!(await admin.exists(school))) throw new SettingsError(`no school "${school}"`);
  await admin.setCalendar(school, spec, who);
}

const escalationCommand = z.object({
  afterMinutes: z.coerce.number().int().min(5, 'at least 5 minutes').max(999),
  from: hhmm, to: hhmm,
}).refine((p) => p.from < p.to, { message: 'school hours end after they start', path: ['to'] });

/** How long a flag may wait for a DSL, in minutes of school hours, and those hours. */
export async function setEscalation(admin: SchoolAdmin, who: Who, id: string, input: { afterMinutes: unknown; from: unknown; to: unknown }) {
  const school = parse(schoolId, id, 'school');
  const policy = parse(escalationCommand, input, 'escalation');
  if (!(await admin.setEscalation(school, policy, who))) throw new SettingsError(`no school "${school}"`);
  return policy;
}

const workspaceCommand = z.object({ slackTeamId: slackTeamId.optional(), teamsTenantId: teamsTenantId.optional() })
  .refine((w) => w.slackTeamId || w.teamsTenantId, 'a Slack workspace id and/or a Teams tenant id');

/** Where a school's staff are recognised: its Slack workspace and its Teams tenant. */
export async function setWorkspace(admin: SchoolAdmin, who: Who, id: string, input: { slackTeamId?: string; teamsTenantId?: string }) {
  const school = parse(schoolId, id, 'school');
  const w = parse(workspaceCommand, input, 'workspace');
  if (!(await admin.setWorkspace(school, w, who))) throw new SettingsError(`no school "${school}"`);
  return w;
}

/** How an API key is kept: only its hash, which the import API compares. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A new API key for a school's imports: returned once, stored only as its hash. */
export async function createApiKey(admin: SchoolAdmin, who: Who, id: string, label: string): Promise<string> {
  const school = parse(schoolId, id, 'school');
  const name = parse(z.string().trim().min(1, 'a label').max(80), label, 'label');
  const key = `att_${randomBytes(24).toString('base64url')}`;
  if ((await admin.createApiKey(school, name, hashApiKey(key), who)) === undefined) throw new SettingsError(`no school "${school}"`);
  return key;
}

const slackChannelCommand = z.object({
  purpose: z.string().refine(isPurpose, `one of ${PURPOSES.join(', ')}`),
  yearGroup: z.coerce.number().int().min(0).max(14).optional(),
  channelId: z.string().regex(/^[CGD][A-Z0-9]{2,20}$/, 'a Slack channel id, e.g. C0123ABCD'),
}).refine((c) => c.purpose !== 'year' || c.yearGroup !== undefined, { message: 'a year group for year posts', path: ['yearGroup'] });

/** Makes a Slack channel the one for a purpose (and year) of a school's posts. */
export async function bindSlackChannel(deps: { admin: SchoolAdmin; channels: Channels; audit: AuditLog }, who: Who,
  id: string, input: { purpose: string; yearGroup?: unknown; channelId: string }) {
  const school = parse(schoolId, id, 'school');
  const c = parse(slackChannelCommand, input, 'channel');
  if (!(await deps.admin.exists(school))) throw new SettingsError(`no school "${school}"`);
  const purpose = c.purpose as Purpose;
  const yearGroup = purpose === 'year' ? c.yearGroup : undefined;
  await deps.channels.bind({ schoolId: school, target: { platform: 'slack', channelId: c.channelId }, purpose, ...(yearGroup !== undefined ? { yearGroup } : {}) });
  await deps.audit.record({ schoolId: school, ...who, action: 'school.channel', detail: { purpose, year: yearGroup ?? null, slack: c.channelId } });
  return { purpose, yearGroup, channelId: c.channelId };
}
