/**
 * A school's letters in PostgreSQL: its templates, address and signatory (every change
 * audited), the drafts made from them, and one-time downloads of drafts.
 */
import { actorLabel, type Letters, staffIdOf, type StoredDraft, type TakenDownload } from '../../app/ports.ts';
import { checkTemplate, type LetterField, type LetterTemplate } from '../../domain/letters.ts';
import { randomBytes } from 'node:crypto';
import { audit } from './audit.ts';
import { type Db, isoValue } from './client.ts';
import { inTransaction } from './roll-store.ts';

export interface DraftRow {
  id: number; pupilId: number; stepKey: string; template: string; title: string; contactId: number; parentName: string;
  asOf: Date; values: Partial<Record<LetterField, string>>; draftedBy: string; sentOn: Date | null;
}
export const storedDraft = (r: DraftRow): StoredDraft => ({
  id: r.id, pupilId: r.pupilId, stepKey: r.stepKey, template: r.template, title: r.title, contactId: r.contactId, parentName: r.parentName,
  asOf: isoValue(r.asOf), values: r.values, draftedBy: r.draftedBy, sentOn: r.sentOn ? isoValue(r.sentOn) : null,
});

export function pgLetters(db: Db): Letters {
  return {
    async settings(schoolId) {
      const r = (await db.pool.query<{ address: string | null; signatory: string | null; templates: LetterTemplate[] }>(
        `SELECT address, signatory, templates FROM "SchoolLetters" WHERE "schoolId" = $1`, [schoolId])).rows[0];
      // each was checked when it was set; checked again, so a template stored by hand cannot slip through
      return r ? { address: r.address, signatory: r.signatory, templates: r.templates.map(checkTemplate) } : { address: null, signatory: null, templates: [] };
    },
    async set(schoolId, changes, who) {
      await inTransaction(db, async (client) => {
        const now = (await client.query<{ templates: LetterTemplate[] }>(`SELECT templates FROM "SchoolLetters" WHERE "schoolId" = $1 FOR UPDATE`, [schoolId])).rows[0];
        const byKey = new Map((now?.templates ?? []).map((t) => [t.key, t]));
        for (const t of changes.templates ?? []) byKey.set(t.key, checkTemplate(t));
        await client.query(
          `INSERT INTO "SchoolLetters" ("schoolId", address, signatory, templates, "updatedAt") VALUES ($1, $2, $3, $4, now())
           ON CONFLICT ("schoolId") DO UPDATE SET address = coalesce($2, "SchoolLetters".address), signatory = coalesce($3, "SchoolLetters".signatory), templates = $4, "updatedAt" = now()`,
          [schoolId, changes.address ?? null, changes.signatory ?? null, JSON.stringify([...byKey.values()])]);
        await audit(client, { schoolId, ...who, action: 'school.letters', subjectType: 'School', subjectId: schoolId,
          detail: { templates: (changes.templates ?? []).map((t) => t.key), address: changes.address !== undefined, signatory: changes.signatory !== undefined } });
      });
    },
    async saveDrafts(schoolId, drafts, who) {
      if (drafts.length === 0) return [];
      return inTransaction(db, async (client) => {
        const ids: number[] = [];
        for (const d of drafts) {
          ids.push((await client.query<{ id: number }>(
            `INSERT INTO "LetterDraft" ("schoolId", "pupilId", "stepKey", template, title, "contactId", "parentName", "asOf", values, "draftedBy")
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9, $10) RETURNING id`,
            [schoolId, d.pupilId, d.stepKey, d.template, d.title, d.contactId, d.parentName, d.asOf, JSON.stringify(d.values), actorLabel(who.actor)])).rows[0]!.id);
        }
        const pupils = [...new Set(drafts.map((d) => d.pupilId))];
        await audit(client, { schoolId, ...who, action: 'letter.drafted', subjectType: pupils.length === 1 ? 'Pupil' : 'School', subjectId: pupils.length === 1 ? String(pupils[0]) : schoolId,
          detail: { drafts: ids, pupils, templates: [...new Set(drafts.map((d) => d.template))], staffId: staffIdOf(who.actor) } });
        return ids;
      });
    },
    async drafts(schoolId, pupilId, ids) {
      const r = await db.pool.query<DraftRow>(`SELECT * FROM "LetterDraft" WHERE "schoolId" = $1 AND "pupilId" = $2 AND id = ANY($3::int[]) ORDER BY id`, [schoolId, pupilId, [...ids]]);
      return r.rows.map(storedDraft);
    },
    async offerDownload(schoolId, givenTo, file, expiresAt) {
      const nonce = randomBytes(16).toString('base64url');
      const r = await db.pool.query<{ id: number }>(
        `INSERT INTO "LetterDownload" ("schoolId", "givenTo", nonce, "fileName", "contentType", body, "expiresAt") VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [schoolId, givenTo, nonce, file.name, file.contentType, file.body, expiresAt]);
      return { id: r.rows[0]!.id, nonce, expiresAt };
    },
    async takeDownload(id, now, check) {
      // what has expired keeps no letter
      await db.pool.query(`UPDATE "LetterDownload" SET body = NULL WHERE body IS NOT NULL AND "expiresAt" < $1`, [now]);
      return inTransaction(db, async (client) => {
        const row = (await client.query<{ schoolId: string; givenTo: string; nonce: string; expiresAt: Date; usedAt: Date | null; fileName: string; contentType: string; body: Buffer | null }>(
          `SELECT "schoolId", "givenTo", nonce, "expiresAt", "usedAt", "fileName", "contentType", body FROM "LetterDownload" WHERE id = $1 FOR UPDATE`, [id])).rows[0];
        const refuse = (why: 'unknown' | 'used' | 'expired' | 'signature'): TakenDownload => ({ ok: false, why, ...(row ? { schoolId: row.schoolId, givenTo: row.givenTo } : {}) });
        if (!row) return refuse('unknown');
        if (!check({ nonce: row.nonce, expiresAt: row.expiresAt })) return refuse('signature');
        if (row.usedAt) return refuse('used');
        if (row.expiresAt.getTime() <= now.getTime() || !row.body) return refuse('expired');
        await client.query(`UPDATE "LetterDownload" SET "usedAt" = $2, body = NULL WHERE id = $1`, [id, now]);
        return { ok: true, schoolId: row.schoolId, givenTo: row.givenTo, file: { name: row.fileName, contentType: row.contentType, body: row.body } };
      });
    },
  };
}
