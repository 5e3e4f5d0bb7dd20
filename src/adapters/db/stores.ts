/**
 * The use cases' stores (src/app/ports.ts) in PostgreSQL: the roll through the Prisma client,
 * typed end to end; a school's registers and case facts in one query each (raw SQL, measured:
 * a whole school's year of marks is read on every job).
 */
import type { AuditLog, CaseFacts, CaseFile, Cases, CaseTx, Channels, ChatTarget, Flags, ImportStore, PostLog, PupilRecord, Purpose, Registers, Roll, RollFilter, Schools, StaffDirectory } from '../../app/ports.ts';
import type { AttendanceCode } from '../../domain/codes.ts';
import type { PoolClient } from 'pg';
import { dayOf, dayOfSlot, isoOf, sessionOfSlot, slotOf, type Session } from '../../domain/dates.ts';
import { CONTACT_CALL_OUTCOMES } from '../../domain/reasons.ts';
import { audit } from './audit.ts';
import { type Db, dateValue, isoValue } from './client.ts';
import { registerLock, writeMarks } from './register-store.ts';
import { inTransaction, writePupils, writeStaff } from './roll-store.ts';
import { forgetStaff, resolveStaff } from './staff-store.ts';
import { loadRegisters, loadSchool } from './school-store.ts';

const PUPIL_SELECT = {
  id: true, upn: true, givenName: true, familyName: true, preferredName: true, yearGroup: true, regGroup: true,
  admissionDate: true, leavingDate: true, pupilPremium: true, send: true, socialWorker: true, lookedAfter: true, youngCarer: true,
} as const;

type PupilEntity = { admissionDate: Date; leavingDate: Date | null } & Omit<PupilRecord, 'admissionDate' | 'leavingDate'>;

const PUPIL_COLUMNS = `id, upn, "givenName", "familyName", "preferredName", "yearGroup", "regGroup", "admissionDate"::text AS "admissionDate",
  "leavingDate"::text AS "leavingDate", "pupilPremium", send, "socialWorker", "lookedAfter", "youngCarer"`;

const toRecord = (p: PupilEntity): PupilRecord => ({
  ...p, admissionDate: isoValue(p.admissionDate), leavingDate: p.leavingDate ? isoValue(p.leavingDate) : null,
});

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
      const p = await db.prisma.pupil.findFirst({ select: PUPIL_SELECT, where: { schoolId, id: pupilId } });
      return p ? toRecord(p) : undefined;
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
        text: 'SELECT "pupilId", code FROM "AttendanceMark" WHERE "schoolId" = $1 AND date = $2 AND session = $3',
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
    record: (schoolId, pupilId, fn) => inTransaction(db, async (c) => fn(await caseTx(c, schoolId, pupilId))),
    facts: async (schoolId, pupilIds) => (await caseFacts(db, schoolId, pupilIds)).facts,
    async pupilFile(schoolId, pupilId, recent) {
      const { facts, file } = await caseFacts(db, schoolId, [pupilId], recent);
      return { facts: facts.get(pupilId) ?? { linkedToNotices: new Set(), stepsDone: new Set(), noticeDays: [] }, ...(file ? { file } : {}) };
    },
  };
}

type CaseFileRow = { id: number; entries: { kind: string; outcome: string | null; summary: string | null; actorName: string; at: string }[]; meetings: { id: number; scheduledAt: string; attendees: string }[] };

/**
 * Per pupil: the slots linked to a penalty notice, the ladder steps recorded done or not
 * needed (LadderStep), the last day a contact was recorded (a call that reached a parent or
 * carer, as a civil date in the school's time zone), the days notices were requested; and,
 * for a card (`caseFileOf`), the pupil's open case. One round trip: it is on every card's path.
 */
async function caseFacts(db: Db, schoolId: string, pupilIds: readonly number[] | undefined, recent?: number): Promise<{ facts: Map<number, CaseFacts>; file?: CaseFile }> {
  // a named statement per shape: planned once per connection, not on every card
  const shape = pupilIds === undefined ? 'school' : recent === undefined ? 'pupils' : 'card';
  const pupils = (t: string) => (pupilIds === undefined ? 'true' : `${t}."pupilId" = ANY($4::int[])`);
  const rows = (await db.pool.query<{ k: string; pupil: number; a: string; b: string | null; f: CaseFileRow | null }>({
        name: `case-facts-${shape}`,
        text: `SELECT 'l' AS k, m."pupilId" AS pupil, m.date::text AS a, m.session::text AS b, NULL::json AS f
                 FROM "PenaltyNoticeMark" m JOIN "PenaltyNotice" n ON n.id = m."noticeId"
                 WHERE n."schoolId" = $1 AND ${pupils('m')}
               UNION ALL
               SELECT 's', c."pupilId", s."stepKey", NULL, NULL FROM "LadderStep" s JOIN "Case" c ON c.id = s."caseId"
                 WHERE c."schoolId" = $1 AND s.status IN ('done', 'skipped') AND ${pupils('c')}
               UNION ALL
               SELECT 'c', c."pupilId", max((a."occurredAt" AT TIME ZONE $3)::date)::text, NULL, NULL
                 FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId"
                 WHERE c."schoolId" = $1 AND a.kind = 'call' AND a.outcome = ANY($2::text[]) AND ${pupils('c')}
                 GROUP BY c."pupilId"
               UNION ALL
               SELECT 'n', n."pupilId", (n."requestedAt" AT TIME ZONE $3)::date::text, NULL, NULL
                 FROM "PenaltyNotice" n
                 WHERE n."schoolId" = $1 AND n.status <> 'withdrawn' AND ${pupils('n')}
               ${recent === undefined ? '' : `UNION ALL
               SELECT 'f', c."pupilId", NULL, NULL, json_build_object('id', c.id,
                 'entries', (SELECT coalesce(json_agg(x), '[]') FROM (
                    SELECT a.kind, a.outcome, a.detail->>'summary' AS summary, coalesce(s.name, a.actor) AS "actorName", a."occurredAt" AS at
                    FROM "CaseAction" a LEFT JOIN "Staff" s ON a.actor = 'staff:' || s.id
                    WHERE a."caseId" = c.id ORDER BY a."occurredAt" DESC, a.id DESC LIMIT $5) x),
                 'meetings', (SELECT coalesce(json_agg(y ORDER BY y."scheduledAt"), '[]') FROM (
                    SELECT id, "scheduledAt", attendees FROM "Meeting" WHERE "caseId" = c.id AND "heldAt" IS NULL) y))
                 FROM (SELECT * FROM "Case" WHERE "pupilId" = ($4::int[])[1] AND status = 'open' ORDER BY id DESC LIMIT 1) c`}`,
        values: [schoolId, [...CONTACT_CALL_OUTCOMES], (await loadSchool(db, schoolId)).timezone, ...(pupilIds ? [[...pupilIds]] : []), ...(recent === undefined ? [] : [recent])],
      })).rows;
      const out = new Map<number, { linkedToNotices: Set<number>; stepsDone: Set<string>; lastContact?: number; noticeDays: number[] }>();
      const of = (id: number) => {
        let f = out.get(id);
        if (!f) { f = { linkedToNotices: new Set(), stepsDone: new Set(), noticeDays: [] }; out.set(id, f); }
        return f;
      };
      let file: CaseFile | undefined;
      for (const r of rows) {
        if (r.k === 'l') of(r.pupil).linkedToNotices.add(slotOf(dayOf(r.a), r.b as Session));
        else if (r.k === 's') of(r.pupil).stepsDone.add(r.a);
        else if (r.k === 'n') of(r.pupil).noticeDays.push(dayOf(r.a));
        else if (r.k === 'c') of(r.pupil).lastContact = dayOf(r.a);
        else if (r.f) file = {
          caseId: r.f.id,
          entries: r.f.entries.map((e) => ({ kind: e.kind, outcome: e.outcome, summary: e.summary ?? e.kind, actorName: e.actorName, at: new Date(e.at) })),
          meetingsToRecord: r.f.meetings.map((m) => ({ id: m.id, scheduledAt: new Date(m.scheduledAt), attendees: m.attendees })),
        };
      }
      return { facts: out as Map<number, CaseFacts>, ...(file ? { file } : {}) };
}

export function pgAuditLog(db: Db): AuditLog {
  return { record: (entry) => audit(db.pool, entry) };
}


const ROLE_FOR: Record<Purpose, string[]> = {
  attendance: ['attendance_officer'], dsl: ['dsl', 'deputy_dsl'], senior: ['senior_leader'], year: ['head_of_year'],
};

export function pgChannels(db: Db): Channels {
  return {
    async remember(c) {
      await db.pool.query(
        `INSERT INTO "ConversationReference" ("conversationId", "schoolId", "aadObjectId", reference) VALUES ($1, $2, $3, $4)
         ON CONFLICT ("conversationId") DO UPDATE SET reference = EXCLUDED.reference, "schoolId" = coalesce(EXCLUDED."schoolId", "ConversationReference"."schoolId"),
           "aadObjectId" = coalesce(EXCLUDED."aadObjectId", "ConversationReference"."aadObjectId"), "updatedAt" = now()`,
        [c.conversationId, c.schoolId ?? null, c.aadObjectId ?? null, JSON.stringify(c.reference)],
      );
    },
    async bind({ schoolId, target, purpose, yearGroup }) {
      const year = purpose === 'year' ? yearGroup ?? null : null;
      await inTransaction(db, async (c) => {
        await c.query(`DELETE FROM "SchoolChannel" WHERE "schoolId" = $1 AND platform = $2 AND purpose = $3 AND "yearGroup" IS NOT DISTINCT FROM $4`,
          [schoolId, target.platform, purpose, year]);
        await c.query(`INSERT INTO "SchoolChannel" ("schoolId", platform, purpose, "yearGroup", "channelId", "conversationReference") VALUES ($1, $2, $3, $4, $5, $6)`,
          [schoolId, target.platform, purpose, year, target.channelId, target.reference ? JSON.stringify(target.reference) : null]);
      });
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
           JOIN "StaffRole" r ON r."staffId" = s.id
           WHERE c."schoolId" = $1 AND r.role::text = ANY($2) AND ($3::int IS NULL OR r."yearGroup" = $3)
             AND c.reference->'conversation'->>'conversationType' IS DISTINCT FROM 'channel'`,
          [schoolId, ROLE_FOR[purpose], year],
        )).rows;
        for (const p of personal) out.push({ platform: 'teams', channelId: p.conversationId, reference: p.reference });
      }
      return out;
    },
  };
}

export function pgPostLog(db: Db): PostLog {
  return {
    async withPost(key, payload, act) {
      const { schoolId, kind, dateKey, session, target } = key;
      const inserted = await db.pool.query(
        `INSERT INTO "ChatPost" ("schoolId", kind, "dateKey", session, platform, "channelId", payload) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT ("schoolId", kind, "dateKey", session, platform, "channelId") DO NOTHING`,
        [schoolId, kind, dateKey, session, target.platform, target.channelId, payload],
      );
      const fresh = (inserted.rowCount ?? 0) > 0;
      return inTransaction(db, async (c) => {
        const row = (await c.query<{ id: number; status: string; messageRef: string | null; same: boolean }>(
          `SELECT id, status, "messageRef", payload = $7::jsonb AS same FROM "ChatPost"
           WHERE "schoolId" = $1 AND kind = $2 AND "dateKey" = $3 AND session = $4 AND platform = $5 AND "channelId" = $6 FOR UPDATE`,
          [schoolId, kind, dateKey, session, target.platform, target.channelId, payload],
        )).rows[0]!;
        return act(
          { fresh, sent: row.status === 'sent', ...(row.messageRef ? { messageRef: row.messageRef } : {}), samePayload: row.same },
          {
            async sent(messageRef) {
              await c.query(`UPDATE "ChatPost" SET status = 'sent', "messageRef" = $2, "sentAt" = now() WHERE id = $1`, [row.id, messageRef ?? null]);
            },
            async changed() {
              await c.query(`UPDATE "ChatPost" SET payload = $2 WHERE id = $1`, [row.id, payload]);
            },
          },
        );
      });
    },
    async wasSent(schoolId, kind, dateKey, session) {
      return (await db.prisma.chatPost.count({ where: { schoolId, kind, dateKey, session, status: 'sent' } })) > 0;
    },
  };
}

export function pgFlags(db: Db): Flags {
  return {
    async raise(f) {
      const inserted = await db.pool.query<{ id: number }>(
        `INSERT INTO "SafeguardingFlag" ("schoolId", "pupilId", kind, "dateKey", summary, "nextEscalationAt") VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ("schoolId", "pupilId", kind, "dateKey") DO NOTHING RETURNING id`,
        [f.schoolId, f.pupilId, f.kind, f.dateKey, f.summary, f.nextEscalationAt],
      );
      if (inserted.rows[0]) return { id: inserted.rows[0].id, raised: true };
      const existing = await db.prisma.safeguardingFlag.findUniqueOrThrow({
        select: { id: true }, where: { schoolId_pupilId_kind_dateKey: { schoolId: f.schoolId, pupilId: f.pupilId, kind: f.kind, dateKey: f.dateKey } },
      });
      return { id: existing.id, raised: false };
    },
    async due(schoolId, now) {
      const flags = await db.prisma.safeguardingFlag.findMany({
        where: { schoolId, acknowledgedAt: null, nextEscalationAt: { lte: now } },
        select: { id: true, level: true, summary: true, dateKey: true, nextEscalationAt: true, pupil: { select: { givenName: true, familyName: true, preferredName: true, regGroup: true } } },
        orderBy: { id: 'asc' },
      });
      return flags.map((f) => ({ ...f, nextEscalationAt: f.nextEscalationAt! }));
    },
    async acknowledge(schoolId, flagId, actor) {
      const r = await db.pool.query(
        `UPDATE "SafeguardingFlag" f SET "acknowledgedAt" = coalesce(f."acknowledgedAt", now()), "acknowledgedBy" = coalesce(f."acknowledgedBy", $3)
         FROM "Pupil" p WHERE f.id = $1 AND f."schoolId" = $2 AND p.id = f."pupilId"
         RETURNING f.id, f.level, f.summary, f."acknowledgedAt", f."acknowledgedBy", p."givenName", p."familyName", p."preferredName", p."regGroup"`,
        [flagId, schoolId, actor]);
      const f = r.rows[0];
      if (!f) return undefined;
      return {
        id: f.id, level: f.level, summary: f.summary, acknowledgedAt: f.acknowledgedAt, acknowledgedBy: f.acknowledgedBy,
        pupil: { givenName: f.givenName, familyName: f.familyName, preferredName: f.preferredName, regGroup: f.regGroup },
      };
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

async function caseTx(c: PoolClient, schoolId: string, pupilId: number): Promise<CaseTx> {
  const existing = await c.query<{ id: number }>(`SELECT id FROM "Case" WHERE "pupilId" = $1 AND status = 'open' ORDER BY id DESC LIMIT 1 FOR UPDATE`, [pupilId]);
  const caseId = existing.rows[0]?.id
    ?? (await c.query<{ id: number }>(`INSERT INTO "Case" ("schoolId", "pupilId") VALUES ($1, $2) RETURNING id`, [schoolId, pupilId])).rows[0]!.id;
  return {
    caseId,
    async addAction(a) {
      await c.query(`INSERT INTO "CaseAction" ("caseId", kind, outcome, detail, actor, "reviewOn") VALUES ($1, $2, $3, $4, $5, $6)`,
        [caseId, a.kind, a.outcome ?? null, JSON.stringify(a.detail), a.actor, a.reviewOn ?? null]);
    },
    async bookMeeting(at, attendees, bookedBy) {
      await c.query(`INSERT INTO "Meeting" ("caseId", "scheduledAt", attendees, "bookedBy") VALUES ($1, $2, $3, $4)`, [caseId, at, attendees, bookedBy]);
    },
    async holdMeeting(meetingId, outcome) {
      const m = await c.query(`UPDATE "Meeting" SET "heldAt" = now(), outcome = $2 WHERE id = $1 AND "caseId" = $3 RETURNING id`, [meetingId, outcome, caseId]);
      return (m.rowCount ?? 0) > 0;
    },
    async amendUnexplained(date, code, reason, amendedBy, source) {
      await registerLock(c, schoolId);
      const r = await c.query(
        `WITH changed AS (
           UPDATE "AttendanceMark" SET code = $3, source = 'chat', "recordedAt" = now()
           WHERE "pupilId" = $1 AND date = $2 AND code = 'N' RETURNING session
         )
         INSERT INTO "MarkAmendment" ("pupilId", date, session, "originalCode", "newCode", reason, "amendedBy", source)
         SELECT $1, $2, session, 'N', $3, $4, $5, $6 FROM changed`,
        [pupilId, date, code, reason, amendedBy, source],
      );
      return r.rowCount ?? 0;
    },
    async linkedSlots() {
      const linked = await c.query<{ date: string; session: Session }>(`SELECT date::text, session FROM "PenaltyNoticeMark" WHERE "pupilId" = $1`, [pupilId]);
      return new Set(linked.rows.map((r) => slotOf(dayOf(r.date), r.session)));
    },
    async requestPenaltyNotice(n) {
      const notice = await c.query<{ id: number }>(
        `INSERT INTO "PenaltyNotice" ("schoolId", "pupilId", "contactId", sequence, "amountPence", "requestedBy")
         VALUES ($1, $2, (SELECT id FROM "Contact" WHERE "pupilId" = $2 AND "parentalResponsibility" ORDER BY priority LIMIT 1), $3, $4, $5) RETURNING id`,
        [schoolId, pupilId, n.sequence, n.amountPence, n.requestedBy]);
      const id = notice.rows[0]!.id;
      await c.query(
        `INSERT INTO "PenaltyNoticeMark" ("noticeId", "pupilId", date, session) SELECT $1, $2, d, s::"Session" FROM unnest($3::date[], $4::text[]) AS u(d, s)`,
        [id, pupilId, n.slots.map((sl) => isoOf(dayOfSlot(sl))), n.slots.map((sl) => sessionOfSlot(sl))]);
      return id;
    },
    async issueNoticeToImprove(n) {
      await c.query(`INSERT INTO "NoticeToImprove" (id, "schoolId", "pupilId", "issuedOn", "improvementEndsOn", "supportOffered", "improvementNeeded", "issuedBy") VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, $7)`,
        [schoolId, pupilId, n.issuedOn, n.endsOn, n.support, n.improvement, n.issuedBy]);
    },
    async markStepDone(stepKey, rungKey, day) {
      await c.query(
        `INSERT INTO "LadderStep" ("caseId", "stepKey", "triggerKey", "dueOn", status, "doneAt") VALUES ($1, $2, $3, $4, 'done', now())
         ON CONFLICT ("caseId", "stepKey", "dueOn") DO UPDATE SET status = 'done', "doneAt" = now()`,
        [caseId, stepKey, rungKey, day]);
    },
    audit: (entry) => audit(c, entry),
  };
}

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
    async schoolExists(schoolId) {
      return (await db.prisma.school.count({ where: { id: schoolId } })) > 0;
    },
    async pupilIds(schoolId) {
      const rows = await db.prisma.pupil.findMany({ where: { schoolId }, select: { id: true, upn: true } });
      return new Map(rows.map((r) => [r.upn, r.id]));
    },
    async writeMarks(marks, meta) {
      const { batchId: _batch, ...counts } = await writeMarks(db.url, marks, meta);
      return counts;
    },
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
