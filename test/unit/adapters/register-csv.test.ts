import { describe, expect, it } from 'vitest';
import { InputError, parseRegisterCsv } from '../../../src/adapters/ingest/register-csv.ts';
import { LA_SINGLE_CHARACTER_MAP, type SourceCodeMap } from '../../../src/domain/codes.ts';

function problems(text: string, codeMap?: SourceCodeMap) {
  try {
    parseRegisterCsv(text, 'reg.csv', { codeMap });
    return [];
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.problems.map((p) => `${p.line}:${p.field}`);
  }
}

describe('register CSV', () => {
  it('reads rows in any order, with CRLF and a byte-order mark', () => {
    const r = parseRegisterCsv('\ufeffupn,date,session,mark\r\nA1,2025-02-04,PM,\\\r\nA1,2025-02-03,AM,#\r\n', 'x.csv');
    expect(r.rows).toBe(2);
    expect(r.pupils.get('A1')?.codes.length).toBe(2);
    expect([...r.markedDays]).toHaveLength(1); // the # day is not a school day
  });

  it('reports every bad row by line and field, and nothing is returned', () => {
    const text = [
      'upn,date,session,mark',
      'A1,2025-02-03,AM,/',
      'A1,2025-02-30,AM,/', // bad date
      'A1,2025-02-04,am,/', // bad session
      'A1,2025-02-05,AM,Y8', // unknown code
      ',2025-02-06,AM,/', // empty upn
      'A1,2025-02-07,AM', // missing field
      'A1,2025-02-03,AM,N', // duplicate of line 2
    ].join('\n');
    expect(problems(text)).toEqual(['3:date', '4:session', '5:mark', '6:upn', '7:mark', '8:session']);
  });

  it('names the file, line and field in the message', () => {
    expect(() => parseRegisterCsv('upn,date,session,mark\nA1,2025-02-03,XX,/\n', 'reg.csv'))
      .toThrow('reg.csv:2: field "session": expected AM or PM, found "XX"');
  });

  it('rejects a wrong header', () => {
    expect(problems('pupil,date,session,mark\nA1,2025-02-03,AM,/')).toEqual(['1:header']);
    expect(problems('')).toEqual(['1:header']);
  });

  it('maps a single-character export through its table and refuses what it cannot map', () => {
    const ok = parseRegisterCsv('upn,date,session,mark\nA1,2025-02-03,AM,<\nA1,2025-02-03,PM,_\n', 'mis.csv', { codeMap: LA_SINGLE_CHARACTER_MAP });
    expect(ok.pupils.get('A1')?.codes.length).toBe(2);
    expect(problems('upn,date,session,mark\nA1,2025-02-03,AM,!\n', LA_SINGLE_CHARACTER_MAP)).toEqual(['2:mark']);
  });

  it('gives each pupil its rows in file order, whether the file groups them by pupil or by date', () => {
    const byDate = 'upn,date,session,mark\nA1,2025-02-03,AM,/\nB2,2025-02-03,AM,N\nA1,2025-02-03,PM,O\nB2,2025-02-03,PM,\\\nA1,2025-02-04,AM,I\n';
    const byPupil = 'upn,date,session,mark\nA1,2025-02-03,AM,/\nA1,2025-02-03,PM,O\nA1,2025-02-04,AM,I\nB2,2025-02-03,AM,N\nB2,2025-02-03,PM,\\\n';
    for (const text of [byDate, byPupil]) {
      const r = parseRegisterCsv(text, 'x.csv');
      expect([...r.pupils.keys()]).toEqual(['A1', 'B2']);
      const a = r.pupils.get('A1')!;
      const b = r.pupils.get('B2')!;
      expect(Array.from(a.codes).length).toBe(3);
      expect(Array.from(a.slots)).toEqual([...Array.from(a.slots)].sort((x, y) => x - y));
      expect(Array.from(a.lines)).toEqual(text === byDate ? [2, 4, 6] : [2, 3, 4]);
      expect(Array.from(b.lines)).toEqual(text === byDate ? [3, 5] : [5, 6]);
      expect(Array.from(b.codes)).not.toEqual(Array.from(a.codes).slice(0, 2));
    }
  });

  it('reads the same from a buffer as from text, a last row without a newline and UPNs of any length', () => {
    const text = 'upn,date,session,mark\r\nA123456789012,2025-02-03,AM,/\r\nA123456789012,2025-02-03,PM,L\r\nZ,2025-02-04,AM,#';
    const fromText = parseRegisterCsv(text, 'x.csv');
    const fromBytes = parseRegisterCsv(new TextEncoder().encode(text), 'x.csv');
    for (const r of [fromText, fromBytes]) {
      expect(r.rows).toBe(3);
      expect(Array.from(r.pupils.get('A123456789012')!.lines)).toEqual([2, 3]);
      expect(Array.from(r.pupils.get('Z')!.lines)).toEqual([4]);
    }
  });

  it('reads a row of an unusual shape field by field: a date with a line break, a two-character mark, an extra field', () => {
    const text = [
      'upn,date,session,mark',
      'A1,2025-0', // a date broken across lines: two short rows
      '2-03,AM,/',
      'A1,2025-02-04,AM,/X', // two characters: not a code
      'A1,2025-02-05,AM,/,', // a fifth field
      'A1,2025-02-06,AM,,', // a comma as the mark
    ].join('\n');
    expect(problems(text)).toEqual(['2:session', '3:mark', '4:mark', '5:mark', '6:mark']);
  });
});
