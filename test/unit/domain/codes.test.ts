import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_CODES,
  LA_SINGLE_CHARACTER_MAP,
  codeInfo,
  isAttendanceCode,
  mapSourceMark,
} from '../../../src/domain/codes.ts';

// The table of attendance-rules.md, written out again by hand: code -> [possible, counts as].
const EXPECTED: Record<string, [boolean, string]> = {
  '/': [true, 'present'], '\\': [true, 'present'], L: [true, 'present'],
  K: [true, 'present'], V: [true, 'present'], P: [true, 'present'], W: [true, 'present'], B: [true, 'present'],
  D: [false, 'not-counted'],
  C1: [true, 'authorised'], M: [true, 'authorised'], J1: [true, 'authorised'], S: [true, 'authorised'],
  C2: [true, 'authorised'], C: [true, 'authorised'],
  X: [false, 'not-counted'],
  T: [true, 'authorised'], R: [true, 'authorised'], I: [true, 'authorised'], E: [true, 'authorised'],
  Q: [false, 'not-counted'], Y1: [false, 'not-counted'], Y2: [false, 'not-counted'], Y3: [false, 'not-counted'],
  Y4: [false, 'not-counted'], Y5: [false, 'not-counted'], Y6: [false, 'not-counted'], Y7: [false, 'not-counted'],
  G: [true, 'unauthorised'], N: [true, 'unauthorised'], O: [true, 'unauthorised'], U: [true, 'unauthorised'],
  Z: [false, 'not-counted'], '#': [false, 'not-counted'],
};

describe('the 2024 code set', () => {
  it('has exactly the codes of the regulations', () => {
    expect([...ATTENDANCE_CODES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('code %s: possible and counts as the rules say', (code, [possible, countsAs]) => {
    if (!isAttendanceCode(code)) throw new Error(`${code} is not a code`);
    const info = codeInfo(code);
    expect(info.possible).toBe(possible);
    expect(info.countsAs).toBe(countsAs);
    expect(info.description.length).toBeGreaterThan(5);
  });

  it.each(['A', 'n', 'Y8', 'C3', 'J', '', ' /', 'I '])('rejects the unknown code %j', (code) => {
    expect(isAttendanceCode(code)).toBe(false);
  });
});

describe('per-source mapping of single-character MIS exports', () => {
  it('maps the LA table and passes DfE codes through', () => {
    expect(mapSourceMark('<', LA_SINGLE_CHARACTER_MAP)).toBe('C1');
    expect(mapSourceMark('_', LA_SINGLE_CHARACTER_MAP)).toBe('Y7');
    expect(mapSourceMark('a', LA_SINGLE_CHARACTER_MAP)).toBe('Y2');
    expect(mapSourceMark('G', LA_SINGLE_CHARACTER_MAP)).toBe('G');
  });

  it('refuses a character it cannot map rather than guess', () => {
    expect(mapSourceMark('!', LA_SINGLE_CHARACTER_MAP)).toBeUndefined();
    expect(mapSourceMark('<', undefined)).toBeUndefined();
  });
});
