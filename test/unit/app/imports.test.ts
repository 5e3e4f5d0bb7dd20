/** The import use cases over an in-memory store: rows in, checked against the roll, written once. */
import { describe, expect, it } from 'vitest';
import { importRegister, UnknownSchoolError } from '../../../src/app/imports/import-register.ts';
import { importRoll } from '../../../src/app/imports/import-roll.ts';
import { MAX_LISTED_PROBLEMS } from '../../../src/app/imports/problems.ts';
import { parsePupilsCsv } from '../../../src/adapters/ingest/roll-csv.ts';
import { InputError, type ParsedRegister, rollRowSchema } from '../../../src/app/imports/rows.ts';
import type { ImportStore, MarkRows } from '../../../src/app/ports.ts';
import { CODE_INDEX } from '../../../src/domain/codes.ts';
import { dayOf, slotOf } from '../../../src/domain/dates.ts';

function store() {
  const written: MarkRows[] = [];
  const s: ImportStore & { written: MarkRows[] } = {
    written,
    schoolExists: async (id) => id === 'oak',
    pupilIds: async () => new Map([['A1', 11], ['B2', 12]]),
    writeMarks: async (marks) => { written.push(marks); return { rows: marks.slots.length, inserted: marks.slots.length, amended: 0, unchanged: 0, misNotUpdated: 0 }; },
    writeRoll: async (_s, rows) => ({ rows: rows.length, inserted: rows.length, updated: 0, contacts: 0 }),
    writeStaff: async (_s, rows) => ({ rows: rows.length, inserted: rows.length, updated: 0 }),
  };
  return s;
}

const parsed = (rows: [string, string, 'AM' | 'PM', string, number][]): ParsedRegister => {
  const pupils = new Map<string, { slots: number[]; codes: number[]; lines: number[] }>();
  for (const [upn, date, session, code, line] of rows) {
    const p = pupils.get(upn) ?? { slots: [], codes: [], lines: [] };
    p.slots.push(slotOf(dayOf(date), session)); p.codes.push(CODE_INDEX.get(code)!); p.lines.push(line);
    pupils.set(upn, p);
  }
  return { file: 'marks.csv', pupils, markedDays: new Set(), rows: rows.length };
};

describe('import register', () => {
  it('writes the marks of pupils on the roll, by pupil id', async () => {
    const s = store();
    expect(await importRegister(s, 'oak', parsed([['A1', '2025-02-03', 'AM', '/', 2], ['B2', '2025-02-03', 'AM', 'N', 3]]), { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const })).toMatchObject({ rows: 2 });
    expect(Array.from(s.written[0]!.pupilIds)).toEqual([11, 12]);
  });

  it('refuses the whole file when a row names a pupil not on the roll, naming each line, and writes nothing', async () => {
    const s = store();
    const err = await importRegister(s, 'oak', parsed([['A1', '2025-02-03', 'AM', '/', 2], ['ZZ9', '2025-02-03', 'AM', '/', 3], ['ZZ9', '2025-02-03', 'PM', '/', 4]]), { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('marks.csv:3: field "upn": no pupil "ZZ9" on the roll of school oak\nmarks.csv:4: field "upn": no pupil "ZZ9" on the roll of school oak');
    expect(s.written).toEqual([]);
  });

  it('an unknown school is refused before anything is read', async () => {
    await expect(importRegister(store(), 'elm', parsed([]), { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const })).rejects.toBeInstanceOf(UnknownSchoolError);
    await expect(importRoll(store(), 'elm', [], { actor: { kind: 'cli' as const, user: 'test' }, source: 'cli' as const, fileName: 'r.csv' })).rejects.toBeInstanceOf(UnknownSchoolError);
  });

  it('the roll row command names the field that is wrong', () => {
    const r = rollRowSchema.safeParse({ upn: 'A 1', given_name: '', family_name: 'X', year: '15', reg_group: '9A', admission_date: '2025-13-01' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0]).sort()).toEqual(['admission_date', 'given_name', 'upn', 'year']);
  });
});

describe('names at import', () => {
  it('a name longer than 80 characters is refused with its field named', () => {
    const r = rollRowSchema.safeParse({ upn: 'A1', given_name: 'A'.repeat(81), family_name: 'B', year: '9', reg_group: '9A', admission_date: '2024-09-02' });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ['given_name'], message: 'at most 80 characters' })]);
  });
});

describe("a file's problems: the first ones listed, every one counted", () => {
  it('a roll of 500 bad rows lists 200 problems, then one line counting the other 300', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `X${i},A,B,9,9A,not-a-date`);
    const csv = ['upn,given_name,family_name,year,reg_group,admission_date', ...rows].join('\n');
    const err = await parsePupilsCsv(csv, 'roll.csv').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const problems = (err as InputError).problems;
    expect(problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(problems[0]).toMatchObject({ line: 2 });
    expect(problems.at(-1)).toEqual({ file: 'roll.csv', line: 501, field: 'row', message: '…and 300 more problems' });
  });
});
