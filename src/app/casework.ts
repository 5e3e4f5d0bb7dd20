/**
 * Casework from chat: record a call (and the reason given, with the code it suggests),
 * book a meeting, record its outcome, start a support plan or attendance contract, mark a
 * letter sent. Each is checked against the staff member's scope, goes into the pupil's
 * open case, and is audited (who, what, when, from where). A code change proposed from chat
 * is a register amendment with its reason, made only by those who keep the register.
 */
import { z } from 'zod';
import { audit } from '../adapters/db/audit.ts';
import type { Db } from '../adapters/db/client.ts';
import { registerLock } from '../adapters/db/register-store.ts';
import { inTransaction } from '../adapters/db/roll-store.ts';
import { canAmendRegister, canRecordCasework } from '../domain/access.ts';
import { dayOf, isoOf, parseIsoDate } from '../domain/dates.ts';
import { countPenaltySessions, nextPenaltyNotice, penaltyWindow } from '../domain/penalty.ts';
import { PupilRegister } from '../domain/register.ts';
import { loadRegisters, loadSchool } from '../adapters/db/school-store.ts';
import { CALL_OUTCOMES, REASONS, isReason } from '../domain/reasons.ts';
import { instantOf } from '../config/clock.ts';
import { displayName, loadPupil } from './pupil-view.ts';
import { actorOf, type StaffMember } from './staff.ts';

const isoDate = z.string().refine((v) => parseIsoDate(v) !== undefined, 'a date (YYYY-MM-DD)');
const pupilId = z.coerce.number().int().positive();

/** Casework as it arrives from a card or a form: validated here, whatever the platform. */
export const caseworkSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('call'), pupilId,
    outcome: z.enum(Object.keys(CALL_OUTCOMES) as [keyof typeof CALL_OUTCOMES]),
    reason: z.string().refine(isReason, 'a known reason').optional(),
    note: z.string().max(2000).optional(),
    /** Amend today's unexplained marks (N) to the reason's code. */
    amendToday: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('meeting-booked'), pupilId, date: isoDate, time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time (HH:MM)'), attendees: z.string().min(1).max(500) }),
  z.object({ kind: z.literal('meeting-held'), pupilId, meetingId: z.coerce.number().int().positive(), outcome: z.string().min(1).max(2000) }),
  z.object({ kind: z.literal('plan-started'), pupilId, plan: z.enum(['support-plan', 'attendance-contract']), reviewOn: isoDate, note: z.string().max(2000).optional() }),
  z.object({ kind: z.literal('letter-sent'), pupilId, stepKey: z.string().min(1).max(100), title: z.string().min(1).max(300) }),
  z.object({ kind: z.literal('penalty-requested'), pupilId }),
  z.object({
    kind: z.literal('notice-to-improve'), pupilId,
    weeks: z.coerce.number().int().min(3, 'an improvement period of 3 to 6 weeks').max(6, 'an improvement period of 3 to 6 weeks'),
    support: z.string().min(1, 'say what support is offered').max(2000), improvement: z.string().min(1, 'say what improvement is needed').max(2000),
  }),
  z.object({ kind: z.literal('penalty-declined'), pupilId, reason: z.string().min(1, 'say why').max(2000) }),
]);

export type Casework = z.infer<typeof caseworkSchema>;

export interface CaseworkContext {
  readonly db: Db;
  readonly staff: StaffMember;
  readonly source: 'slack' | 'teams';
  /** Where in the chat it came from (channel, message), for the audit. */
  readonly where?: string;
  /** The school day it happens on, for amendments. */
  readonly today: string;
  readonly timezone?: string;
}

export type CaseworkResult =
  | { readonly ok: true; readonly summary: string; readonly amended: number }
  | { readonly ok: false; readonly refusal: string };

export const CASEWORK_REFUSAL = "You can't record casework for that pupil.";

export async function recordCasework(ctx: CaseworkContext, input: Casework): Promise<CaseworkResult> {
  const pupil = await loadPupil(ctx.db, ctx.staff.schoolId, input.pupilId);
  if (!pupil || !canRecordCasework(ctx.staff.grants, pupil)) return { ok: false, refusal: CASEWORK_REFUSAL };
  const actor = actorOf(ctx.staff);
  return inTransaction(ctx.db, async (c) => {
    const existing = await c.query<{ id: number }>(`SELECT id FROM "Case" WHERE "pupilId" = $1 AND status = 'open' ORDER BY id DESC LIMIT 1 FOR UPDATE`, [pupil.id]);
    const caseId = existing.rows[0]?.id
      ?? (await c.query<{ id: number }>(`INSERT INTO "Case" ("schoolId", "pupilId") VALUES ($1, $2) RETURNING id`, [ctx.staff.schoolId, pupil.id])).rows[0]!.id;
    const action = async (kind: string, detail: Record<string, unknown>, outcome: string | null = null, reviewOn: string | null = null) => {
      await c.query(`INSERT INTO "CaseAction" ("caseId", kind, outcome, detail, actor, "reviewOn") VALUES ($1, $2, $3, $4, $5, $6)`,
        [caseId, kind, outcome, JSON.stringify(detail), actor, reviewOn]);
    };
    let summary: string;
    let amended = 0;
    switch (input.kind) {
      case 'call': {
        const reason = input.reason && isReason(input.reason) ? REASONS[input.reason] : undefined;
        summary = `Call: ${CALL_OUTCOMES[input.outcome].toLowerCase()}${reason ? `; reason given: ${reason.label.toLowerCase()} (${reason.code})` : ''}`;
        if (reason && input.amendToday) {
          if (!canAmendRegister(ctx.staff.grants)) {
            summary += '; code change left for the attendance officer';
          } else {
            await registerLock(c, ctx.staff.schoolId);
            const r = await c.query(
              `WITH changed AS (
                 UPDATE "AttendanceMark" SET code = $3, source = 'chat', "recordedAt" = now()
                 WHERE "pupilId" = $1 AND date = $2 AND code = 'N' RETURNING session
               )
               INSERT INTO "MarkAmendment" ("pupilId", date, session, "originalCode", "newCode", reason, "amendedBy", source)
               SELECT $1, $2, session, 'N', $3, $4, $5, $6 FROM changed`,
              [pupil.id, ctx.today, reason.code, `call: ${reason.label}${input.note ? ` (${input.note})` : ''}`, actor, ctx.source],
            );
            amended = r.rowCount ?? 0;
            if (amended > 0) summary += `; ${amended} session${amended > 1 ? 's' : ''} today amended N → ${reason.code}`;
          }
        }
        await action('call', { summary, reason: input.reason ?? null, note: input.note ?? null, amended }, input.outcome);
        break;
      }
      case 'meeting-booked': {
        const at = instantOf(input.date, input.time, ctx.timezone);
        await c.query(`INSERT INTO "Meeting" ("caseId", "scheduledAt", attendees, "bookedBy") VALUES ($1, $2, $3, $4)`, [caseId, at, input.attendees, actor]);
        summary = `Meeting booked for ${input.date} ${input.time} with ${input.attendees}`;
        await action('meeting-booked', { summary, date: input.date, time: input.time, attendees: input.attendees });
        break;
      }
      case 'meeting-held': {
        const m = await c.query(`UPDATE "Meeting" SET "heldAt" = now(), outcome = $2 WHERE id = $1 AND "caseId" = $3 RETURNING id`, [input.meetingId, input.outcome, caseId]);
        if (m.rowCount === 0) return { ok: false, refusal: 'That meeting is not on this pupil\'s open case.' } as const;
        summary = `Meeting held: ${input.outcome}`;
        await action('meeting-held', { summary, meetingId: input.meetingId }, input.outcome);
        break;
      }
      case 'plan-started': {
        const what = input.plan === 'support-plan' ? 'Support plan' : 'Attendance contract';
        summary = `${what} started; review on ${input.reviewOn}`;
        await action(input.plan, { summary, note: input.note ?? null }, null, input.reviewOn);
        break;
      }
      case 'penalty-requested': {
        // the marks that make up the count now, less any already linked to a notice
        const school = await loadSchool(ctx.db, ctx.staff.schoolId);
        const day = dayOf(ctx.today);
        const reg = (await loadRegisters(ctx.db, school.id, day - 200, day, [pupil.id])).get(pupil.id) ?? PupilRegister.EMPTY;
        const linked = await c.query(`SELECT date::text, session FROM "PenaltyNoticeMark" WHERE "pupilId" = $1`, [pupil.id]);
        const count = countPenaltySessions(reg, penaltyWindow(school.calendar, day), school.penaltyRules,
          new Set(linked.rows.map((r) => dayOf(r.date) * 2 + (r.session === 'PM' ? 1 : 0))));
        if (!count.thresholdMet) return { ok: false, refusal: `Only ${count.sessions} sessions count towards a notice now (marks already linked to a notice do not count again).` } as const;
        const earlier = (await c.query(`SELECT count(*)::int AS n FROM "PenaltyNotice" WHERE "pupilId" = $1 AND status <> 'withdrawn' AND "requestedAt" > $2::timestamptz - interval '3 years'`, [pupil.id, ctx.today])).rows[0].n as number;
        const rule = nextPenaltyNotice(earlier);
        if (!rule.allowed) return { ok: false, refusal: rule.explanation } as const;
        const notice = await c.query<{ id: number }>(
          `INSERT INTO "PenaltyNotice" ("schoolId", "pupilId", "contactId", sequence, "amountPence", "requestedBy")
           VALUES ($1, $2, (SELECT id FROM "Contact" WHERE "pupilId" = $2 AND "parentalResponsibility" ORDER BY priority LIMIT 1), $3, $4, $5) RETURNING id`,
          [ctx.staff.schoolId, pupil.id, rule.sequence, rule.amountPence, actor]);
        await c.query(
          `INSERT INTO "PenaltyNoticeMark" ("noticeId", "pupilId", date, session) SELECT $1, $2, d, s::"Session" FROM unnest($3::date[], $4::text[]) AS u(d, s)`,
          [notice.rows[0]!.id, pupil.id, count.slots.map((sl) => isoOf(sl >> 1)), count.slots.map((sl) => (sl % 2 ? 'PM' : 'AM'))]);
        summary = `Penalty notice requested (${rule.explanation}); ${count.sessions} sessions linked`;
        await action('penalty-notice-request', { summary, noticeId: notice.rows[0]!.id });
        break;
      }
      case 'notice-to-improve': {
        const ends = isoOf(dayOf(ctx.today) + input.weeks * 7);
        await c.query(`INSERT INTO "NoticeToImprove" (id, "schoolId", "pupilId", "issuedOn", "improvementEndsOn", "supportOffered", "improvementNeeded", "issuedBy") VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7)`,
          [ctx.staff.schoolId, pupil.id, ctx.today, ends, input.support, input.improvement, actor]);
        summary = `Notice to improve issued: ${input.weeks} weeks to ${ends}`;
        await action('notice-to-improve', { summary, support: input.support, improvement: input.improvement }, null, ends);
        break;
      }
      case 'penalty-declined': {
        summary = `Penalty notice not appropriate: ${input.reason}`;
        await action('penalty-declined', { summary });
        break;
      }
      case 'letter-sent': {
        summary = `Letter sent: ${input.title}`;
        await action('letter', { summary, stepKey: input.stepKey });
        await c.query(`UPDATE "LadderStep" SET status = 'done', "doneAt" = now() WHERE "caseId" = $1 AND "stepKey" = $2 AND status = 'due'`, [caseId, input.stepKey]);
        break;
      }
    }
    await audit(c, {
      schoolId: ctx.staff.schoolId, actor, source: ctx.source, action: `casework.${input.kind}`,
      subjectType: 'Pupil', subjectId: String(pupil.id),
      detail: { pupil: displayName(pupil), caseId, summary, input, where: ctx.where ?? null },
    });
    return { ok: true, summary, amended } as const;
  });
}
