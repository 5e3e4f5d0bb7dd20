/**
 * The use cases' stores (src/app/ports.ts) in PostgreSQL: the roll through the Prisma client,
 * typed end to end; a school's registers and case facts in one query each (raw SQL, measured:
 * a whole school's year of marks is read on every job).
 */
import type { AuditLog, CaseFacts, CaseHistory, Channels, ChatTarget, Flags, PostLog, PupilRecord, Purpose, Registers, Roll, RollFilter, Schools } from '../../app/ports.ts';
import type { AttendanceCode } from '../../domain/codes.ts';
import { dayOf, slotOf, type Session } from '../../domain/dates.ts';
import { CONTACT_CALL_OUTCOMES } from '../../domain/reasons.ts';
import { audit } from './audit.ts';
import { type Db, dateValue, isoValue } from './client.ts';
import { inTransaction } from './roll-store.ts';
import { loadRegisters, loadSchool } from './school-store.ts';

const PUPIL_SELECT = {
  id: true, upn: true, givenName: true, familyName: true, preferredName: true, yearGroup: true, regGroup: true,
  admissionDate: true, leavingDate: true, pupilPremium: true, send: true, socialWorker: true, lookedAfter: true, youngCarer: true,
} as const;

type PupilEntity = { admissionDate: Date; leavingDate: Date | null } & Omit<PupilRecord, 'admissionDate' | 'leavingDate'>;

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
    async onRoll(schoolId, date, filter: RollFilter = {}) {
      const on = dateValue(date);
      const rows = await db.prisma.pupil.findMany({
        select: PUPIL_SELECT,
        where: {
          schoolId,
          admissionDate: { lte: on },
          OR: [{ leavingDate: null }, { leavingDate: { gte: on } }],
          ...(filter.ids ? { id: { in: [...filter.ids] } } : {}),
          ...(filter.yearGroup !== undefined ? { yearGroup: filter.yearGroup } : {}),
          ...(filter.regGroup !== undefined ? { regGroup: { equals: filter.regGroup, mode: 'insensitive' as const } } : {}),
          ...(filter.upn !== undefined ? { upn: { equals: filter.upn, mode: 'insensitive' as const } } : {}),
          ...(filter.scope ? { AND: [{ OR: [{ yearGroup: { in: [...filter.scope.years] } }, { regGroup: { in: [...filter.scope.forms] } }] }] } : {}),
        },
        orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { upn: 'asc' }],
      });
      return rows.map(toRecord);
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
    async session(schoolId, date, session: Session) {
      const marks = await db.prisma.attendanceMark.findMany({
        select: { pupilId: true, code: true }, where: { schoolId, date: dateValue(date), session },
      });
      return new Map(marks.map((m) => [m.pupilId, m.code as AttendanceCode]));
    },
  };
}

/**
 * Per pupil: the slots linked to a penalty notice, the ladder steps recorded done or not
 * needed (LadderStep), and the last day a contact was recorded (a call that reached a
 * parent or carer), as a civil date in the school's time zone.
 */
export function pgCaseHistory(db: Db): CaseHistory {
  return {
    async facts(schoolId, pupilIds) {
      const rows = (await db.pool.query<{ k: string; pupil: number; a: string; b: string | null }>({
        text: `SELECT 'l' AS k, m."pupilId" AS pupil, m.date::text AS a, m.session::text AS b
                 FROM "PenaltyNoticeMark" m JOIN "PenaltyNotice" n ON n.id = m."noticeId"
                 WHERE n."schoolId" = $1 AND ($2::int[] IS NULL OR m."pupilId" = ANY($2))
               UNION ALL
               SELECT 's', c."pupilId", s."stepKey", NULL FROM "LadderStep" s JOIN "Case" c ON c.id = s."caseId"
                 WHERE c."schoolId" = $1 AND s.status IN ('done', 'skipped') AND ($2::int[] IS NULL OR c."pupilId" = ANY($2))
               UNION ALL
               SELECT 'c', c."pupilId", max((a."occurredAt" AT TIME ZONE sc.timezone)::date)::text, NULL
                 FROM "CaseAction" a JOIN "Case" c ON c.id = a."caseId" JOIN "School" sc ON sc.id = c."schoolId"
                 WHERE c."schoolId" = $1 AND a.kind = 'call' AND a.outcome = ANY($3::text[]) AND ($2::int[] IS NULL OR c."pupilId" = ANY($2))
                 GROUP BY c."pupilId"
               UNION ALL
               SELECT 'n', n."pupilId", (n."requestedAt" AT TIME ZONE sc.timezone)::date::text, NULL
                 FROM "PenaltyNotice" n JOIN "School" sc ON sc.id = n."schoolId"
                 WHERE n."schoolId" = $1 AND n.status <> 'withdrawn' AND ($2::int[] IS NULL OR n."pupilId" = ANY($2))`,
        values: [schoolId, pupilIds ? [...pupilIds] : null, [...CONTACT_CALL_OUTCOMES]],
      })).rows;
      const out = new Map<number, { linkedToNotices: Set<number>; stepsDone: Set<string>; lastContact?: number; noticeDays: number[] }>();
      const of = (id: number) => {
        let f = out.get(id);
        if (!f) { f = { linkedToNotices: new Set(), stepsDone: new Set(), noticeDays: [] }; out.set(id, f); }
        return f;
      };
      for (const r of rows) {
        if (r.k === 'l') of(r.pupil).linkedToNotices.add(slotOf(dayOf(r.a), r.b as Session));
        else if (r.k === 's') of(r.pupil).stepsDone.add(r.a);
        else if (r.k === 'n') of(r.pupil).noticeDays.push(dayOf(r.a));
        else of(r.pupil).lastContact = dayOf(r.a);
      }
      return out as Map<number, CaseFacts>;
    },
  };
}

export function pgAuditLog(db: Db): AuditLog {
  return { record: (entry) => audit(db.pool, entry) };
}


const ROLE_FOR: Record<Purpose, string[]> = {
  attendance: ['attendance_officer'], dsl: ['dsl', 'deputy_dsl'], senior: ['senior_leader'], year: ['head_of_year'],
};

export function pgChannels(db: Db): Channels {
  return {
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
    schools: pgSchools(db), roll: pgRoll(db), registers: pgRegisters(db), cases: pgCaseHistory(db), audit: pgAuditLog(db),
    channels: pgChannels(db), posts: pgPostLog(db), flags: pgFlags(db),
  };
}
