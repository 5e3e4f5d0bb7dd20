/** The roll and the staff list in PostgreSQL: upserts in one transaction, audited. */
import type { PoolClient } from 'pg';
import type { RollImportRow, StaffImportRow } from '../../app/imports/rows.ts';
import { audit } from './audit.ts';
import type { Db } from './client.ts';
import type { Who } from '../../app/ports.ts';

interface WriteMeta extends Who {
  readonly fileName: string;
}

export async function inTransaction<T>(db: Db, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const r = await fn(client);
    await client.query('COMMIT');
    return r;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const col = <T, K>(rows: readonly T[], f: (r: T) => K) => rows.map(f);

export async function writePupils(db: Db, schoolId: string, rows: readonly RollImportRow[], meta: WriteMeta) {
  return inTransaction(db, async (c) => {
    const res = await c.query<{ id: number; upn: string; inserted: boolean }>(
      `INSERT INTO "Pupil" ("schoolId", upn, "givenName", "familyName", "preferredName", "yearGroup", "regGroup",
         "admissionDate", "leavingDate", "dateOfBirth", "pupilPremium", "freeSchoolMeals", send, "socialWorker", "lookedAfter", "youngCarer")
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::date[], $9::date[], $10::date[],
         $11::bool[], $12::bool[], $13::"SendStatus"[], $14::"SocialWorkerStatus"[], $15::"LookedAfterStatus"[], $16::bool[])
       ON CONFLICT ("schoolId", upn) DO UPDATE SET
         "givenName" = EXCLUDED."givenName", "familyName" = EXCLUDED."familyName", "preferredName" = EXCLUDED."preferredName",
         "yearGroup" = EXCLUDED."yearGroup", "regGroup" = EXCLUDED."regGroup", "admissionDate" = EXCLUDED."admissionDate",
         "leavingDate" = EXCLUDED."leavingDate", "dateOfBirth" = EXCLUDED."dateOfBirth", "pupilPremium" = EXCLUDED."pupilPremium",
         "freeSchoolMeals" = EXCLUDED."freeSchoolMeals", send = EXCLUDED.send, "socialWorker" = EXCLUDED."socialWorker",
         "lookedAfter" = EXCLUDED."lookedAfter", "youngCarer" = EXCLUDED."youngCarer", "updatedAt" = now()
       RETURNING id, upn, (xmax = 0) AS inserted`,
      [
        schoolId,
        col(rows, (r) => r.upn), col(rows, (r) => r.given_name), col(rows, (r) => r.family_name), col(rows, (r) => r.preferred_name ?? null),
        col(rows, (r) => r.year), col(rows, (r) => r.reg_group), col(rows, (r) => r.admission_date), col(rows, (r) => r.leaving_date ?? null),
        col(rows, (r) => r.date_of_birth ?? null), col(rows, (r) => r.pupil_premium ?? false), col(rows, (r) => r.fsm ?? false),
        col(rows, (r) => r.send ?? 'none'), col(rows, (r) => r.social_worker ?? 'none'), col(rows, (r) => r.looked_after ?? 'none'),
        col(rows, (r) => r.young_carer ?? false),
      ],
    );
    const ids = new Map(res.rows.map((r) => [r.upn, r.id]));
    const contacts = rows.flatMap((r) => [1, 2].flatMap((n) => {
      const name = r[`contact${n}_name` as 'contact1_name'];
      if (!name) return [];
      return [{
        pupilId: ids.get(r.upn)!, name, priority: n,
        relationship: r[`contact${n}_relationship` as 'contact1_relationship'] ?? 'parent',
        phone: r[`contact${n}_phone` as 'contact1_phone'] ?? null,
        email: r[`contact${n}_email` as 'contact1_email'] ?? null,
        parentalResponsibility: r[`contact${n}_parental_responsibility` as 'contact1_parental_responsibility'] ?? true,
        care: r[`contact${n}_care` as 'contact1_care'] ?? false,
      }];
    }));
    if (contacts.length > 0) {
      await c.query(
        `INSERT INTO "Contact" ("pupilId", name, relationship, phone, email, priority, "parentalResponsibility", "hasCare")
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::boolean[], $8::boolean[])
         ON CONFLICT ("pupilId", name) DO UPDATE SET relationship = EXCLUDED.relationship, phone = EXCLUDED.phone,
           email = EXCLUDED.email, priority = EXCLUDED.priority, "parentalResponsibility" = EXCLUDED."parentalResponsibility", "hasCare" = EXCLUDED."hasCare"`,
        [col(contacts, (x) => x.pupilId), col(contacts, (x) => x.name), col(contacts, (x) => x.relationship),
          col(contacts, (x) => x.phone), col(contacts, (x) => x.email), col(contacts, (x) => x.priority),
          col(contacts, (x) => x.parentalResponsibility), col(contacts, (x) => x.care)],
      );
    }
    const inserted = res.rows.filter((r) => r.inserted).length;
    const counts = { rows: rows.length, inserted, updated: rows.length - inserted, contacts: contacts.length };
    await audit(c, { schoolId, actor: meta.actor, source: meta.source, action: 'roll.import', detail: { fileName: meta.fileName, ...counts } });
    return counts;
  });
}

export async function writeStaff(db: Db, schoolId: string, rows: readonly StaffImportRow[], meta: WriteMeta) {
  return inTransaction(db, async (c) => {
    let inserted = 0;
    for (const r of rows) {
      const res = await c.query<{ id: number; inserted: boolean }>(
        `INSERT INTO "Staff" ("schoolId", name, email, "slackUserId", "teamsAadObjectId") VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ("schoolId", email) DO UPDATE SET name = EXCLUDED.name, "slackUserId" = EXCLUDED."slackUserId",
           "teamsAadObjectId" = EXCLUDED."teamsAadObjectId"
         RETURNING id, (xmax = 0) AS inserted`,
        [schoolId, r.name, r.email.toLowerCase(), r.slack_user_id ?? null, r.teams_aad_object_id ?? null],
      );
      const id = res.rows[0]!.id;
      if (res.rows[0]!.inserted) inserted++;
      // the file is the truth for roles: replace them
      await c.query('DELETE FROM "StaffRole" WHERE "staffId" = $1', [id]);
      for (const role of r.roles) {
        await c.query('INSERT INTO "StaffRole" ("staffId", role, "yearGroup", "regGroup") VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [id, role.role, role.yearGroup ?? null, role.regGroup ?? null]);
      }
    }
    const counts = { rows: rows.length, inserted, updated: rows.length - inserted };
    await audit(c, { schoolId, actor: meta.actor, source: meta.source, action: 'staff.import', detail: { fileName: meta.fileName, ...counts } });
    return counts;
  });
}
