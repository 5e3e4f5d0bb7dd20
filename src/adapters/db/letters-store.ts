/** A school's letters in PostgreSQL: its templates, address and signatory; every change audited. */
import type { Letters } from '../../app/ports.ts';
import { checkTemplate, type LetterTemplate } from '../../domain/letters.ts';
import { audit } from './audit.ts';
import type { Db } from './client.ts';

export function pgLetters(db: Db): Letters {
  return {
    async settings(schoolId) {
      const r = (await db.pool.query<{ address: string | null; signatory: string | null; templates: LetterTemplate[] }>(
        `SELECT address, signatory, templates FROM "SchoolLetters" WHERE "schoolId" = $1`, [schoolId])).rows[0];
      // each was checked when it was set; checked again, so a template stored by hand cannot slip through
      return r ? { address: r.address, signatory: r.signatory, templates: r.templates.map(checkTemplate) } : { address: null, signatory: null, templates: [] };
    },
    async set(schoolId, changes, who) {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        const now = (await client.query<{ templates: LetterTemplate[] }>(`SELECT templates FROM "SchoolLetters" WHERE "schoolId" = $1 FOR UPDATE`, [schoolId])).rows[0];
        const byKey = new Map((now?.templates ?? []).map((t) => [t.key, t]));
        for (const t of changes.templates ?? []) byKey.set(t.key, checkTemplate(t));
        await client.query(
          `INSERT INTO "SchoolLetters" ("schoolId", address, signatory, templates, "updatedAt") VALUES ($1, $2, $3, $4, now())
           ON CONFLICT ("schoolId") DO UPDATE SET address = coalesce($2, "SchoolLetters".address), signatory = coalesce($3, "SchoolLetters".signatory), templates = $4, "updatedAt" = now()`,
          [schoolId, changes.address ?? null, changes.signatory ?? null, JSON.stringify([...byKey.values()])]);
        await audit(client, { schoolId, ...who, action: 'school.letters', subjectType: 'School', subjectId: schoolId,
          detail: { templates: (changes.templates ?? []).map((t) => t.key), address: changes.address !== undefined, signatory: changes.signatory !== undefined } });
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
