/**
 * The use cases' stores (src/app/ports.ts) in PostgreSQL: ordinary reads and writes through
 * the Prisma client, typed end to end; raw SQL where measured (the roll and a school's
 * registers, read on every query and job; case facts in one round trip; the post log's lock).
 */
import type { AuditLog, ContactRecord, DataVersions, ImportStore, PupilRecord, Registers, Roll, RollFilter, Schools, SetupFacts, StaffDirectory } from '../../app/ports.ts';
import type { AttendanceCode } from '../../domain/codes.ts';
import { isoOf, type Session } from '../../domain/dates.ts';
import { groupedAudit } from './audit.ts';
import { pgCases } from './case-store.ts';
import { pgChannels } from './channel-store.ts';
import { pgFlags } from './flag-store.ts';
import { pgMisUpdates } from './mis-update-store.ts';
import { pgPostLog } from './post-store.ts';
import { pgLetters } from './letters-store.ts';
import { type Db } from './client.ts';
import { pgRegisterImports } from './register-imports.ts';
import { writePupils, writeStaff } from './roll-store.ts';
import { forgetStaff, resolveStaff } from './staff-store.ts';
import { loadRegisters, loadSchool } from './school-store.ts';

/** A pupil as the use cases read it (PupilRecord), dates as YYYY-MM-DD. */
const PUPIL_COLUMNS = `id, upn, "givenName", "familyName", "preferredName", "yearGroup", "regGroup", "admissionDate"::text AS "admissionDate",
  "leavingDate"::text AS "leavingDate", "pupilPremium", "freeSchoolMeals", send, "socialWorker", "lookedAfter", "youngCarer"`;

export function pgSchools(db: Db): Schools {
  return {
    load: (schoolId) => loadSchool(db, schoolId),
    async ids() {
      return (await db.prisma.school.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((s) => s.id);
    },
    async setup(schoolId) {
      const r = (await db.pool.query<{ bound: SetupFacts['bound'] | null; years: number[] | null; roles: Record<string, number> | null; mis: string | null; slack: string | null; teams: string | null }>(
        `SELECT
           (SELECT json_agg(json_build_object('purpose', purpose, 'yearGroup', "yearGroup", 'platform', platform) ORDER BY purpose, "yearGroup", platform) FROM "SchoolChannel" WHERE "schoolId" = s.id) AS bound,
           (SELECT array_agg(DISTINCT "yearGroup" ORDER BY "yearGroup") FROM "Pupil" WHERE "schoolId" = s.id AND ("leavingDate" IS NULL OR "leavingDate" >= current_date)) AS years,
           (SELECT json_object_agg(role, n) FROM (SELECT r.role::text AS role, count(DISTINCT t.id)::int AS n FROM "StaffRole" r JOIN "Staff" t ON t.id = r."staffId"
              WHERE t."schoolId" = s.id AND (t."slackUserId" IS NOT NULL OR t."teamsAadObjectId" IS NOT NULL) GROUP BY r.role) x) AS roles,
           (SELECT provider FROM "MisConnection" WHERE "schoolId" = s.id) AS mis, s."slackTeamId" AS slack, s."teamsTenantId" AS teams
         FROM "School" s WHERE s.id = $1`, [schoolId])).rows[0];
      if (!r) throw new Error(`no school "${schoolId}"`);
      return { bound: r.bound ?? [], years: r.years ?? [], roles: (r.roles ?? {}) as SetupFacts['roles'], mis: r.mis, slackWorkspace: r.slack, teamsTenant: r.teams };
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
    async firstToCall(schoolId, pupilIds) {
      const r = await db.pool.query<ContactRecord & { pupilId: number }>({
        name: 'first-to-call',
        text: `SELECT DISTINCT ON (k."pupilId") k."pupilId", k.id, k.name, k.relationship, k."parentalResponsibility", k."hasCare" AS care, k.phone
               FROM "Contact" k JOIN "Pupil" p ON p.id = k."pupilId" AND p."schoolId" = $1
               WHERE k."pupilId" = ANY($2::int[]) AND k.phone IS NOT NULL AND k.phone <> ''
               ORDER BY k."pupilId", k.priority, k.id`,
        values: [schoolId, [...pupilIds]],
      });
      return new Map(r.rows.map(({ pupilId, ...c }) => [pupilId, c]));
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
    /** A partial index holds only the `N` marks (migration 20261203160000_unexplained_marks): a few rows, not the school's year. */
    async withN(schoolId, from, to) {
      const r = await db.pool.query<[number]>({
        name: 'register-with-n', rowMode: 'array',
        text: `SELECT DISTINCT "pupilId" FROM "AttendanceMark" WHERE "schoolId" = $1 AND code = 'N' AND date BETWEEN $2 AND $3`,
        values: [schoolId, isoOf(from), isoOf(to)],
      });
      return r.rows.map(([id]) => id);
    },
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
    async resolved(schoolId, date, session) {
      const r = await db.pool.query<{ pupilId: number; code: AttendanceCode; by: string; at: Date }>({
        name: 'register-resolved',
        text: `SELECT DISTINCT ON (a."pupilId") a."pupilId", a."newCode" AS code, a."amendedAt" AS at,
                 coalesce(s.name, CASE a.source WHEN 'mis' THEN 'the MIS' ELSE 'an import' END) AS by
               FROM "MarkAmendment" a JOIN "Pupil" p ON p.id = a."pupilId" AND p."schoolId" = $1 LEFT JOIN "Staff" s ON s.id = a."staffId"
               WHERE a.date = $2 AND a.session = $3::"Session" AND a."originalCode" = 'N' AND a."newCode" <> 'N'
               ORDER BY a."pupilId", a."amendedAt" DESC, a.id DESC`,
        values: [schoolId, date, session],
      });
      return new Map(r.rows.map(({ pupilId, ...m }) => [pupilId, m]));
    },
  };
}

/** The audit log outside a transaction: grouped inserts through the one writer. */
export function pgAuditLog(db: Db): AuditLog {
  return { record: groupedAudit(db.pool) };
}




export function pgStores(db: Db) {
  return {
    schools: pgSchools(db), roll: pgRoll(db), registers: pgRegisters(db), cases: pgCases(db), misUpdates: pgMisUpdates(db), audit: pgAuditLog(db),
    channels: pgChannels(db), posts: pgPostLog(db), flags: pgFlags(db), staff: pgStaff(db), imports: pgImports(db), letters: pgLetters(db),
    versions: pgDataVersions(db),
  };
}

/** Each school's data version, kept by triggers (migration 20261203150000): one indexed read. */
export function pgDataVersions(db: Db): DataVersions {
  return {
    async of(schoolId) {
      const r = await db.pool.query<{ v: string }>({ name: 'school-data-version', text: `SELECT version::text AS v FROM "SchoolDataVersion" WHERE "schoolId" = $1`, values: [schoolId] });
      return r.rows[0]?.v ?? '0';
    },
  };
}

export function pgStaff(db: Db): StaffDirectory {
  return {
    resolve: (who) => resolveStaff(db, who),
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

export { pgCases } from './case-store.ts';
export { pgChannels } from './channel-store.ts';
export { pgFlags } from './flag-store.ts';
export { pgPostLog, POST_LEASE_SECONDS } from './post-store.ts';
