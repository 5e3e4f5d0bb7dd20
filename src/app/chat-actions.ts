/**
 * What a click or a form submission on a card does, the same for Slack and Teams: the
 * adapters only translate their payloads into (action, data, values) and the answer back
 * into their own messages. Everything here is checked against the staff member's scope.
 */
import { z } from 'zod';
import { callForm, declinePenaltyForm, meetingForm, meetingOutcomeForm, messageCard, noticeToImproveForm, planForm, pupilCard, resultCard } from '../../cards/attendance.ts';
import { flagCard } from '../../cards/jobs.ts';
import { audit } from '../adapters/db/audit.ts';
import { timeOfDay } from '../config/clock.ts';
import type { Card, Form } from '../../cards/model.ts';
import type { Db } from '../adapters/db/client.ts';
import { loadSchool } from '../adapters/db/school-store.ts';
import { canSeePupil, canSeeSafeguarding } from '../domain/access.ts';
import { dayOf, isoOf } from '../domain/dates.ts';
import { CASEWORK_REFUSAL, caseworkSchema, recordCasework } from './casework.ts';
import { displayName, loadPupil, pupilView } from './pupil-view.ts';
import { NOT_FOUND, runQuery } from './query.ts';
import { actorOf, type StaffMember } from './staff.ts';

export type ChatAnswer =
  | { readonly kind: 'card'; readonly card: Card }
  | { readonly kind: 'form'; readonly form: Form };

export interface ChatContext {
  readonly db: Db;
  readonly staff: StaffMember;
  readonly source: 'slack' | 'teams';
  readonly asOf: string;
  readonly where?: string;
}

const pupilData = z.object({ pupilId: z.coerce.number().int().positive() }).passthrough();

export class BadActionError extends Error {}

async function refreshedPupilCard(ctx: ChatContext, pupilId: number, notice?: string): Promise<Card> {
  const school = await loadSchool(ctx.db, ctx.staff.schoolId);
  const pupil = await loadPupil(ctx.db, ctx.staff.schoolId, pupilId);
  if (!pupil || !canSeePupil(ctx.staff.grants, pupil)) return resultCard({ kind: 'refusal', text: NOT_FOUND });
  return pupilCard(await pupilView(ctx.db, school, ctx.staff, pupil, ctx.asOf), notice);
}

export async function handleAction(ctx: ChatContext, action: string, data: Record<string, unknown>, values: Record<string, unknown> = {}): Promise<ChatAnswer> {
  if (action === 'query') {
    const q = z.object({ q: z.string().min(1).max(200) }).safeParse(data);
    if (!q.success) throw new BadActionError('query: no query text');
    return { kind: 'card', card: resultCard(await runQuery({ db: ctx.db, staff: ctx.staff, asOf: ctx.asOf, source: ctx.source }, q.data.q)) };
  }
  if (action === 'ack-flag') return { kind: 'card', card: await acknowledgeFlag(ctx, data) };
  const parsed = pupilData.safeParse(data);
  if (!parsed.success) throw new BadActionError(`${action}: no pupil`);
  const pupilId = parsed.data.pupilId;
  const pupil = await loadPupil(ctx.db, ctx.staff.schoolId, pupilId);
  if (!pupil || !canSeePupil(ctx.staff.grants, pupil)) return { kind: 'card', card: resultCard({ kind: 'refusal', text: CASEWORK_REFUSAL }) };
  const name = displayName(pupil);
  switch (action) {
    case 'open-call': return { kind: 'form', form: callForm(pupilId, name) };
    case 'open-meeting': return { kind: 'form', form: meetingForm(pupilId, name, ctx.asOf) };
    case 'open-plan': return { kind: 'form', form: planForm(pupilId, name, isoOf(dayOf(ctx.asOf) + 21)) };
    case 'open-outcome': {
      const meetingId = z.coerce.number().int().positive().safeParse(data.meetingId);
      if (!meetingId.success) throw new BadActionError('open-outcome: no meeting');
      return { kind: 'form', form: meetingOutcomeForm(pupilId, meetingId.data, name) };
    }
    case 'open-nti': return { kind: 'form', form: noticeToImproveForm(pupilId, name) };
    case 'open-decline': return { kind: 'form', form: declinePenaltyForm(pupilId, name) };
    case 'cancel': return { kind: 'card', card: await refreshedPupilCard(ctx, pupilId) };
  }
  const direct: Record<string, string> = { 'letter-sent': 'letter-sent', 'penalty-request': 'penalty-requested' };
  const kind = direct[action] ?? (action.startsWith('submit:') ? action.slice('submit:'.length) : undefined);
  if (!kind) throw new BadActionError(`unknown action "${action}"`);
  const input = caseworkSchema.safeParse({ ...data, ...normaliseValues(values), kind, pupilId });
  if (!input.success) {
    const problems = input.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
    throw new BadActionError(`the form is not complete: ${problems}`);
  }
  const school = await loadSchool(ctx.db, ctx.staff.schoolId);
  const r = await recordCasework({ db: ctx.db, staff: ctx.staff, source: ctx.source, where: ctx.where, today: ctx.asOf, timezone: school.timezone }, input.data);
  if (!r.ok) return { kind: 'card', card: resultCard({ kind: 'refusal', text: r.refusal }) };
  return { kind: 'card', card: await refreshedPupilCard(ctx, pupilId, `${r.summary} — recorded by ${ctx.staff.name}`) };
}

/** Inputs come back as strings ("true"/"false" from a Teams toggle); empty ones are absent. */
function normaliseValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === '' || v === undefined || v === null) continue;
    out[k] = v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

/** The DSL (or a deputy) acknowledges a flag: who and when are recorded, and escalation stops. */
async function acknowledgeFlag(ctx: ChatContext, data: Record<string, unknown>): Promise<Card> {
  const parsed = z.object({ flagId: z.coerce.number().int().positive() }).safeParse(data);
  if (!parsed.success) throw new BadActionError('ack-flag: no flag');
  if (!canSeeSafeguarding(ctx.staff.grants)) return messageCard('Safeguarding', 'Only the designated safeguarding lead and deputies can acknowledge a flag.');
  const r = await ctx.db.pool.query(
    `UPDATE "SafeguardingFlag" f SET "acknowledgedAt" = coalesce(f."acknowledgedAt", now()), "acknowledgedBy" = coalesce(f."acknowledgedBy", $3)
     FROM "Pupil" p WHERE f.id = $1 AND f."schoolId" = $2 AND p.id = f."pupilId"
     RETURNING f.id, f.level, f.summary, f."acknowledgedAt", f."acknowledgedBy", p."givenName", p."familyName", p."preferredName", p."regGroup"`,
    [parsed.data.flagId, ctx.staff.schoolId, actorOf(ctx.staff)]);
  const f = r.rows[0];
  if (!f) return messageCard('Safeguarding', 'That flag is not one of your school\'s.');
  await audit(ctx.db.pool, { schoolId: ctx.staff.schoolId, actor: actorOf(ctx.staff), source: ctx.source, action: 'flag.acknowledge', subjectType: 'SafeguardingFlag', subjectId: String(f.id), detail: { where: ctx.where ?? null } });
  const by = f.acknowledgedBy === actorOf(ctx.staff) ? ctx.staff.name : (await ctx.db.pool.query(`SELECT name FROM "Staff" WHERE 'staff:' || id = $1`, [f.acknowledgedBy])).rows[0]?.name ?? f.acknowledgedBy;
  return flagCard({ id: f.id, pupilName: displayName(f), regGroup: f.regGroup, summary: f.summary, level: f.level, acknowledged: { by, at: timeOfDay(f.acknowledgedAt) } });
}
