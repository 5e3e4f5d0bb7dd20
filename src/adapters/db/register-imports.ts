/**
 * What a register import needs of PostgreSQL, on a plain pg pool: the CLI's `import register`
 * (a process of its own) loads neither the Prisma client nor anything else it does not use.
 */
import type pg from 'pg';
import type { RegisterImportStore } from '../../app/ports.ts';
import { writeMarks } from './register-store.ts';

export function pgRegisterImports(pool: pg.Pool, databaseUrl: string): RegisterImportStore {
  return {
    async schoolExists(schoolId) {
      return (await pool.query('SELECT 1 FROM "School" WHERE id = $1', [schoolId])).rowCount! > 0;
    },
    async pupilIds(schoolId) {
      const rows = (await pool.query<[string, number]>({ text: 'SELECT upn, id FROM "Pupil" WHERE "schoolId" = $1', values: [schoolId], rowMode: 'array' })).rows;
      return new Map(rows);
    },
    async writeMarks(marks, meta) {
      const { batchId: _batch, ...counts } = await writeMarks(databaseUrl, marks, meta);
      return counts;
    },
  };
}
