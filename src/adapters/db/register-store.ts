/**
 * Register marks in PostgreSQL. An import is all-or-nothing, in one transaction: new marks
 * are inserted, a changed mark is updated and its amendment written (original, new, reason,
 * who, when, source), an identical mark changes nothing. Bulk paths go through a temporary
 * staging table filled with `unnest` arrays: fast, and one round trip per chunk.
 */
import type pg from 'pg';
import { ATTENDANCE_CODES } from '../../domain/codes.ts';
import { dayOfSlot, isoOf, sessionOfSlot } from '../../domain/dates.ts';
import { audit } from './audit.ts';

export interface MarkRows {
  readonly pupilIds: number[];
  readonly slots: number[];
  readonly codes: number[];
}

export interface ImportMeta {
  readonly schoolId: string;
  readonly actor: string;
  readonly source: string;
  readonly fileName: string;
  readonly reason: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ImportCounts {
  readonly rows: number;
  readonly inserted: number;
  readonly amended: number;
  readonly unchanged: number;
}

const CHUNK = 50_000;

export async function writeMarks(pool: pg.Pool, marks: MarkRows, meta: ImportMeta): Promise<ImportCounts & { batchId: number }> {
  const started = new Date();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE staging_marks (
      "pupilId" integer NOT NULL, date date NOT NULL, session "Session" NOT NULL, code text NOT NULL
    ) ON COMMIT DROP`);
    const total = marks.pupilIds.length;
    const dates = new Map<number, string>();
    const iso = (day: number) => {
      let s = dates.get(day);
      if (!s) { s = isoOf(day); dates.set(day, s); }
      return s;
    };
    for (let start = 0; start < total; start += CHUNK) {
      const end = Math.min(total, start + CHUNK);
      const ids: number[] = [];
      const ds: string[] = [];
      const ss: string[] = [];
      const cs: string[] = [];
      for (let i = start; i < end; i++) {
        ids.push(marks.pupilIds[i]!);
        ds.push(iso(dayOfSlot(marks.slots[i]!)));
        ss.push(sessionOfSlot(marks.slots[i]!));
        cs.push(ATTENDANCE_CODES[marks.codes[i]!]!);
      }
      await client.query(
        'INSERT INTO staging_marks SELECT * FROM unnest($1::int[], $2::date[], $3::"Session"[], $4::text[])',
        [ids, ds, ss, cs],
      );
      meta.onProgress?.(end, total);
    }
    const amended = await client.query(
      `WITH changed AS (
         UPDATE "AttendanceMark" m SET code = s.code, source = $2, "recordedAt" = now()
         FROM staging_marks s, "AttendanceMark" old
         WHERE m."pupilId" = s."pupilId" AND m.date = s.date AND m.session = s.session
           AND old."pupilId" = m."pupilId" AND old.date = m.date AND old.session = m.session
           AND m.code <> s.code
         RETURNING m."pupilId", m.date, m.session, old.code AS original, s.code AS new
       )
       INSERT INTO "MarkAmendment" ("pupilId", date, session, "originalCode", "newCode", reason, "amendedBy", source)
       SELECT "pupilId", date, session, original, new, $1, $3, $2 FROM changed`,
      [meta.reason, meta.source, meta.actor],
    );
    const inserted = await client.query(
      `INSERT INTO "AttendanceMark" ("pupilId", date, session, "schoolId", code, source)
       SELECT s."pupilId", s.date, s.session, $1, s.code, $2 FROM staging_marks s
       ON CONFLICT ("pupilId", date, session) DO NOTHING`,
      [meta.schoolId, meta.source],
    );
    const counts = {
      rows: total,
      inserted: inserted.rowCount ?? 0,
      amended: amended.rowCount ?? 0,
      unchanged: total - (inserted.rowCount ?? 0) - (amended.rowCount ?? 0),
    };
    const batch = await client.query<{ id: number }>(
      `INSERT INTO "ImportBatch" ("schoolId", kind, source, "fileName", actor, rows, inserted, amended, unchanged, "startedAt", "finishedAt")
       VALUES ($1, 'register', $2, $3, $4, $5, $6, $7, $8, $9, now()) RETURNING id`,
      [meta.schoolId, meta.source, meta.fileName, meta.actor, counts.rows, counts.inserted, counts.amended, counts.unchanged, started],
    );
    await audit(client, {
      schoolId: meta.schoolId, actor: meta.actor, source: meta.source, action: 'register.import',
      subjectType: 'ImportBatch', subjectId: String(batch.rows[0]!.id), detail: { fileName: meta.fileName, ...counts },
    });
    await client.query('COMMIT');
    return { ...counts, batchId: batch.rows[0]!.id };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export interface StoredMarks {
  readonly pupilId: number;
  readonly slots: number[];
  readonly codes: number[];
}
