import { describe, expect, it } from 'vitest';
import { parsePupilsCsv } from '../../../src/adapters/ingest/roll-csv.ts';
import { InputError } from '../../../src/app/imports/problems.ts';
import { shownUpn, upnCheckLetter, upnProblem, upnWarning } from '../../../src/domain/upn.ts';

/** A UPN made right: the check letter the rule gives, in front of the 12 characters. */
const valid = (rest: string) => `${upnCheckLetter(`A${rest}`)}${rest}`;

describe('pupil identifiers', () => {
  it('a UPN is at most 13 letters and digits; shorter local identifiers stay valid', () => {
    expect(upnProblem('DEMO9001')).toBeUndefined();
    expect(upnProblem(valid('801200110001'))).toBeUndefined();
    expect(upnProblem('A'.repeat(14))).toBe('at most 13 letters and digits (a UPN\'s length), found 14 characters');
    expect(upnProblem('A'.repeat(3000))).toContain('found 3000 characters');
    expect(upnProblem('A1 2')).toBe('letters and digits only');
    expect(upnProblem('')).toBe('empty');
  });

  it('the DfE check letter: weights 2 to 13 on the last 12 characters, modulo 23, from A-Z without I, O and S', () => {
    // 0*2+0*3+…+1*13 = 13: P (the 14th of the letters); a temporary UPN's last letter counts by its place in them (B: 1)
    expect(upnCheckLetter('X000000000001')).toBe('P');
    expect(upnCheckLetter('X00000000000A')).toBe('A');
    expect(upnCheckLetter('X00000000000B')).toBe('P');
    const good = valid('801200110001');
    expect(upnWarning(good)).toBeUndefined();
    const wrong = `${good[0] === 'A' ? 'B' : 'A'}${good.slice(1)}`;
    expect(upnWarning(wrong)).toMatch(new RegExp(`^"${wrong}": its check letter should be ${good[0]}`));
    expect(upnWarning('DEMO9001')).toBeUndefined(); // a local identifier: no check letter to check
  });

  it('an identifier echoed in a message is cut to a UPN\'s length', () => {
    expect(shownUpn('DEMO9001')).toBe('DEMO9001');
    expect(shownUpn('A'.repeat(3000))).toBe(`${'A'.repeat(13)}… (3000 characters)`);
  });

  it('a roll file with a 3,000-character UPN is refused, naming the line and field, with the UPN not echoed whole', async () => {
    const csv = `upn,given_name,family_name,year,reg_group,admission_date\nA1,Ann,One,9,9A,2024-09-04\n${'Z'.repeat(3000)},Bo,Two,9,9A,2024-09-04\n`;
    let problems: readonly { line: number; field: string; message: string }[] = [];
    try { await parsePupilsCsv(csv, 'roll.csv'); } catch (err) { expect(err).toBeInstanceOf(InputError); problems = (err as InputError).problems; }
    expect(problems).toEqual([{ file: 'roll.csv', line: 3, field: 'upn', message: 'at most 13 letters and digits (a UPN\'s length), found 3000 characters' }]);
  });
});
