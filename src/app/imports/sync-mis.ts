/**
 * Sync from the MIS: the roll and the session marks read through the school's connector and
 * written through the same validated, all-or-nothing, audited imports as a file (a pupil row
 * checked like a roll file's, a mark against the roll; a changed mark is an amendment; a mark
 * changed from chat stands against an MIS that has not caught up). Everything is read before
 * anything is written: a refused token, a page that fails or one bad row changes nothing.
 * Incremental by default (`updated_after` from a cursor per school and resource, so a sync
 * fetches only what changed); `full` reads everything. Codes map through the MIS's own code
 * list to the DfE 2024 codes; a code that cannot be mapped is reported with the mark, never
 * guessed. With write-back on, codes changed from chat go back to the MIS.
 */
import { isAttendanceCode, CODE_INDEX } from '../../domain/codes.ts';
import { dayOf, slotOf } from '../../domain/dates.ts';
import type { ImportStore, MarkCounts, MisCode, MisConnectionRow, MisSource, MisStore, MisToWrite, RollCounts, Who } from '../ports.ts';
import { importRoll } from './import-roll.ts';
import { importRegister, requireSchool } from './import-register.ts';
import { formatProblem, InputError, type InputProblem, type ParsedRegister, problemList, type PupilRows, rollRowSchema } from './rows.ts';

export interface SyncDeps {
  readonly mis: MisSource;
  readonly store: MisStore;
  readonly imports: ImportStore;
  readonly clock: { now(): Date };
}

export interface SyncOptions {
  /** Read everything, not only what changed since the last sync. */
  readonly full?: boolean;
  /** What to sync (default both). */
  readonly roll?: boolean;
  readonly marks?: boolean;
  /** One line per step, for a person watching. */
  readonly progress?: (line: string) => void;
}

export interface SyncReport {
  readonly roll?: RollCounts;
  /** Staff whose names the MIS changed (matched by email). */
  readonly staffRenamed?: number;
  readonly marks?: MarkCounts;
  readonly writtenBack: number;
  readonly writeBackError?: string;
}

export class NotConnectedError extends Error {}

/** Overlap with the previous sync, for clocks that disagree. */
const CURSOR_OVERLAP_MS = 60_000;

/** How long a sync may hold its school's lease: a sync still running then is presumed dead. */
export const SYNC_LEASE_MS = 30 * 60_000;

export class SyncRunningError extends Error {}

/** One sync of a school at a time (across processes): a second one is refused while the first runs. */
export async function syncMis(deps: SyncDeps, schoolId: string, options: SyncOptions = {}): Promise<SyncReport> {
  await requireSchool(deps.imports, schoolId);
  const conn = await deps.store.connection(schoolId);
  if (!conn) throw new NotConnectedError(`school ${schoolId} is not connected to an MIS: school connect wonde --school ${schoolId} --wonde-school ID`);
  if (!(await deps.store.claimSync(schoolId, new Date(Date.now() + SYNC_LEASE_MS)))) {
    throw new SyncRunningError(`a sync of school ${schoolId} is already running: this one waits for the next`);
  }
  try {
    return await syncConnected(deps, schoolId, conn, options);
  } finally {
    await deps.store.releaseSync(schoolId);
  }
}

async function syncConnected(deps: SyncDeps, schoolId: string, conn: MisConnectionRow, options: SyncOptions): Promise<SyncReport> {
  const say = options.progress ?? (() => undefined);
  const started = deps.clock.now();
  const state = new Map((await deps.store.state(schoolId)).map((s) => [s.resource, s]));
  const since = (resource: string) => (options.full ? undefined : state.get(resource)?.cursor ?? undefined);
  const doRoll = options.roll ?? true;
  const doMarks = options.marks ?? true;
  const who: Who = { actor: { kind: 'mis', provider: conn.provider }, source: 'mis' };
  const fail = async (resources: ('students' | 'attendance')[], err: unknown) => {
    const message = err instanceof InputError ? err.problems.slice(0, 3).map(formatProblem).join('; ') : (err as Error).message;
    for (const r of resources) await deps.store.setState(schoolId, r, { lastSyncAt: started, lastRows: 0, lastError: message.slice(0, 500) });
  };

  // read everything first
  const roll: { ref: string; upn: string; row: ReturnType<typeof rollRowSchema.parse> }[] = [];
  let marks: ParsedRegister | undefined;
  // the MIS's code list, read once: for the marks, and for writing codes back
  let codes: MisCode[] | undefined;
  try {
    if (doMarks) codes = await deps.mis.codes(conn.misSchoolId);
    if (doRoll) {
      say(`students: reading${since('students') ? ` changed since ${since('students')!.toISOString()}` : ' all'}`);
      const pupils = await deps.mis.pupils(conn.misSchoolId, since('students'), (n) => say(`students: ${n} read`));
      const problems: InputProblem[] = [];
      pupils.forEach((p, i) => {
        const r = rollRowSchema.safeParse(p.fields);
        if (r.success) roll.push({ ref: p.ref, upn: r.data.upn, row: r.data });
        else for (const issue of r.error.issues) problems.push({ file: `${conn.provider} students`, line: i + 1, field: String(issue.path[0] ?? 'student'), message: `${p.label}: ${issue.message}` });
      });
      if (problems.length > 0) throw new InputError(problems);
    }
    if (doMarks) {
      say(`attendance: reading${since('attendance') ? ` changed since ${since('attendance')!.toISOString()}` : ' all'}`);
      const read = await deps.mis.marks(conn.misSchoolId, since('attendance'), (n) => say(`attendance: ${n} marks read`));
      const known = await deps.store.students(schoolId);
      for (const p of roll) known.byRef.set(p.ref, p.upn);
      marks = registerOf(`${conn.provider} attendance/session`, read, codes ?? [], known.byRef);
    }
  } catch (err) {
    await fail([...(doRoll ? ['students' as const] : []), ...(doMarks ? ['attendance' as const] : [])], err);
    throw err;
  }

  // then write, each all-or-nothing and audited like a file
  let rollCounts: RollCounts | undefined;
  if (doRoll) {
    rollCounts = roll.length > 0 ? await importRoll(deps.imports, schoolId, roll.map((p) => p.row), { ...who, fileName: `${conn.provider} students` }) : { rows: 0, inserted: 0, updated: 0, contacts: 0 };
    await deps.store.rememberStudents(schoolId, roll.map((p) => ({ ref: p.ref, upn: p.upn })));
    await deps.store.setState(schoolId, 'students', { cursor: new Date(started.getTime() - CURSOR_OVERLAP_MS), lastSyncAt: started, lastRows: roll.length, lastError: null });
    say(`students: ${rollCounts.inserted} new, ${rollCounts.updated} updated`);
  }
  let staffRenamed: number | undefined;
  if (doRoll) {
    // staff names and emails from the MIS; roles stay the school's own staff import. A failure
    // here is recorded and does not undo the roll.
    try {
      const employees = await deps.mis.employees(conn.misSchoolId, since('employees'));
      staffRenamed = await deps.store.staffNames(schoolId, employees.flatMap((e) => (e.email ? [{ name: e.name, email: e.email }] : [])), who);
      await deps.store.setState(schoolId, 'employees', { cursor: new Date(started.getTime() - CURSOR_OVERLAP_MS), lastSyncAt: started, lastRows: employees.length, lastError: null });
    } catch (err) {
      await deps.store.setState(schoolId, 'employees', { lastSyncAt: started, lastRows: 0, lastError: (err as Error).message.slice(0, 500) });
    }
  }
  let markCounts: MarkCounts | undefined;
  if (doMarks && marks) {
    try {
      markCounts = marks.rows > 0 ? await importRegister(deps.imports, schoolId, marks, who) : { rows: 0, inserted: 0, amended: 0, unchanged: 0, misNotUpdated: 0 };
    } catch (err) {
      await fail(['attendance'], err);
      throw err;
    }
    await deps.store.setState(schoolId, 'attendance', { cursor: new Date(started.getTime() - CURSOR_OVERLAP_MS), lastSyncAt: started, lastRows: marks.rows, lastError: null });
    say(`attendance: ${markCounts.inserted} new, ${markCounts.amended} amended, ${markCounts.misNotUpdated} kept from chat (MIS not yet updated)`);
  }

  const back = conn.writeBack ? await writeBack(deps, schoolId, conn.misSchoolId, say, codes) : { written: 0 };
  return { ...(rollCounts ? { roll: rollCounts } : {}), ...(staffRenamed !== undefined ? { staffRenamed } : {}), ...(markCounts ? { marks: markCounts } : {}), writtenBack: back.written, ...(back.error ? { writeBackError: back.error } : {}) };
}

/** The MIS's marks as a register import, every mark mapped through the MIS's code list or named as a problem. */
function registerOf(file: string, read: readonly { studentRef: string; date: string; session: 'AM' | 'PM'; codeRef: string }[], codes: readonly MisCode[], upnOf: ReadonlyMap<string, string>): ParsedRegister {
  const byRef = new Map(codes.map((c) => [c.ref, c]));
  // a mark that names its code by letter rather than id is looked up by letter
  for (const c of codes) if (!byRef.has(c.code)) byRef.set(c.code, c);
  const problems = problemList();
  const pupils = new Map<string, PupilRows & { slots: number[]; codes: number[]; lines: number[] }>();
  const markedDays = new Set<number>();
  read.forEach((m, i) => {
    const line = i + 1;
    const code = dfeCodeOf(byRef.get(m.codeRef));
    const upn = upnOf.get(m.studentRef);
    if (!upn) { problems.add({ file, line, field: 'student', message: `student ${m.studentRef} (${m.date} ${m.session}) is not on the roll: sync the roll first` }); return; }
    if (!code.ok) { problems.add({ file, line, field: 'attendance_code', message: `${upn} ${m.date} ${m.session}: ${code.problem}` }); return; }
    const day = dayOf(m.date);
    let rows = pupils.get(upn);
    if (!rows) { rows = { slots: [], codes: [], lines: [] }; pupils.set(upn, rows); }
    rows.slots.push(slotOf(day, m.session));
    rows.codes.push(CODE_INDEX.get(code.code)!);
    rows.lines.push(line);
    if (code.code !== '#') markedDays.add(day);
  });
  problems.throwIfAny((more) => ({ file, line: read.length, field: 'attendance', message: `…and ${more} more marks with problems` }));
  return { file, pupils, markedDays, rows: read.length };
}

/** An MIS code as a DfE 2024 code: its letter, or the DfE code the MIS names for it; never a guess. */
function dfeCodeOf(c: MisCode | undefined): { ok: true; code: string } | { ok: false; problem: string } {
  if (!c) return { ok: false, problem: 'an attendance code the MIS did not list' };
  if (isAttendanceCode(c.code)) return { ok: true, code: c.code };
  if (c.dfeCode && isAttendanceCode(c.dfeCode)) return { ok: true, code: c.dfeCode };
  return { ok: false, problem: `the MIS's code "${c.code}" (${c.description}) is not a DfE 2024 attendance code and names none: map it in the MIS` };
}

/** Codes changed from chat go back to the MIS; each is recorded as written, or with why not. */
async function writeBack(deps: SyncDeps, schoolId: string, misSchoolId: string, say: (l: string) => void, read: MisCode[] | undefined): Promise<{ written: number; error?: string }> {
  const pending = await deps.store.toWriteBack(schoolId);
  if (pending.length === 0) return { written: 0 };
  const [codes, students] = await Promise.all([read ?? deps.mis.codes(misSchoolId), deps.store.students(schoolId)]);
  const refOf = new Map<string, string>();
  for (const c of codes) {
    const code = dfeCodeOf(c);
    if (code.ok && !refOf.has(code.code)) refOf.set(code.code, c.ref);
  }
  const writable: { row: MisToWrite; studentRef: string; codeRef: string }[] = [];
  for (const row of pending) {
    const studentRef = students.byUpn.get(row.upn);
    const codeRef = refOf.get(row.chatCode);
    if (!studentRef || !codeRef) {
      await deps.store.writtenBack([row.id], !studentRef ? `pupil ${row.upn} is not known to the MIS` : `the MIS has no code for ${row.chatCode}`);
      continue;
    }
    writable.push({ row, studentRef, codeRef });
  }
  if (writable.length === 0) return { written: 0, error: 'nothing could be written back' };
  try {
    await deps.mis.writeBack(misSchoolId, writable.map((w) => ({ studentRef: w.studentRef, date: w.row.date, session: w.row.session, codeRef: w.codeRef, comment: `${w.row.reason} (${w.row.amendedBy}, from the attendance bot)`.slice(0, 250) })));
  } catch (err) {
    const message = (err as Error).message.slice(0, 300);
    await deps.store.writtenBack(writable.map((w) => w.row.id), message);
    say(`write-back: failed: ${message}`);
    return { written: 0, error: message };
  }
  await deps.store.writtenBack(writable.map((w) => w.row.id));
  say(`write-back: ${writable.length} code${writable.length === 1 ? '' : 's'} changed from chat written to the MIS`);
  return { written: writable.length };
}
