/**
 * Register marks in PostgreSQL. An import is all-or-nothing, in one transaction: new marks
 * are inserted, a changed mark is updated and its amendment written (original, new, reason,
 * who, when, source), an identical mark changes nothing. Bulk paths use COPY.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { ATTENDANCE_CODES, type AttendanceCode, CODE_INDEX } from '../../domain/codes.ts';
import { type DayNumber, type Session, dayOf, dayOfSlot, isoOf, sessionOfSlot, slotOf } from '../../domain/dates.ts';
import { actorLabel, type ImportMeta, type MarkCounts, type MarkRows } from '../../app/ports.ts';
import { audit } from './audit.ts';

/**
 * The import runs on a connection of its own, with room to sort and hash a year's register
 * in memory. It compares the file with what is stored, and writes only what differs: new
 * marks are COPYed straight into the register, changed ones are updated with their amendment
 * written beside them. What is stored it takes from the school's register snapshot, which
 * the last import left, when that covers the file's pupils and days; else it reads the marks
 * for the file's dates (COPY out). Either way it leaves the snapshot of what it stored.
 *
 * Every writer of a school's marks takes the same transaction lock (registerLock), so the
 * comparison cannot go stale before the write.
 */
export async function writeMarks(databaseUrl: string, marks: MarkRows, meta: ImportMeta): Promise<MarkCounts & { batchId: number }> {
  const started = new Date();
  const client = new pg.Client({ connectionString: databaseUrl, options: '-c work_mem=256MB' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await registerLock(client, meta.schoolId);
    // this transaction's inserts keep the snapshot themselves: the insert trigger leaves it
    await client.query(`SELECT set_config('attendance.register_import', 'on', true)`);
    const total = marks.pupilIds.length;
    let minDay = Infinity;
    let maxDay = -Infinity;
    for (let i = 0; i < total; i++) {
      const day = dayOfSlot(marks.slots[i]!);
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
    }
    const snapshot = total > 0 ? await readSnapshot(client, meta.schoolId) : undefined;
    let stored = snapshot?.covers(marks.pupilIds, minDay, maxDay) ? snapshot : undefined;
    if (!stored) {
      stored = StoredMarks.forFile(marks.pupilIds, minDay, maxDay);
      if (total > 0) await readStoredMarks(client, meta.schoolId, minDay, maxDay, stored);
    }
    // marks amended from chat that the MIS does not show yet (MisUpdate): what the MIS still says
    const pending = total > 0 ? await readPendingMis(client, meta.schoolId, minDay, maxDay) : new Map<string, { id: number; misCode: number }>();
    const fresh = new Int32Array(total);
    let freshCount = 0;
    const changed: number[] = [];
    const misNotUpdated: number[] = [];
    const resolved: number[] = [];
    for (let i = 0; i < total; i++) {
      const old = stored.get(marks.pupilIds[i]!, marks.slots[i]!);
      const waiting = pending.size > 0 ? pending.get(`${marks.pupilIds[i]}:${marks.slots[i]}`) : undefined;
      if (old === undefined) fresh[freshCount++] = i;
      else if (old !== marks.codes[i]) {
        // the MIS still carries its earlier code: the change from chat stands and is listed
        if (waiting && waiting.misCode === marks.codes[i]) misNotUpdated.push(waiting.id);
        else {
          changed.push(i);
          if (waiting) resolved.push(waiting.id); // a third code: the MIS's word is an amendment as ever
        }
      } else if (waiting) resolved.push(waiting.id); // the MIS now agrees
    }
    if (resolved.length > 0) await client.query(`UPDATE "MisUpdate" SET "resolvedAt" = now(), "resolvedBy" = 'import' WHERE id = ANY($1::int[])`, [resolved]);
    const toWrite = freshCount + changed.length;
    meta.onProgress?.(0, toWrite);

    const dates = new DateBytes();
    const suffix = Buffer.from(`\t${copyText(meta.schoolId)}\t${copyText(meta.source)}\n`, 'utf8');
    await copyRows(client, 'COPY "AttendanceMark" ("pupilId", date, session, code, "schoolId", source) FROM STDIN', freshCount, (out, k) => {
      const i = fresh[k]!;
      out.int(marks.pupilIds[i]!).tab().bytes(dates.of(marks.slots[i]!)).tab().bytes(SESSION_BYTES[sessionOfSlot(marks.slots[i]!)]).tab().bytes(CODE_COPY_BYTES[marks.codes[i]!]!).bytes(suffix);
    }, (done) => meta.onProgress?.(done, toWrite));

    let amended = 0;
    if (changed.length > 0) {
      await client.query(`CREATE TEMP TABLE changed_marks ("pupilId" integer, date date, session "Session", code text, original text) ON COMMIT DROP`);
      await copyRows(client, 'COPY changed_marks FROM STDIN', changed.length, (out, k) => {
        const i = changed[k]!;
        const original = stored.get(marks.pupilIds[i]!, marks.slots[i]!)!;
        out.int(marks.pupilIds[i]!).tab().bytes(dates.of(marks.slots[i]!)).tab().bytes(SESSION_BYTES[sessionOfSlot(marks.slots[i]!)]).tab()
          .bytes(CODE_COPY_BYTES[marks.codes[i]!]!).tab().bytes(CODE_COPY_BYTES[original]!).byte(NEWLINE);
      });
      await client.query('ANALYZE changed_marks');
      await client.query(
        `UPDATE "AttendanceMark" m SET code = c.code, source = $1, "recordedAt" = now()
         FROM changed_marks c WHERE m."pupilId" = c."pupilId" AND m.date = c.date AND m.session = c.session`,
        [meta.source],
      );
      const r = await client.query(
        `INSERT INTO "MarkAmendment" ("pupilId", date, session, "originalCode", "newCode", reason, "amendedBy", source)
         SELECT "pupilId", date, session, original, code, $1, $2, $3 FROM changed_marks`,
        [meta.reason, actorLabel(meta.actor), meta.source],
      );
      amended = r.rowCount ?? 0;
    }
    meta.onProgress?.(toWrite, toWrite);
    for (let k = 0; k < freshCount; k++) stored.set(marks.pupilIds[fresh[k]!]!, marks.slots[fresh[k]!]!, marks.codes[fresh[k]!]!);
    for (const i of changed) stored.set(marks.pupilIds[i]!, marks.slots[i]!, marks.codes[i]!);
    const counts = { rows: total, inserted: freshCount, amended, unchanged: total - freshCount - amended - misNotUpdated.length, misNotUpdated: misNotUpdated.length };
    const batch = await client.query<{ id: number }>(
      `INSERT INTO "ImportBatch" ("schoolId", kind, source, "fileName", actor, rows, inserted, amended, unchanged, "startedAt", "finishedAt")
       VALUES ($1, 'register', $2, $3, $4, $5, $6, $7, $8, $9, now()) RETURNING id`,
      [meta.schoolId, meta.source, meta.fileName, actorLabel(meta.actor), counts.rows, counts.inserted, counts.amended, counts.unchanged, started],
    );
    // a snapshot read and nothing written: it is still what is stored
    if (total > 0 && (stored !== snapshot || toWrite > 0)) await writeSnapshot(client, meta.schoolId, stored, batch.rows[0]!.id);
    await audit(client, {
      schoolId: meta.schoolId, actor: meta.actor, source: meta.source, action: 'register.import',
      subjectType: 'ImportBatch', subjectId: String(batch.rows[0]!.id), detail: { fileName: meta.fileName, ...counts },
    });
    await client.query('COMMIT');
    // a large import changes the register's shape: refresh the planner's statistics now
    // rather than whenever autovacuum gets to it
    if (counts.inserted + counts.amended > 10_000) await client.query('ANALYZE "AttendanceMark"');
    return { ...counts, batchId: batch.rows[0]!.id };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** The school's open MisUpdate rows in the span, by `pupilId:slot`. */
async function readPendingMis(client: pg.ClientBase, schoolId: string, from: DayNumber, to: DayNumber): Promise<Map<string, { id: number; misCode: number }>> {
  const r = await client.query<{ id: number; pupilId: number; date: string; session: Session; misCode: AttendanceCode }>(
    `SELECT id, "pupilId", date::text AS date, session, "misCode" FROM "MisUpdate" WHERE "schoolId" = $1 AND "resolvedAt" IS NULL AND date BETWEEN $2 AND $3`,
    [schoolId, isoOf(from), isoOf(to)],
  );
  return new Map(r.rows.map((m) => [`${m.pupilId}:${slotOf(dayOf(m.date), m.session)}`, { id: m.id, misCode: CODE_INDEX.get(m.misCode) ?? -1 }]));
}

/** The lock every writer of a school's register takes, for the length of its transaction. */
/** The key of a school's register lock: every writer of its marks holds it until its transaction ends. */
export const registerLockKey = (schoolId: string) => `register:${schoolId}`;

export async function registerLock(q: Pick<pg.ClientBase, 'query'>, schoolId: string): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [registerLockKey(schoolId)]);
}

/**
 * The stored code of each mark of the file's pupils over the file's dates: a dense table
 * (pupil × slot, one byte each) for the usual file, a map for a file spanning many years.
 * The dense table is what a register snapshot holds.
 */
class StoredMarks {
  private constructor(
    private readonly pupilIndex: Map<number, number>,
    readonly firstSlot: number,
    readonly span: number,
    /** code index + 1 per pupil × slot; 0, no mark. Undefined: too large, kept in `sparse`. */
    readonly dense: Uint8Array | undefined,
  ) {}

  private readonly sparse = new Map<number, number>();

  /** Room for the marks of a file's pupils between its first and last day, nothing stored yet. */
  static forFile(pupilIds: ArrayLike<number>, minDay: number, maxDay: number): StoredMarks {
    const pupilIndex = new Map<number, number>();
    for (let i = 0; i < pupilIds.length; i++) {
      const id = pupilIds[i]!;
      if (!pupilIndex.has(id)) pupilIndex.set(id, pupilIndex.size);
    }
    const span = Math.max(0, (maxDay - minDay + 1) * 2);
    const size = pupilIndex.size * span;
    return new StoredMarks(pupilIndex, minDay * 2, span, size <= MAX_DENSE_BYTES ? new Uint8Array(size) : undefined);
  }

  /** A snapshot as stored, or undefined when its shape does not hold together. */
  static fromSnapshot(pupilIds: readonly number[], firstSlot: number, span: number, codes: Uint8Array): StoredMarks | undefined {
    if (codes.length !== pupilIds.length * span) return undefined;
    return new StoredMarks(new Map(pupilIds.map((id, i) => [id, i])), firstSlot, span, codes);
  }

  /** Whether every mark of these pupils between these days falls within this table. */
  covers(pupilIds: ArrayLike<number>, minDay: number, maxDay: number): boolean {
    if (minDay * 2 < this.firstSlot || maxDay * 2 + 1 >= this.firstSlot + this.span) return false;
    let last = -1;
    for (let i = 0; i < pupilIds.length; i++) {
      const id = pupilIds[i]!;
      if (id !== last && !this.pupilIndex.has(id)) return false;
      last = id;
    }
    return true;
  }

  private key(pupilId: number, slot: number): number | undefined {
    const p = this.pupilIndex.get(pupilId);
    return p === undefined ? undefined : p * this.span + (slot - this.firstSlot);
  }

  /** Code index, or undefined when nothing is stored. */
  get(pupilId: number, slot: number): number | undefined {
    const k = this.key(pupilId, slot);
    if (k === undefined) return undefined;
    if (this.dense) {
      const v = this.dense[k]!;
      return v === 0 ? undefined : v - 1;
    }
    return this.sparse.get(k);
  }

  /** The pupils, by id, in the table's order. */
  pupils(): number[] {
    return [...this.pupilIndex.keys()];
  }

  set(pupilId: number, slot: number, code: number): void {
    const k = this.key(pupilId, slot);
    if (k === undefined) return; // a pupil not in this file
    if (this.dense) this.dense[k] = code + 1;
    else this.sparse.set(k, code);
  }
}
const MAX_DENSE_BYTES = 64 * 1024 * 1024;

/** The school's register snapshot (RegisterSnapshot in prisma/schema.prisma), if there is one. */
async function readSnapshot(client: pg.Client, schoolId: string): Promise<StoredMarks | undefined> {
  const shape = (await client.query<{ firstSlot: number; slots: number; pupilIds: number[] }>(
    'SELECT "firstSlot", slots, "pupilIds" FROM "RegisterSnapshot" WHERE "schoolId" = $1', [schoolId])).rows[0];
  if (!shape) return undefined;
  // the codes as bytes, by binary COPY: a 1.2 MB value read as one hex text message takes
  // several times as long. The register lock keeps the row as it was between the two reads.
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(`COPY (SELECT codes FROM "RegisterSnapshot" WHERE "schoolId" = ${literal(schoolId)}) TO STDOUT (FORMAT binary)`)) as AsyncIterable<Buffer>) chunks.push(chunk);
  const codes = binaryCopyValue(Buffer.concat(chunks));
  return codes ? StoredMarks.fromSnapshot(shape.pupilIds, shape.firstSlot, shape.slots, codes) : undefined;
}

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** The one value of the one row of a binary COPY of one column, or undefined (no row, or NULL). */
export function binaryCopyValue(out: Buffer): Uint8Array | undefined {
  if (out.length < 19 || !out.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('not a binary COPY');
  let at = 19 + out.readUInt32BE(15); // signature, flags, header extension
  if (out.readInt16BE(at) !== 1) return undefined; // -1: the trailer, no row
  const length = out.readInt32BE(at + 2);
  at += 6;
  return length < 0 ? undefined : out.subarray(at, at + length);
}

/**
 * Leaves the snapshot of what this import stored. The snapshot of another school covering
 * any of these pupils (none should) goes: this transaction's inserts do not remove it.
 */
async function writeSnapshot(client: pg.Client, schoolId: string, stored: StoredMarks, batchId: number): Promise<void> {
  const pupils = stored.pupils();
  await client.query('DELETE FROM "RegisterSnapshot" WHERE "schoolId" <> $1 AND "pupilIds" && $2::int[]', [schoolId, pupils]);
  if (!stored.dense) {
    await client.query('DELETE FROM "RegisterSnapshot" WHERE "schoolId" = $1', [schoolId]);
    return;
  }
  await client.query(
    `INSERT INTO "RegisterSnapshot" ("schoolId", "firstSlot", slots, "pupilIds", codes, "importBatchId") VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT ("schoolId") DO UPDATE SET "firstSlot" = EXCLUDED."firstSlot", slots = EXCLUDED.slots, "pupilIds" = EXCLUDED."pupilIds",
       codes = EXCLUDED.codes, "importBatchId" = EXCLUDED."importBatchId", "createdAt" = now()`,
    [schoolId, stored.firstSlot, stored.span, pupils, Buffer.from(stored.dense.buffer, stored.dense.byteOffset, stored.dense.byteLength), batchId],
  );
}

/** COPY text format escapes a backslash (the PM present code) as two. */
const copyText = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
const CODE_COPY_TEXT = ATTENDANCE_CODES.map(copyText);

/** A day's date as COPY text bytes (YYYY-MM-DD), each made once. */
class DateBytes {
  private readonly dates = new Map<number, Buffer>();
  of(slot: number): Buffer {
    const day = dayOfSlot(slot);
    let d = this.dates.get(day);
    if (!d) { d = Buffer.from(isoOf(day), 'latin1'); this.dates.set(day, d); }
    return d;
  }
}
const CODE_COPY_BYTES = CODE_COPY_TEXT.map((t) => Buffer.from(t, 'utf8'));
const SESSION_BYTES: Record<Session, Buffer> = { AM: Buffer.from('AM', 'latin1'), PM: Buffer.from('PM', 'latin1') };
const NEWLINE = 10;
const TAB = 9;

/** Code index by the bytes of its COPY text (one or two bytes; a backslash comes escaped as two). */
const CODE_BY_BYTES = new Map<number, number>(ATTENDANCE_CODES.map((_, i) => {
  const t = Buffer.from(CODE_COPY_TEXT[i]!, 'utf8');
  return [t.length === 1 ? t[0]! : t[0]! * 256 + t[1]!, i];
}));

/**
 * Reads the school's stored marks between two days into `out`. Read with COPY and parsed
 * byte by byte: a year of a large school is 760,000 rows.
 */
async function readStoredMarks(client: pg.Client, schoolId: string, minDay: number, maxDay: number, out: StoredMarks): Promise<void> {
  // the file's pupils through the primary key, as runs of ids (a school's roll is imported
  // together, so its ids mostly run on): one range scan each rather than a join per pupil.
  // COPY takes no parameters: the ids are integers.
  const ranges = idRuns(out.pupils()).map(([from, to]) => `a."pupilId" BETWEEN ${from} AND ${to}`).join(' OR ');
  const sql = `COPY (SELECT a."pupilId", a.date - DATE '1970-01-01', a.session = 'PM', a.code FROM "AttendanceMark" a
    WHERE (${ranges}) AND a.date BETWEEN DATE '${isoOf(minDay)}' AND DATE '${isoOf(maxDay)}' AND a."schoolId" = ${literal(schoolId)}) TO STDOUT`;
  // row: <id>\t<day>\t<t|f>\t<code>\n
  let field = 0;
  let id = 0;
  let day = 0;
  let pm = 0;
  let code = 0;
  for await (const chunk of client.query(copyTo(sql)) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 9) { field++; continue; }
      if (b === 10) {
        const c = CODE_BY_BYTES.get(code);
        if (c === undefined) throw new Error(`stored mark for pupil ${id} has an unknown code`);
        out.set(id, day * 2 + pm, c);
        field = id = day = pm = code = 0;
        continue;
      }
      if (field === 0) id = id * 10 + (b - 48);
      else if (field === 1) day = day * 10 + (b - 48);
      else if (field === 2) pm = b === 116 ? 1 : 0; // 't'
      else code = code * 256 + b;
    }
  }
}

/** Sorted ids as runs [from, to], a run going on over gaps of up to `gap` ids (another school's pupils read there are passed over). */
export function idRuns(ids: readonly number[], gap = 64): [number, number][] {
  const sorted = [...ids].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const id of sorted) {
    const last = runs.at(-1);
    if (last && id - last[1] <= gap) last[1] = id;
    else runs.push([id, id]);
  }
  return runs;
}

const literal = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** COPY text, written as bytes into chunks of about a megabyte: no string is made per row. */
class CopyChunks {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;
  readonly full: Buffer[] = [];

  /** Room for a row of at most ROW_BYTES; a longer row (a long school id) is written as it comes. */
  row(): this {
    if (this.at + ROW_BYTES > this.chunk.length) this.flush();
    return this;
  }
  flush(): void {
    if (this.at === 0) return;
    this.full.push(this.chunk.subarray(0, this.at));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.at = 0;
  }
  byte(b: number): this {
    if (this.at === this.chunk.length) this.flush();
    this.chunk[this.at++] = b;
    return this;
  }
  tab(): this { return this.byte(TAB); }
  bytes(b: Uint8Array): this {
    if (this.at + b.length > this.chunk.length) this.flush();
    if (b.length > this.chunk.length) { this.full.push(Buffer.from(b)); return this; }
    for (let i = 0; i < b.length; i++) this.chunk[this.at + i] = b[i]!;
    this.at += b.length;
    return this;
  }
  /** A non-negative integer in decimal. */
  int(n: number): this {
    if (this.at + 16 > this.chunk.length) this.flush();
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    this.at += digits;
    for (let i = this.at - 1; i >= this.at - digits; i--) { this.chunk[i] = 48 + (n % 10); n = Math.floor(n / 10); }
    return this;
  }
}
const CHUNK_BYTES = 1 << 20;
const ROW_BYTES = 256;

/** COPY … FROM STDIN of `count` rows, each written by `row`, streamed in chunks as they fill. */
async function copyRows(client: pg.Client, sql: string, count: number, row: (out: CopyChunks, k: number) => void, onChunk?: (done: number) => void): Promise<void> {
  if (count === 0) return;
  function* chunks(): Generator<Buffer> {
    const out = new CopyChunks();
    for (let k = 0; k < count; k++) {
      row(out.row(), k);
      if (out.full.length > 0) {
        yield* out.full.splice(0);
        onChunk?.(k + 1);
      }
    }
    out.flush();
    yield* out.full.splice(0);
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}
