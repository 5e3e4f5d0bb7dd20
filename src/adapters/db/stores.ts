/**
 * The use cases' stores (src/app/ports.ts) in PostgreSQL: ordinary reads and writes through
 * the Prisma client, typed end to end; raw SQL where measured (the roll and a school's
 * registers, read on every query and job; case facts in one round trip; the post log's lock).
 */
import type { AuditEntry, AuditLog, CaseFacts, CaseFile, Cases, ContactRecord, CaseTx, Channels, ChatTarget, Flags, ImportStore, PostLog, PupilRecord, Purpose, MisNotUpdated, Registers, ReviewDue, Roll, RollFilter, Schools, StaffDirectory } from '../../app/ports.ts';
import type { AttendanceCode } from '../../domain/codes.ts';
import type { StepRecord } from '../../domain/ladder.ts';
import { holdsMarks, NOTICE_STATUSES, type NoticeRecord, type NoticeStatus } from '../../domain/penalty.ts';
import { civilDate } from '../../config/clock.ts';
import { PURPOSE_ROLES } from '../../domain/audience.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { dayOf, dayOfSlot, isoOf, sessionOfSlot, slotOf, type Session } from '../../domain/dates.ts';
import { CONTACT_CALL_OUTCOMES } from '../../domain/reasons.ts';
import { groupedAudit } from './audit.ts';
import { type Db, dateValue, isoValue } from './client.ts';
import { pgRegisterImports } from './register-imports.ts';
import { registerLockKey } from './register-store.ts';
import { inTransaction, writePupils, writeStaff } from './roll-store.ts';
import { forgetStaff, resolveStaff } from './staff-store.ts';
import { loadRegisters, loadSchool } from './school-store.ts';

/** A pupil as the use cases read it (PupilRecord), dates as YYYY-MM-DD. */
const PUPIL_COLUMNS = `id, upn, "givenName", "familyName", "preferredName", "yearGroup", "regGroup", "admissionDate"::text AS "admissionDate",
  "leavingDate"::text AS "leavingDate", "pupilPremium", send, "socialWorker", "lookedAfter", "youngCarer"`;

export function pgSchools(db: Db): Schools {
  return {
    load: (schoolId) => loadSchool(db, schoolId),
    async ids() {
      return (await db.prisma.school.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((s) => s.id);
    },
  };
}

export function pgRoll(db: Db): Roll {
  return {
    /** Raw SQL, measured: it is on the path of every query from chat. */
    async onRoll(schoolId, date, filter: RollFilter = {}) {
      const r = await db.pool.query<PupilRecord>({
        name: 'roll-on-date',
        text: `SELECT ${PUPIL_COLUMNS} FROM "Pupil"
         WHERE "schoolId" = $1 AND "admissionDate" <= $2 AND ("leavingDate" IS NULL OR "leavingDate" >= $2)
           AND ($3::int[] IS NULL OR id = ANY($3)) AND ($4::int IS NULL OR "yearGroup" = $4)
           AND ($5::text IS NULL OR upper("regGroup") = upper($5)) AND ($6::text IS NULL OR upper(upn) = upper($6))
           AND ($7::int[] IS NULL OR "yearGroup" = ANY($7) OR "regGroup" = ANY($8::text[]))
         ORDER BY "familyName", "givenName", upn`,
        values: [schoolId, date, filter.ids ? [...filter.ids] : null, filter.yearGroup ?? null, filter.regGroup ?? null, filter.upn ?? null,
          filter.scope ? [...filter.scope.years] : null, filter.scope ? [...filter.scope.forms] : null],
      });
      return r.rows;
    },
    async pupil(schoolId, pupilId) {
      const r = await db.pool.query<PupilRecord>({ name: 'pupil-by-id', text: `SELECT ${PUPIL_COLUMNS} FROM "Pupil" WHERE "schoolId" = $1 AND id = $2`, values: [schoolId, pupilId] });
      return r.rows[0];
    },
    async contacts(schoolId, pupilId) {
      return db.prisma.contact.findMany({
        where: { pupilId, pupil: { schoolId } }, orderBy: [{ priority: 'asc' }, { id: 'asc' }],
        select: { id: true, name: true, relationship: true, parentalResponsibility: true, hasCare: true, phone: true },
      }).then((cs) => cs.map(({ hasCare, ...c }) => ({ ...c, care: hasCare })));
    },
  };
}

export function pgRegisters(db: Db): Registers {
  return {
    load: (schoolId, from, to, pupilIds) => loadRegisters(db, schoolId, from, to, pupilIds),
    /** Raw SQL, measured: the morning list reads a whole school's session as the register closes. */
    async session(schoolId, date, session: Session) {
      const marks = await db.pool.query<[number, string]>({
        name: 'register-session', rowMode: 'array',
        text: `SELECT m."pupilId", m.code FROM "Pupil" p
               JOIN "AttendanceMark" m ON m."pupilId" = p.id AND m.date = $2 AND m.session = $3::"Session"
               WHERE p."schoolId" = $1 AND m."schoolId" = $1`,
        values: [schoolId, date, session],
      });
      return new Map(marks.rows.map(([pupilId, code]) => [pupilId, code as AttendanceCode]));
    },
  };
}

/**
 * Per pupil: the slots linked to a penalty notice, the ladder steps recorded done or not
 * needed (LadderStep), and the last day a contact was recorded (a call that reached a
 * parent or carer), as a civil date in the school's time zone.
 */
export function pgCases(db: Db): Cases {
  return {
    callsOn: (schoolId, date, pupilIds) => callsOn(db, schoolId, date, pupilIds),
    record: (schoolId, pupilId, fn) => db.prisma.$transaction(async (tx) => fn(await caseTx(tx, schoolId, pupilId)), { timeout: 30_000 }),
    facts: async (schoolId, pupilIds) => (await caseFacts(db, schoolId, pupilIds)).facts,
    async misNotUpdated(schoolId) {
      return (await db.pool.query<MisNotUpdated>(
        `${MIS_SELECT} WHERE m."schoolId" = $1 AND m."resolvedAt" IS NULL ORDER BY m.date, m.session, p."familyName"`, [schoolId])).rows;
    },
    async misCorrected(schoolId, id, by) {
      const done = await db.pool.query(`UPDATE "MisUpdate" SET "resolvedAt" = now(), "resolvedBy" = $3 WHERE id = $2 AND "schoolId" = $1 AND "resolvedAt" IS NULL`, [schoolId, id, by]);
      if (done.rowCount === 0) return undefined;
      return (await db.pool.query<MisNotUpdated>(`${MIS_SELECT} WHERE m.id = $1`, [id])).rows[0];
    },
    async pupilFile(schoolId, pupilId, recent) {
      const { facts, file, contacts } = await caseFacts(db, schoolId, [pupilId], recent);
      return { facts: facts.get(pupilId) ?? emptyFacts(), ...(file ? { file } : {}), contacts };
    },
  };
}

const MIS_SELECT = `SELECT m.id, m."pupilId", coalesce(p."preferredName", p."givenName") || ' ' || p."familyName" AS "pupilName", p.upn, m.date::text AS date, m.session::text AS session,
  m."misCode", m."chatCode", coalesce(s.name, m."amendedBy") AS "amendedBy",
  CASE WHEN m."writtenBackAt" IS NOT NULL THEN 'written back, waiting for the MIS' WHEN m."writeBackError" IS NOT NULL THEN 'write-back failed: ' || m."writeBackError" END AS "writeBack"
  FROM "MisUpdate" m JOIN "Pupil" p ON p.id = m."pupilId" LEFT JOIN "Staff" s ON m."amendedBy" = 'staff:' || s.id`;

const emptyFacts = () => ({ linkedByParent: new Map<number, Set<number>>(), parents: [] as number[], steps: [] as StepRecord[], reviews: [] as ReviewDue[], notices: [] as NoticeRecord[] });

type StepRow = { key: string; state: string; day: string; by: string | null; note: string | null };
type NoticeRow = { id: number; contactId: number | null; status: string; requestedOn: string; issuedOn: string | null };
type ReviewRow = { id: number; kind: string; title: string | null; on: string };
type ContactRow = ContactRecord & { priority: number };
const isNoticeStatus = (s: string): s is NoticeStatus => (NOTICE_STATUSES as readonly string[]).includes(s);
type CaseFileRow = { id: number; entries: { kind: string; outcome: string | null; summary: string | null; note: string | null; actorName: string; at: string }[]; meetings: { id: number; scheduledAt: string; attendees: string }[] };

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
               SELECT 's', c."pupilId", NULL, NULL, json_build_object('key', s."stepKey", 'state', s.status, 'day', s."dueOn", 'by', s."recordedBy", 'note', s.note)
                 FROM "LadderStep" s JOIN "Case" c ON c.id = s."caseId"
                 WHERE c."schoolId" = $1 AND s.status IN ('done', 'not-needed') AND ${pupils('c')}
               UNION ALL
               SELECT 'r', c."pupilId", NULL, NULL, json_build_object('id', a.id, 'kind', a.kind, 'title', a.detail->>'summary', 'on', a."reviewOn")
                 FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId"
                 WHERE c."schoolId" = $1 AND a."reviewOn" IS NOT NULL AND ${pupils('c')}
                   AND NOT EXISTS (SELECT 1 FROM "CaseAction" h WHERE h."reviewOf" = a.id)
               UNION ALL
               SELECT 'c', c."pupilId", max(coalesce((a.detail->>'day')::date, (a."occurredAt" AT TIME ZONE $3)::date))::text, NULL, NULL
                 FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId"
                 WHERE c."schoolId" = $1 AND a.kind = 'call' AND a.outcome = ANY($2::text[]) AND ${pupils('c')}
                 GROUP BY c."pupilId"
               UNION ALL
               SELECT 'n', n."pupilId", NULL, NULL, json_build_object('id', n.id, 'contactId', n."contactId", 'status', n.status,
                   'requestedOn', coalesce(n."requestedOn", (n."requestedAt" AT TIME ZONE $3)::date), 'issuedOn', n."issuedOn")
                 FROM "PenaltyNotice" n
                 WHERE n."schoolId" = $1 AND ${pupils('n')}
               ${recent === undefined ? '' : `UNION ALL
               SELECT 'f', c."pupilId", NULL, NULL, json_build_object('id', c.id,
                 'entries', (SELECT coalesce(json_agg(x), '[]') FROM (
                    SELECT a.kind, a.outcome, a.detail->>'summary' AS summary, a.detail->>'note' AS note, coalesce(s.name, a.actor) AS "actorName", a."occurredAt" AS at
                    FROM "CaseAction" a LEFT JOIN "Staff" s ON a.actor = 'staff:' || s.id
                    WHERE a."caseId" = c.id ORDER BY a."occurredAt" DESC, a.id DESC LIMIT $5) x),
                 'meetings', (SELECT coalesce(json_agg(y ORDER BY y."scheduledAt"), '[]') FROM (
                    SELECT id, "scheduledAt", attendees FROM "Meeting" WHERE "caseId" = c.id AND "heldAt" IS NULL) y))
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
          entries: (r.f as CaseFileRow).entries.map((e) => ({ kind: e.kind, outcome: e.outcome, summary: e.summary ?? e.kind, ...(e.note ? { note: e.note } : {}), actorName: e.actorName, at: new Date(e.at) })),
          meetingsToRecord: (r.f as CaseFileRow).meetings.map((m) => ({ id: m.id, scheduledAt: new Date(m.scheduledAt), attendees: m.attendees })),
        };
      }
      // in the order Roll.contacts gives them
      contacts.sort((a, b) => a.priority - b.priority || a.id - b.id);
      return { facts: out as Map<number, CaseFacts>, ...(file ? { file } : {}), contacts: contacts.map(({ priority: _p, ...c }) => c) };
}

export function pgAuditLog(db: Db): AuditLog {
  return { record: groupedAudit(db.pool) };
}




export function pgChannels(db: Db): Channels {
  return {
    async remember(c) {
      const reference = c.reference as Prisma.InputJsonObject;
      const tenantId = c.tenantId?.toLowerCase();
      const known = await db.prisma.conversationReference.findUnique({ where: { conversationId: c.conversationId }, select: { deadAt: true } });
      await db.prisma.conversationReference.upsert({
        where: { conversationId: c.conversationId },
        create: { conversationId: c.conversationId, kind: c.kind, tenantId: tenantId ?? null, aadObjectId: c.kind === 'personal' ? c.aadObjectId ?? null : null, reference },
        // a later activity without a known tenant or user keeps what was known; only a personal
        // chat is tied to its one person (a group chat's last speaker is not its reader)
        update: { reference, kind: c.kind, updatedAt: new Date(), ...(tenantId ? { tenantId } : {}), ...(c.aadObjectId && c.kind === 'personal' ? { aadObjectId: c.aadObjectId } : {}) },
      });
      return known === null;
    },
    async personalConversation(tenantId, aadObjectId) {
      const r = await db.prisma.conversationReference.findFirst({
        where: {
          tenantId: tenantId.toLowerCase(), aadObjectId: { equals: aadObjectId, mode: 'insensitive' }, kind: 'personal', deadAt: null,
        },
        orderBy: { updatedAt: 'desc' }, select: { reference: true },
      });
      return (r?.reference as Record<string, unknown> | undefined) ?? undefined;
    },
    async bind({ schoolId, target, purpose, yearGroup }) {
      const year = purpose === 'year' ? yearGroup ?? null : null;
      const reference = target.reference ? (target.reference as Prisma.InputJsonObject) : Prisma.DbNull;
      // the unique key has a nullable column, so replace rather than upsert: in one transaction
      await db.prisma.$transaction([
        db.prisma.schoolChannel.deleteMany({ where: { schoolId, platform: target.platform, purpose, yearGroup: year } }),
        db.prisma.schoolChannel.create({ data: { schoolId, platform: target.platform, purpose, yearGroup: year, channelId: target.channelId, conversationReference: reference } }),
      ]);
    },
    async markDead(conversationId) {
      await db.prisma.conversationReference.updateMany({ where: { conversationId, deadAt: null }, data: { deadAt: new Date() } });
    },
    async targets(schoolId, purpose, yearGroup) {
      const year = purpose === 'year' ? yearGroup ?? null : null;
      const channels = await db.prisma.schoolChannel.findMany({ where: { schoolId, purpose, yearGroup: year } });
      const out: ChatTarget[] = channels
        .map((c) => ({ platform: c.platform, channelId: c.channelId, ...(c.conversationReference ? { reference: c.conversationReference as Record<string, unknown> } : {}) }))
        .filter((t) => t.platform === 'slack' || t.reference);
      if (!out.some((t) => t.platform === 'teams')) {
        const personal = (await db.pool.query<{ conversationId: string; reference: Record<string, unknown> }>(
          `SELECT DISTINCT ON (c."conversationId") c."conversationId", c.reference FROM "ConversationReference" c
           JOIN "Staff" s ON lower(s."teamsAadObjectId") = lower(c."aadObjectId") AND s."schoolId" = $1
           JOIN "School" sc ON sc.id = s."schoolId" AND lower(sc."teamsTenantId") = c."tenantId"
           JOIN "StaffRole" r ON r."staffId" = s.id
           WHERE c."deadAt" IS NULL AND r.role::text = ANY($2) AND ($3::int IS NULL OR r."yearGroup" = $3)
             AND c.kind = 'personal'`,
          [schoolId, [...PURPOSE_ROLES[purpose]], year],
        )).rows;
        for (const p of personal) out.push({ platform: 'teams', channelId: p.conversationId, reference: p.reference });
      }
      return out;
    },
  };
}

/** How long a worker holds a post while it sends it: longer than any platform call may take (their timeouts are shorter). */
export const POST_LEASE_SECONDS = 60;

export function pgPostLog(db: Db): PostLog {
  return {
    async withPost(key, payload, act) {
      const { schoolId, kind, dateKey, session, target } = key;
      // stored, or given its new payload: one already shown becomes pending again (an update to make)
      // (the same payload again writes nothing: a post re-delivered unchanged costs reads only)
      const stored = (await db.pool.query<{ id: number; fresh: boolean }>(
        `INSERT INTO "ChatPost" ("schoolId", kind, "dateKey", session, platform, "channelId", payload, reference) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT ("schoolId", kind, "dateKey", session, platform, "channelId") DO UPDATE SET
           payload = EXCLUDED.payload,
           status = CASE WHEN "ChatPost".status = 'sent' AND "ChatPost"."sentPayload" IS DISTINCT FROM EXCLUDED.payload THEN 'pending' ELSE "ChatPost".status END,
           "nextAttemptAt" = CASE WHEN "ChatPost".status = 'sent' AND "ChatPost"."sentPayload" IS DISTINCT FROM EXCLUDED.payload THEN NULL ELSE "ChatPost"."nextAttemptAt" END
         WHERE "ChatPost".payload IS DISTINCT FROM EXCLUDED.payload
         RETURNING id, (xmax = 0) AS fresh`,
        [schoolId, kind, dateKey, session, target.platform, target.channelId, payload, target.reference ? JSON.stringify(target.reference) : null],
      )).rows[0] ?? (await db.pool.query<{ id: number; fresh: boolean }>(
        `SELECT id, false AS fresh FROM "ChatPost" WHERE "schoolId" = $1 AND kind = $2 AND "dateKey" = $3 AND session = $4 AND platform = $5 AND "channelId" = $6`,
        [schoolId, kind, dateKey, session, target.platform, target.channelId],
      )).rows[0]!;
      // claimed for a short lease, in one statement: no transaction is held while the platform answers
      const claimed = (await db.pool.query<{ status: string; messageRef: string | null; attempts: number; createdAt: Date; current: boolean; shown: boolean; lease: Date }>(
        `UPDATE "ChatPost" SET "leaseUntil" = now() + make_interval(secs => $3) WHERE id = $1 AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
         RETURNING status, "messageRef", attempts, "createdAt", payload = $2::jsonb AS current, "sentPayload" IS NOT DISTINCT FROM $2::jsonb AS shown, "leaseUntil" AS lease`,
        [stored.id, payload, POST_LEASE_SECONDS],
      )).rows[0];
      if (!claimed) return 'busy';
      const release = () => db.pool.query(`UPDATE "ChatPost" SET "leaseUntil" = NULL WHERE id = $1 AND "leaseUntil" = $2`, [stored.id, claimed.lease]);
      if (!claimed.current) { await release(); return 'busy'; } // a newer payload was stored: its writer sends it
      try {
        return await act(
          { fresh: stored.fresh, ...(claimed.messageRef ? { messageRef: claimed.messageRef } : {}), shown: claimed.status === 'sent' && claimed.shown, attempts: claimed.attempts, failed: claimed.status === 'failed', since: claimed.createdAt },
          {
            async sent(messageRef) {
              await db.pool.query(
                `UPDATE "ChatPost" SET status = 'sent', "messageRef" = coalesce($2, "messageRef"), "sentAt" = now(), "sentPayload" = $3::jsonb,
                   "lastError" = NULL, "nextAttemptAt" = NULL, "leaseUntil" = NULL WHERE id = $1`,
                [stored.id, messageRef ?? null, payload]);
            },
            async found(messageRef) {
              await db.pool.query(`UPDATE "ChatPost" SET "messageRef" = $2 WHERE id = $1`, [stored.id, messageRef]);
            },
            async failed(error, retryAt) {
              await db.pool.query(
                `UPDATE "ChatPost" SET attempts = attempts + 1, "lastError" = $2, status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                   "nextAttemptAt" = $3, "leaseUntil" = NULL WHERE id = $1`,
                [stored.id, error.slice(0, 500), retryAt ?? null]);
            },
          },
        );
      } finally {
        await release();
      }
    },
    async pending(schoolId, now, since) {
      const rows = (await db.pool.query<{ kind: string; dateKey: string; session: string; platform: 'slack' | 'teams'; channelId: string; reference: Record<string, unknown> | null; payload: unknown; attempts: number }>(
        `SELECT kind, "dateKey", session, platform::text AS platform, "channelId", reference, payload, attempts FROM "ChatPost"
         WHERE "schoolId" = $1 AND status = 'pending' AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= $2) AND "createdAt" >= $3
           AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
           AND ("nextAttemptAt" IS NOT NULL OR "createdAt" <= $2::timestamptz - interval '2 minutes' OR "messageRef" IS NOT NULL)
         ORDER BY "createdAt", id LIMIT 500`,
        [schoolId, now, since],
      )).rows;
      return rows.map((r) => ({
        kind: r.kind, dateKey: r.dateKey, session: r.session, attempts: r.attempts, payload: JSON.stringify(r.payload),
        target: { platform: r.platform, channelId: r.channelId, ...(r.reference ? { reference: r.reference } : {}) },
      }));
    },
    async wasSent(schoolId, kind, dateKey, session) {
      return (await db.prisma.chatPost.count({ where: { schoolId, kind, dateKey, session, status: 'sent' } })) > 0;
    },
    async refreshesAsked(schoolId) {
      return (await db.pool.query<{ date: string; at: Date }>(`SELECT date, "requestedAt" AS at FROM "ListRefresh" WHERE "schoolId" = $1 ORDER BY date`, [schoolId])).rows;
    },
    async refreshed(schoolId, date, upTo) {
      await db.pool.query(`DELETE FROM "ListRefresh" WHERE "schoolId" = $1 AND date = $2 AND "requestedAt" <= $3`, [schoolId, date, upTo]);
    },
  };
}

export function pgFlags(db: Db): Flags {
  return {
    async raise(f) {
      const created = await db.prisma.safeguardingFlag.createMany({
        data: [{ schoolId: f.schoolId, pupilId: f.pupilId, kind: f.kind, dateKey: f.dateKey, summary: f.summary, nextEscalationAt: f.nextEscalationAt }],
        skipDuplicates: true,
      });
      const existing = await db.prisma.safeguardingFlag.findUniqueOrThrow({
        select: { id: true }, where: { schoolId_pupilId_kind_dateKey: { schoolId: f.schoolId, pupilId: f.pupilId, kind: f.kind, dateKey: f.dateKey } },
      });
      return { id: existing.id, raised: created.count > 0 };
    },
    async due(schoolId, now) {
      const flags = await db.prisma.safeguardingFlag.findMany({
        where: { schoolId, acknowledgedAt: null, nextEscalationAt: { lte: now } },
        select: { id: true, level: true, summary: true, dateKey: true, nextEscalationAt: true, pupil: { select: { givenName: true, familyName: true, preferredName: true, regGroup: true, upn: true } } },
        orderBy: { id: 'asc' },
      });
      return flags.map((f) => ({ ...f, nextEscalationAt: f.nextEscalationAt! }));
    },
    async open(schoolId) {
      const flags = await db.prisma.safeguardingFlag.findMany({
        where: { schoolId, acknowledgedAt: null },
        select: { id: true, level: true, summary: true, dateKey: true, raisedAt: true, nextEscalationAt: true, pupil: { select: { givenName: true, familyName: true, preferredName: true, regGroup: true, upn: true } } },
        orderBy: { id: 'asc' },
      });
      return flags.map((f) => ({ ...f, nextEscalationAt: f.nextEscalationAt ?? f.raisedAt }));
    },
    async acknowledge(schoolId, flagId, actor, what) {
      // the first acknowledgement stands: a second one records nothing over it
      await db.prisma.safeguardingFlag.updateMany({
        where: { id: flagId, schoolId, acknowledgedAt: null },
        data: { acknowledgedAt: new Date(), acknowledgedBy: actor, acknowledgedAction: what.action, acknowledgedNote: what.note },
      });
      const f = await db.prisma.safeguardingFlag.findFirst({
        where: { id: flagId, schoolId },
        select: {
          id: true, level: true, summary: true, acknowledgedAt: true, acknowledgedBy: true, acknowledgedAction: true, acknowledgedNote: true,
          pupil: { select: { givenName: true, familyName: true, preferredName: true, regGroup: true, upn: true } },
        },
      });
      if (!f) return undefined;
      return { ...f, acknowledgedAt: f.acknowledgedAt!, acknowledgedBy: f.acknowledgedBy! };
    },
    async get(schoolId, flagId) {
      return (await db.prisma.safeguardingFlag.findFirst({
        where: { id: flagId, schoolId },
        select: {
          id: true, level: true, summary: true, dateKey: true, acknowledgedAt: true, acknowledgedBy: true, acknowledgedAction: true, acknowledgedNote: true,
          pupil: { select: { givenName: true, familyName: true, preferredName: true, regGroup: true, upn: true } },
        },
      })) ?? undefined;
    },
    async openFor(schoolId, pupilId) {
      return db.prisma.safeguardingFlag.findMany({
        where: { schoolId, pupilId, acknowledgedAt: null }, orderBy: { raisedAt: 'asc' },
        select: { id: true, summary: true, raisedAt: true, level: true },
      });
    },
    async escalate(flagId, fromLevel, nextEscalationAt) {
      const moved = await db.prisma.safeguardingFlag.updateMany({
        where: { id: flagId, level: fromLevel, acknowledgedAt: null }, data: { level: fromLevel + 1, nextEscalationAt },
      });
      return moved.count > 0;
    },
  };
}

/** Every store the use cases need, over one database. */
export function pgStores(db: Db) {
  return {
    schools: pgSchools(db), roll: pgRoll(db), registers: pgRegisters(db), cases: pgCases(db), audit: pgAuditLog(db),
    channels: pgChannels(db), posts: pgPostLog(db), flags: pgFlags(db), staff: pgStaff(db), imports: pgImports(db),
  };
}

const staffIdOf = (actor: string): number | undefined => (actor.startsWith('staff:') ? Number(actor.slice('staff:'.length)) : undefined);

type PrismaTx = Parameters<Parameters<Db['prisma']['$transaction']>[0]>[0];

/** Casework writes through the Prisma client, in one interactive transaction with the audit entry. */
async function caseTx(tx: PrismaTx, schoolId: string, pupilId: number): Promise<CaseTx> {
  // the open case, locked while this piece of casework is written (two at once join the same case)
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Case" WHERE "pupilId" = ${pupilId} AND status = 'open' ORDER BY id DESC LIMIT 1 FOR UPDATE`;
  const caseId = locked[0]?.id ?? (await tx.case.create({ data: { schoolId, pupilId }, select: { id: true } })).id;
  return {
    caseId,
    async addAction(a) {
      await tx.caseAction.create({ data: { caseId, kind: a.kind, outcome: a.outcome ?? null, detail: a.detail as Prisma.InputJsonObject, actor: a.actor, reviewOn: a.reviewOn ? dateValue(a.reviewOn) : null, reviewOf: a.reviewOf ?? null } });
    },
    async bookMeeting(at, attendees, bookedBy) {
      await tx.meeting.create({ data: { caseId, scheduledAt: at, attendees, bookedBy } });
    },
    async holdMeeting(meetingId, outcome) {
      return (await tx.meeting.updateMany({ where: { id: meetingId, caseId }, data: { heldAt: new Date(), outcome } })).count > 0;
    },
    async amendUnexplained(date, code, reason, amendedBy, source) {
      // every writer of a school's marks takes the school's register lock (register-store.ts)
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${registerLockKey(schoolId)}))`;
      const day = dateValue(date);
      const unexplained = await tx.attendanceMark.findMany({ where: { pupilId, date: day, code: 'N' }, select: { session: true } });
      if (unexplained.length === 0) return 0;
      await tx.attendanceMark.updateMany({ where: { pupilId, date: day, code: 'N' }, data: { code, source: 'chat', recordedAt: new Date() } });
      await tx.markAmendment.createMany({ data: unexplained.map(({ session }) => ({ pupilId, date: day, session, originalCode: 'N', newCode: code, reason, amendedBy, source })) });
      // the MIS still says N until someone changes it there: imports keep the chat's code meanwhile
      await tx.misUpdate.createMany({ data: unexplained.map(({ session }) => ({ schoolId, pupilId, date: day, session, misCode: 'N', chatCode: code, reason, amendedBy })) });
      return unexplained.length;
    },
    async linkedSlots(contactId) {
      const linked = await tx.penaltyNoticeMark.findMany({ where: { pupilId, contactKey: contactId }, select: { date: true, session: true } });
      return new Set(linked.map((m) => slotOf(dayOf(isoValue(m.date)), m.session)));
    },
    async requestPenaltyNotice(n) {
      const notice = await tx.penaltyNotice.create({
        data: { schoolId, pupilId, contactId: n.contactId, sequence: n.sequence, amountPence: n.amountPence, requestedBy: n.requestedBy, requestedOn: dateValue(n.day) }, select: { id: true },
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
      await tx.noticeToImprove.create({ data: { schoolId, pupilId, issuedOn: dateValue(n.issuedOn), improvementEndsOn: dateValue(n.endsOn), supportOffered: n.support, improvementNeeded: n.improvement, issuedBy: n.issuedBy } });
    },
    async recordStep({ stepKey, rungKey, state, day, by, note }) {
      const data = { status: state, doneAt: new Date(), recordedBy: by, note: note ?? null };
      await tx.ladderStep.upsert({
        where: { caseId_stepKey_dueOn: { caseId, stepKey, dueOn: dateValue(day) } },
        create: { caseId, stepKey, triggerKey: rungKey, dueOn: dateValue(day), ...data },
        update: data,
      });
    },
    async audit(e) {
      await tx.auditLog.create({ data: auditRow(e) });
    },
  };
}

const auditRow = (e: AuditEntry) => ({
  schoolId: e.schoolId ?? null, actor: e.actor, source: e.source, action: e.action,
  subjectType: e.subjectType ?? null, subjectId: e.subjectId ?? null, detail: (e.detail ?? {}) as Prisma.InputJsonObject,
});

export function pgStaff(db: Db): StaffDirectory {
  return {
    resolve: (who) => resolveStaff(db, who),
    async nameOf(actor) {
      const id = staffIdOf(actor);
      if (id === undefined) return actor;
      return (await db.prisma.staff.findUnique({ where: { id }, select: { name: true } }))?.name ?? actor;
    },
  };
}

export function pgImports(db: Db): ImportStore {
  return {
    ...pgRegisterImports(db.pool, db.url),
    writeRoll: (schoolId, rows, meta) => writePupils(db, schoolId, rows, meta),
    async writeStaff(schoolId, rows, meta) {
      try {
        return await writeStaff(db, schoolId, rows, meta);
      } finally {
        forgetStaff(); // roles changed: this process asks again at once
      }
    },
  };
}

async function callsOn(db: Db, schoolId: string, date: string, pupilIds: readonly number[]) {
  const tz = (await loadSchool(db, schoolId)).timezone;
  const r = await db.pool.query<{ pupilId: number; at: Date; actorName: string; outcome: string }>({
    name: 'calls-on-day',
    text: `SELECT DISTINCT ON (c."pupilId") c."pupilId", a."occurredAt" AS at, coalesce(s.name, a.actor) AS "actorName", a.outcome
           FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId" LEFT JOIN "Staff" s ON a.actor = 'staff:' || s.id
           WHERE c."schoolId" = $1 AND c."pupilId" = ANY($2::int[]) AND a.kind = 'call'
             AND coalesce((a.detail->>'day')::date, (a."occurredAt" AT TIME ZONE $4)::date) = $3::date
           ORDER BY c."pupilId", a."occurredAt" DESC`,
    values: [schoolId, [...pupilIds], date, tz],
  });
  return new Map(r.rows.map((x) => [x.pupilId, { at: x.at, actorName: x.actorName, outcome: x.outcome }]));
}
