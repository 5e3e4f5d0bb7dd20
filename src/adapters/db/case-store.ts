/** Casework in PostgreSQL: a pupil's case facts and file in one round trip, and the writes to a case in one transaction with its audit entry. */
import { type Actor, actorLabel, type CaseFacts, type CaseFile, type Cases, type ContactRecord, type CaseTx, type MeetingRecord, type ReviewDue, staffIdOf } from '../../app/ports.ts';
import { type CaseEvent, type CaseEventKind, type MeetingResult, outcomeOf, reviewOnOf } from '../../domain/casework.ts';
import type { StepRecord } from '../../domain/ladder.ts';
import { CaseActionKind, MeetingStatus, StepState } from '../../generated/prisma/enums.ts';
import { holdsMarks, NOTICE_STATUSES, type NoticeRecord, type NoticeStatus } from '../../domain/penalty.ts';
import { civilDate } from '../../config/clock.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { dayOf, dayOfSlot, isoOf, sessionOfSlot, slotOf, type Session } from '../../domain/dates.ts';
import { CONTACT_CALL_OUTCOMES } from '../../domain/reasons.ts';
import { audit } from './audit.ts';
import { type Db, dateValue, isoValue } from './client.ts';
import { type DraftRow, storedDraft } from './letters-store.ts';
import { registerLockKey } from './register-store.ts';
import { loadSchool } from './school-store.ts';

export function pgCases(db: Db): Cases {
  return {
    callsOn: (schoolId, date, pupilIds) => callsOn(db, schoolId, date, pupilIds),
    async meetingsDue(schoolId, upTo) {
      const r = await db.pool.query<{ id: number; pupilId: number; scheduledAt: Date; attendees: string }>(
        `SELECT m.id, c."pupilId", m."scheduledAt", m.attendees FROM "Meeting" m JOIN "Case" c ON c.id = m."caseId"
         WHERE c."schoolId" = $1 AND m.status = 'booked' AND m."scheduledAt" <= $2 ORDER BY m."scheduledAt", m.id`, [schoolId, upTo]);
      return r.rows.map((m) => ({ ...m, status: 'booked' as const }));
    },
    record: (schoolId, pupilId, actor, fn) => db.prisma.$transaction(async (tx) => fn(await caseTx(tx, schoolId, pupilId, actor)), { timeout: 30_000 }),
    facts: async (schoolId, pupilIds) => (await caseFacts(db, schoolId, pupilIds)).facts,
    async pupilFile(schoolId, pupilId, recent) {
      const { facts, file, contacts } = await caseFacts(db, schoolId, [pupilId], recent);
      return { facts: facts.get(pupilId) ?? emptyFacts(), ...(file ? { file } : {}), contacts };
    },
  };
}

const emptyFacts = () => ({ linkedByParent: new Map<number, Set<number>>(), parents: [] as number[], steps: [] as StepRecord[], reviews: [] as ReviewDue[], notices: [] as NoticeRecord[] });

type StepRow = { key: string; state: string; day: string; by: string | null; note: string | null };
type NoticeRow = { id: number; contactId: number | null; status: string; requestedOn: string; issuedOn: string | null };
type ReviewRow = { id: number; kind: ReviewDue['kind']; title: string | null; on: string };
type ContactRow = ContactRecord & { priority: number };
const isNoticeStatus = (s: string): s is NoticeStatus => (NOTICE_STATUSES as readonly string[]).includes(s);
type CaseFileRow = { id: number; entries: { id: number; kind: CaseEventKind; outcome: string | null; summary: string | null; note: string | null; actorName: string; at: string; staffId: number | null; undone: { by: string; reason: string } | null }[]; meetings: { id: number; scheduledAt: string; attendees: string }[] };

/**
 * Per pupil: the slots linked to a penalty notice, the ladder steps recorded done or not
 * needed (LadderStep), the last day a contact was recorded (a call that reached a parent or
 * carer, as a civil date in the school's time zone), the days notices were requested; and,
 * for a card (`recent` given), the pupil's open case and contacts. One round trip: it is on
 * every card's path.
 */
async function caseFacts(db: Db, schoolId: string, pupilIds: readonly number[] | undefined, recent?: number): Promise<{ facts: Map<number, CaseFacts>; file?: CaseFile; contacts: ContactRecord[] }> {
  // a named statement per shape: planned once per connection, not on every card
  const shape = pupilIds === undefined ? 'school' : recent === undefined ? 'pupils' : 'card';
  const pupils = (t: string) => (pupilIds === undefined ? 'true' : `${t}."pupilId" = ANY($4::int[])`);
  const rows = (await db.pool.query<{ k: string; pupil: number; a: string; b: string | null; f: CaseFileRow | StepRow | ReviewRow | ContactRow | NoticeRow | number | null }>({
        name: `case-facts-${shape}`,
        text: `SELECT 'l' AS k, m."pupilId" AS pupil, m.date::text AS a, m.session::text AS b, to_json(m."contactKey") AS f
                 FROM "PenaltyNoticeMark" m JOIN "PenaltyNotice" n ON n.id = m."noticeId"
                 WHERE n."schoolId" = $1 AND n.status NOT IN ('refused', 'withdrawn') AND ${pupils('m')}
               UNION ALL
               SELECT 'p', k."pupilId", k.id::text, NULL, NULL
                 FROM "Contact" k JOIN "Pupil" p ON p.id = k."pupilId"
                 WHERE p."schoolId" = $1 AND (k."parentalResponsibility" OR k."hasCare") AND ${pupils('k')}
               UNION ALL
               SELECT 's', c."pupilId", NULL, NULL, json_build_object('key', s."stepKey", 'state', s.status, 'day', s."dueOn", 'by', coalesce(w.name, s."recordedBy"), 'note', s.note)
                 FROM "LadderStep" s JOIN "Case" c ON c.id = s."caseId" LEFT JOIN "Staff" w ON w.id = s."staffId"
                 WHERE c."schoolId" = $1 AND s.status IN ('done', 'not-needed') AND ${pupils('c')}
               UNION ALL
               SELECT 'r', c."pupilId", NULL, NULL, json_build_object('id', a.id, 'kind', a.kind, 'title', a.detail->>'summary', 'on', a."reviewOn")
                 FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId"
                 WHERE c."schoolId" = $1 AND a."reviewOn" IS NOT NULL AND a."undoneAt" IS NULL AND ${pupils('c')}
                   AND NOT EXISTS (SELECT 1 FROM "CaseAction" h WHERE h."reviewOf" = a.id AND h."undoneAt" IS NULL)
               UNION ALL
               SELECT 'c', c."pupilId", max(a.day)::text, NULL, NULL
                 FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId"
                 WHERE c."schoolId" = $1 AND a.kind = 'call' AND a.outcome = ANY($2::text[]) AND a."undoneAt" IS NULL AND ${pupils('c')}
                 GROUP BY c."pupilId"
               UNION ALL
               SELECT 'n', n."pupilId", NULL, NULL, json_build_object('id', n.id, 'contactId', n."contactId", 'status', n.status,
                   'requestedOn', coalesce(n."requestedOn", (n."requestedAt" AT TIME ZONE $3)::date), 'issuedOn', n."issuedOn")
                 FROM "PenaltyNotice" n
                 WHERE n."schoolId" = $1 AND ${pupils('n')}
               ${recent === undefined ? '' : `UNION ALL
               SELECT 'f', c."pupilId", NULL, NULL, json_build_object('id', c.id,
                 'entries', (SELECT coalesce(json_agg(x), '[]') FROM (
                    SELECT a.id, a.kind, a.outcome, a.detail->>'summary' AS summary, a.detail->>'note' AS note, coalesce(s.name, a.actor) AS "actorName", a."occurredAt" AS at,
                      a."staffId", CASE WHEN a."undoneAt" IS NOT NULL THEN json_build_object('by', coalesce(u.name, a."undoneBy"), 'reason', a."undoReason") END AS undone
                    FROM "CaseAction" a LEFT JOIN "Staff" s ON s.id = a."staffId" LEFT JOIN "Staff" u ON u.id = a."undoneStaffId"
                    WHERE a."caseId" = c.id ORDER BY a."occurredAt" DESC, a.id DESC LIMIT $5) x),
                 'meetings', (SELECT coalesce(json_agg(y ORDER BY y."scheduledAt"), '[]') FROM (
                    SELECT id, "scheduledAt", attendees, status FROM "Meeting" WHERE "caseId" = c.id AND status = 'booked') y))
                 FROM (SELECT * FROM "Case" WHERE "pupilId" = ($4::int[])[1] AND status = 'open' ORDER BY id DESC LIMIT 1) c
               UNION ALL
               SELECT 'k', k."pupilId", NULL, NULL, json_build_object('id', k.id, 'name', k.name, 'relationship', k.relationship,
                   'parentalResponsibility', k."parentalResponsibility", 'care', k."hasCare", 'phone', k.phone, 'priority', k.priority)
                 FROM "Contact" k JOIN "Pupil" p ON p.id = k."pupilId"
                 WHERE k."pupilId" = ($4::int[])[1] AND p."schoolId" = $1`}`,
        values: [schoolId, [...CONTACT_CALL_OUTCOMES], (await loadSchool(db, schoolId)).timezone, ...(pupilIds ? [[...pupilIds]] : []), ...(recent === undefined ? [] : [recent])],
      })).rows;
      const out = new Map<number, ReturnType<typeof emptyFacts> & { lastContact?: number }>();
      const of = (id: number) => {
        let f = out.get(id);
        if (!f) { f = emptyFacts(); out.set(id, f); }
        return f;
      };
      let file: CaseFile | undefined;
      const contacts: ContactRow[] = [];
      for (const r of rows) {
        if (r.k === 'l') {
          const byParent = of(r.pupil).linkedByParent;
          const key = Number(r.f);
          (byParent.get(key) ?? byParent.set(key, new Set()).get(key)!).add(slotOf(dayOf(r.a), r.b as Session));
        } else if (r.k === 'p') of(r.pupil).parents.push(Number(r.a));
        else if (r.k === 's') {
          const st = r.f as StepRow;
          of(r.pupil).steps.push({ key: st.key, state: st.state === 'not-needed' ? 'not-needed' : 'done', day: dayOf(st.day), ...(st.by ? { by: st.by } : {}), ...(st.note ? { note: st.note } : {}) });
        } else if (r.k === 'r') {
          const rv = r.f as ReviewRow;
          of(r.pupil).reviews.push({ actionId: rv.id, kind: rv.kind, title: rv.title ?? 'Review', on: dayOf(rv.on) });
        }
        else if (r.k === 'n') {
          const n = r.f as NoticeRow;
          of(r.pupil).notices.push({ id: n.id, contactId: n.contactId, status: isNoticeStatus(n.status) ? n.status : 'requested', requestedOn: dayOf(n.requestedOn), ...(n.issuedOn ? { issuedOn: dayOf(n.issuedOn) } : {}) });
        }
        else if (r.k === 'c') of(r.pupil).lastContact = dayOf(r.a);
        else if (r.k === 'k') contacts.push(r.f as ContactRow);
        else if (r.f && r.k === 'f') file = {
          caseId: (r.f as CaseFileRow).id,
          entries: (r.f as CaseFileRow).entries.map((e) => ({ id: e.id, kind: e.kind, outcome: e.outcome, summary: e.summary ?? e.kind, ...(e.note ? { note: e.note } : {}), actorName: e.actorName, at: new Date(e.at), staffId: e.staffId, ...(e.undone ? { undone: e.undone } : {}) })),
          meetingsToRecord: (r.f as CaseFileRow).meetings.map((m) => ({ id: m.id, scheduledAt: new Date(m.scheduledAt), attendees: m.attendees, status: 'booked' as const })),
        };
      }
      // in the order Roll.contacts gives them
      contacts.sort((a, b) => a.priority - b.priority || a.id - b.id);
      return { facts: out as Map<number, CaseFacts>, ...(file ? { file } : {}), contacts: contacts.map(({ priority: _p, ...c }) => c) };
}

type PrismaTx = Parameters<Parameters<Db['prisma']['$transaction']>[0]>[0];

/** The stored kind of each event (Prisma's identifiers for the enum's values): checked both ways by the compiler. */
const STORED_KIND: { readonly [K in CaseEventKind]: CaseActionKind } = {
  call: CaseActionKind.call, 'letter-sent': CaseActionKind.letter_sent, 'meeting-booked': CaseActionKind.meeting_booked,
  'meeting-outcome': CaseActionKind.meeting_outcome, 'plan-started': CaseActionKind.plan_started, 'notice-to-improve': CaseActionKind.notice_to_improve,
  'review-held': CaseActionKind.review_held, 'step-recorded': CaseActionKind.step_recorded, 'penalty-requested': CaseActionKind.penalty_requested,
  'penalty-declined': CaseActionKind.penalty_declined, 'penalty-decision': CaseActionKind.penalty_decision, 'entry-undone': CaseActionKind.entry_undone,
};
const STORED_STATE: { readonly [K in StepRecord['state']]: StepState } = { done: StepState.done, 'not-needed': StepState.not_needed };
const STORED_MEETING: { readonly [K in MeetingResult]: MeetingStatus } = {
  attended: MeetingStatus.attended, 'did-not-attend': MeetingStatus.did_not_attend, cancelled: MeetingStatus.cancelled, rescheduled: MeetingStatus.rescheduled,
};

/** Casework writes through the Prisma client by one actor, in one interactive transaction with the audit entry. */
async function caseTx(tx: PrismaTx, schoolId: string, pupilId: number, actor: Actor): Promise<CaseTx> {
  // the open case, locked while this piece of casework is written (two at once join the same case)
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Case" WHERE "pupilId" = ${pupilId} AND status = 'open' ORDER BY id DESC LIMIT 1 FOR UPDATE`;
  const caseId = locked[0]?.id ?? (await tx.case.create({ data: { schoolId, pupilId }, select: { id: true } })).id;
  const by = actorLabel(actor);
  const staffId = staffIdOf(actor);
  return {
    caseId,
    async addAction(e: CaseEvent) {
      const reviewOn = reviewOnOf(e);
      await tx.caseAction.create({
        data: {
          caseId, kind: STORED_KIND[e.kind], outcome: outcomeOf(e), detail: e as unknown as Prisma.InputJsonObject, actor: by, staffId, day: dateValue(e.day),
          reviewOn: reviewOn ? dateValue(reviewOn) : null, reviewOf: e.kind === 'review-held' ? e.reviewOf : null,
        },
      });
    },
    async bookMeeting(at, attendees) {
      return (await tx.meeting.create({ data: { caseId, scheduledAt: at, attendees, bookedBy: by }, select: { id: true } })).id;
    },
    async meeting(meetingId) {
      const rows = await tx.$queryRaw<MeetingRecord[]>`SELECT id, "scheduledAt", attendees, status::text AS status FROM "Meeting" WHERE id = ${meetingId} AND "caseId" = ${caseId} FOR UPDATE`;
      return rows[0];
    },
    async reopenMeeting(meetingId) {
      await tx.meeting.updateMany({ where: { id: meetingId, caseId }, data: { status: MeetingStatus.booked, heldAt: null, outcome: null, rebookedAs: null } });
    },
    async entry(actionId) {
      const rows = await tx.$queryRaw<{ id: number; detail: CaseEvent; staffId: number | null; at: Date; undone: boolean }[]>`
        SELECT id, detail, "staffId", "occurredAt" AS at, "undoneAt" IS NOT NULL AS undone FROM "CaseAction" WHERE id = ${actionId} AND "caseId" = ${caseId} FOR UPDATE`;
      const r = rows[0];
      return r ? { id: r.id, event: r.detail, staffId: r.staffId, at: r.at, undone: r.undone } : undefined;
    },
    async undo(actionId, reason) {
      await tx.caseAction.updateMany({ where: { id: actionId, caseId, undoneAt: null }, data: { undoneAt: new Date(), undoneBy: by, undoneStaffId: staffId, undoReason: reason } });
    },
    async reopenStep(stepKey, day) {
      await tx.ladderStep.updateMany({ where: { caseId, stepKey, dueOn: dateValue(day) }, data: { status: StepState.due } });
    },
    async withdrawNoticeToImprove(issuedOn) {
      await tx.noticeToImprove.updateMany({ where: { pupilId, schoolId, issuedOn: dateValue(issuedOn), status: 'open' }, data: { status: 'withdrawn' } });
    },
    async settleMeeting(meetingId, result, note, rebookedAs) {
      await tx.meeting.updateMany({ where: { id: meetingId, caseId }, data: { status: STORED_MEETING[result], heldAt: new Date(), outcome: note, rebookedAs: rebookedAs ?? null } });
    },
    async amendUnexplained(date, code, reason, source) {
      // every writer of a school's marks takes the school's register lock (register-store.ts)
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${registerLockKey(schoolId)}))`;
      const day = dateValue(date);
      const unexplained = await tx.attendanceMark.findMany({ where: { pupilId, date: day, code: 'N' }, select: { session: true } });
      if (unexplained.length === 0) return 0;
      await tx.attendanceMark.updateMany({ where: { pupilId, date: day, code: 'N' }, data: { code, source: 'chat', recordedAt: new Date() } });
      await tx.markAmendment.createMany({ data: unexplained.map(({ session }) => ({ pupilId, date: day, session, originalCode: 'N', newCode: code, reason, amendedBy: by, staffId, source })) });
      // the MIS still says N until someone changes it there: imports keep the chat's code meanwhile
      await tx.misUpdate.createMany({ data: unexplained.map(({ session }) => ({ schoolId, pupilId, date: day, session, misCode: 'N', chatCode: code, reason, amendedBy: by, staffId })) });
      return unexplained.length;
    },
    async linkedSlots(contactId) {
      const linked = await tx.penaltyNoticeMark.findMany({ where: { pupilId, contactKey: contactId }, select: { date: true, session: true } });
      return new Set(linked.map((m) => slotOf(dayOf(isoValue(m.date)), m.session)));
    },
    async requestPenaltyNotice(n) {
      const notice = await tx.penaltyNotice.create({
        data: { schoolId, pupilId, contactId: n.contactId, sequence: n.sequence, amountPence: n.amountPence, requestedBy: by, requestedOn: dateValue(n.day) }, select: { id: true },
      });
      await tx.penaltyNoticeMark.createMany({ data: n.slots.map((slot) => ({ noticeId: notice.id, pupilId, contactKey: n.contactId, date: dateValue(isoOf(dayOfSlot(slot))), session: sessionOfSlot(slot) })) });
      return notice.id;
    },
    async claimSubmission(key) {
      const r = await tx.$executeRaw`INSERT INTO "Submission" (key, "schoolId") VALUES (${key}, ${schoolId}) ON CONFLICT (key) DO NOTHING`;
      return r > 0;
    },
    async requestListRefresh(date) {
      await tx.$executeRaw`INSERT INTO "ListRefresh" ("schoolId", date) VALUES (${schoolId}, ${date}) ON CONFLICT ("schoolId", date) DO UPDATE SET "requestedAt" = now()`;
    },
    async decidePenaltyNotice(noticeId, status, day, note) {
      const found = await tx.penaltyNotice.findFirst({ where: { id: noticeId, pupilId, schoolId }, select: { id: true, contactId: true, status: true, requestedAt: true, requestedOn: true, issuedOn: true } });
      if (!found) return undefined;
      const requestedOn = found.requestedOn ? isoValue(found.requestedOn)
        : civilDate(found.requestedAt, (await tx.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timezone: true } })).timezone);
      const before: NoticeRecord = {
        id: found.id, contactId: found.contactId, status: isNoticeStatus(found.status) ? found.status : 'requested',
        requestedOn: dayOf(requestedOn), ...(found.issuedOn ? { issuedOn: dayOf(isoValue(found.issuedOn)) } : {}),
      };
      await tx.penaltyNotice.update({ where: { id: noticeId }, data: { status, statusOn: dateValue(day), statusNote: note, ...(status === 'issued' ? { issuedOn: dateValue(day) } : {}) } });
      if (!holdsMarks({ status })) await tx.penaltyNoticeMark.deleteMany({ where: { noticeId } });
      return before;
    },
    async issueNoticeToImprove(n) {
      await tx.noticeToImprove.create({ data: { schoolId, pupilId, issuedOn: dateValue(n.issuedOn), improvementEndsOn: dateValue(n.endsOn), supportOffered: n.support, improvementNeeded: n.improvement, issuedBy: by } });
    },
    async recordStep({ stepKey, rungKey, state, day, note }) {
      const data = { status: STORED_STATE[state], doneAt: new Date(), recordedBy: by, staffId, note: note ?? null };
      await tx.ladderStep.upsert({
        where: { caseId_stepKey_dueOn: { caseId, stepKey, dueOn: dateValue(day) } },
        create: { caseId, stepKey, triggerKey: rungKey, dueOn: dateValue(day), ...data },
        update: data,
      });
    },
    async markDraftsSent(ids, stepKey, day) {
      const rows = await tx.$queryRaw<DraftRow[]>`
        UPDATE "LetterDraft" SET "sentOn" = ${dateValue(day)} WHERE id = ANY(${[...ids]}::int[]) AND "schoolId" = ${schoolId} AND "pupilId" = ${pupilId}
          AND "stepKey" = ${stepKey} AND "sentOn" IS NULL RETURNING *`;
      return rows.map(storedDraft).sort((a, b) => a.id - b.id);
    },
    audit: (e) => audit(tx, e),
  };
}

async function callsOn(db: Db, schoolId: string, date: string, pupilIds: readonly number[]) {
  const r = await db.pool.query<{ pupilId: number; at: Date; actorName: string; outcome: string }>({
    name: 'calls-on-day',
    text: `SELECT DISTINCT ON (c."pupilId") c."pupilId", a."occurredAt" AS at, coalesce(s.name, a.actor) AS "actorName", a.outcome
           FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId" LEFT JOIN "Staff" s ON s.id = a."staffId"
           WHERE c."schoolId" = $1 AND c."pupilId" = ANY($2::int[]) AND a.kind = 'call' AND a.day = $3::date AND a."undoneAt" IS NULL
           ORDER BY c."pupilId", a."occurredAt" DESC`,
    values: [schoolId, [...pupilIds], date],
  });
  return new Map(r.rows.map((x) => [x.pupilId, { at: x.at, actorName: x.actorName, outcome: x.outcome }]));
}
