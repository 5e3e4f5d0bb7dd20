/**
 * Imports into a school: the roll (pupils and contacts), the staff list, the register.
 * Each file is validated as a whole first; one bad row rejects the file with every problem
 * listed by line and field, and nothing stored changes. Re-importing a changed mark writes a
 * register amendment, never a silent overwrite. Every import is audited.
 */
import { parseRegisterCsv } from '../adapters/ingest/register-csv.ts';
import { parsePupilsCsv, parseStaffCsv } from '../adapters/ingest/roll-csv.ts';
import { type ImportCounts, writeMarks } from '../adapters/db/register-store.ts';
import { writePupils, writeStaff } from '../adapters/db/roll-store.ts';
import type { Db } from '../adapters/db/client.ts';
import type { SourceCodeMap } from '../domain/codes.ts';
import { forgetStaff } from '../adapters/db/staff-store.ts';

export interface Actor {
  /** e.g. `cli:root`, `api-key:3` */
  readonly actor: string;
  /** cli, api */
  readonly source: string;
}

export class UnknownSchoolError extends Error {}

async function requireSchool(db: Db, schoolId: string): Promise<void> {
  const s = await db.prisma.school.findUnique({ where: { id: schoolId }, select: { id: true } });
  if (!s) throw new UnknownSchoolError(`no school "${schoolId}"`);
}

export interface RegisterImportOptions extends Actor {
  readonly codeMap?: SourceCodeMap;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function importRegister(db: Db, schoolId: string, text: string, fileName: string, options: RegisterImportOptions): Promise<ImportCounts> {
  await requireSchool(db, schoolId);
  const roll = await db.pool.query<{ id: number; upn: string }>('SELECT id, upn FROM "Pupil" WHERE "schoolId" = $1', [schoolId]);
  const ids = new Map(roll.rows.map((r) => [r.upn, r.id]));
  const parsed = parseRegisterCsv(text, fileName, { codeMap: options.codeMap, roll: { has: (upn) => ids.has(upn), describe: `school ${schoolId}` } });

  const pupilIds: number[] = [];
  const slots: number[] = [];
  const codes: number[] = [];
  for (const [upn, rows] of parsed.pupils) {
    const id = ids.get(upn)!;
    for (let i = 0; i < rows.slots.length; i++) {
      pupilIds.push(id);
      slots.push(rows.slots[i]!);
      codes.push(rows.codes[i]!);
    }
  }
  return writeMarks(db.url, { pupilIds, slots, codes }, {
    schoolId, actor: options.actor, source: options.source, fileName, reason: 'import', onProgress: options.onProgress,
  });
}

export async function importPupils(db: Db, schoolId: string, text: string, fileName: string, who: Actor) {
  await requireSchool(db, schoolId);
  return writePupils(db, schoolId, parsePupilsCsv(text, fileName).map((r) => r.row), { ...who, fileName });
}

export async function importStaff(db: Db, schoolId: string, text: string, fileName: string, who: Actor) {
  await requireSchool(db, schoolId);
  try {
    return await writeStaff(db, schoolId, parseStaffCsv(text, fileName).map((r) => r.row), { ...who, fileName });
  } finally {
    forgetStaff(); // roles changed: this process asks again at once
  }
}
