/** Wonde's student shapes vary between MIS: each is read into the roll import's fields, or left for the import to refuse by name. */
import { describe, expect, it } from 'vitest';
import { type WondeStudentJson, pupilOf, studentSchema, markSchema, plainMark } from '../../../src/adapters/mis/wonde/wonde.ts';

const base = { id: 'A1', forename: 'Ada', surname: 'Oak', education_details: { data: { upn: 'K1', admission_date: { date: '2025-09-03 00:00:00.000000' } } } };
const read = (extra: Record<string, unknown>) => pupilOf(studentSchema.parse({ ...base, ...extra }) as WondeStudentJson).fields;

describe('a Wonde student as roll fields', () => {
  it('reads the registration group from registration_group, registration or a registration-type group, else the year', () => {
    expect(read({ year: { data: { code: '9' } }, registration_group: { data: { name: '9O' } } }).reg_group).toBe('9O');
    expect(read({ year: { data: { code: '9' } }, registration: { data: { name: '9R' } } }).reg_group).toBe('9R');
    expect(read({ year: { data: { code: '9' } }, groups: { data: [{ name: 'Chess', type: 'CLUB' }, { name: '9G', type: 'REGISTRATION' }] } }).reg_group).toBe('9G');
    expect(read({ year: { data: { code: '9' } } }).reg_group).toBe('Y9');
  });

  it('reads the year from "9", "Year 9", "Y9" or Reception', () => {
    expect(read({ year: { data: { name: 'Year 11' } } }).year).toBe('11');
    expect(read({ education_details: { data: { ...base.education_details.data, current_nc_year: 'Y7' } } }).year).toBe('7');
    expect(read({ year: { data: { code: 'R' } } }).year).toBe('0');
    expect(read({}).year).toBe(''); // none: the roll import refuses the student by name
  });

  it('takes dates from Wonde date objects and plain text, and the parent with responsibility first', () => {
    const f = read({ year: { data: { code: '9' } }, date_of_birth: '2011-05-01', contacts: { data: [
      { forename: 'Gran', surname: 'Oak', relationship: { data: { relationship: 'Grandmother', parental_responsibility: false, priority: 1 } } },
      { forename: 'Kim', surname: 'Oak', relationship: { data: { relationship: 'Mother', parental_responsibility: true, priority: 2 } }, contact_details: { data: { phones: { mobile: '07700 900100' } } } },
    ] } });
    expect(f).toMatchObject({ admission_date: '2025-09-03', date_of_birth: '2011-05-01', contact1_name: 'Kim Oak', contact1_phone: '07700 900100', contact2_name: 'Gran Oak' });
  });
});

describe('a Wonde mark read the quick way', () => {
  it('gives what the schema gives for the shape Wonde sends, and leaves any other shape to the schema', () => {
    const rows = [
      { id: 'S1', student: 'A1', session: 'AM', date: { date: '2025-02-26 00:00:00.000000', timezone_type: 3, timezone: 'Europe/London' }, attendance_code: 'C1', updated_at: { date: '2025-02-26 09:01:00.000000' } },
      { id: 'S2', student: 'A2', session: 'pm', date: '2025-02-25', attendance_code: 'C2' },
    ];
    for (const r of rows) expect(plainMark(r)).toEqual(markSchema.parse(r));
    // an included student, a missing session, a date of no known shape, not an object: the schema reads (or refuses) them
    expect(plainMark({ student: { data: { id: 'A1' } }, session: 'AM', date: '2025-02-26', attendance_code: 'C1' })).toBeUndefined();
    expect(plainMark({ student: 'A1', date: '2025-02-26', attendance_code: 'C1' })).toBeUndefined();
    expect(plainMark({ student: 'A1', session: 'AM', date: 20250226, attendance_code: 'C1' })).toBeUndefined();
    expect(plainMark(null)).toBeUndefined();
    expect(markSchema.safeParse({ student: 'A1', session: 'AM', date: 20250226, attendance_code: 'C1' }).success).toBe(false);
  });
});
