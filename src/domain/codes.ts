/**
 * The DfE attendance and absence codes of the School Attendance (Pupil Registration)
 * (England) Regulations 2024, as listed in "Working together to improve school attendance"
 * (August 2024). One entry per code: what it means, which category it belongs to,
 * whether the session counts as a possible session and what it counts as.
 *
 * This table is the single place where the meaning of a code lives.
 */

export type CodeCategory =
  | 'present'
  | 'attending-elsewhere'
  | 'dual-registration'
  | 'leave-of-absence'
  | 'not-compulsory-school-age'
  | 'other-authorised'
  | 'unavoidable-cause'
  | 'unauthorised'
  | 'administrative';

/** What a session with this code adds to a pupil's statistics. */
export type CountsAs = 'present' | 'authorised' | 'unauthorised' | 'not-counted';

export interface CodeInfo {
  readonly code: AttendanceCode;
  readonly category: CodeCategory;
  /** Does the session count in the possible sessions (the denominator)? */
  readonly possible: boolean;
  readonly countsAs: CountsAs;
  readonly description: string;
}

export const ATTENDANCE_CODES = [
  '/', '\\', 'L',
  'K', 'V', 'P', 'W', 'B',
  'D',
  'C1', 'M', 'J1', 'S', 'C2', 'C',
  'X',
  'T', 'R', 'I', 'E',
  'Q', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7',
  'G', 'N', 'O', 'U',
  'Z', '#',
] as const;

export type AttendanceCode = (typeof ATTENDANCE_CODES)[number];

type Row = [AttendanceCode, CodeCategory, string];

const ROWS: Row[] = [
  ['/', 'present', 'Present (AM)'],
  ['\\', 'present', 'Present (PM)'],
  ['L', 'present', 'Late, arrived before the register closed'],
  ['K', 'attending-elsewhere', 'Attending education provision arranged by the local authority'],
  ['V', 'attending-elsewhere', 'Attending an educational visit or trip'],
  ['P', 'attending-elsewhere', 'Participating in a sporting activity'],
  ['W', 'attending-elsewhere', 'Attending work experience'],
  ['B', 'attending-elsewhere', 'Attending any other approved educational activity'],
  ['D', 'dual-registration', 'Dual registered, attending the other school'],
  ['C1', 'leave-of-absence', 'Leave of absence for a regulated performance or employment abroad'],
  ['M', 'leave-of-absence', 'Leave of absence for a medical or dental appointment'],
  ['J1', 'leave-of-absence', 'Leave of absence for an interview'],
  ['S', 'leave-of-absence', 'Leave of absence for study leave'],
  ['C2', 'leave-of-absence', 'Leave of absence for a part-time timetable'],
  ['C', 'leave-of-absence', 'Leave of absence for exceptional circumstances'],
  ['X', 'not-compulsory-school-age', 'Not required to be in school (not of compulsory school age)'],
  ['T', 'other-authorised', 'Parent travelling for occupational purposes'],
  ['R', 'other-authorised', 'Religious observance'],
  ['I', 'other-authorised', 'Illness (not medical or dental appointments)'],
  ['E', 'other-authorised', 'Suspended or permanently excluded, no alternative provision made'],
  ['Q', 'unavoidable-cause', 'Unable to attend because of a lack of access arrangements'],
  ['Y1', 'unavoidable-cause', 'Unable to attend because transport normally provided is not available'],
  ['Y2', 'unavoidable-cause', 'Unable to attend because of widespread disruption to travel'],
  ['Y3', 'unavoidable-cause', 'Unable to attend because part of the school premises is closed'],
  ['Y4', 'unavoidable-cause', 'Unable to attend because the whole school site is unexpectedly closed'],
  ['Y5', 'unavoidable-cause', 'Unable to attend because the pupil is in criminal justice detention'],
  ['Y6', 'unavoidable-cause', 'Unable to attend in accordance with public health guidance or law'],
  ['Y7', 'unavoidable-cause', 'Unable to attend because of any other unavoidable cause'],
  ['G', 'unauthorised', 'Holiday not granted by the school'],
  ['N', 'unauthorised', 'Reason for absence not yet established'],
  ['O', 'unauthorised', 'Absent in other or unknown circumstances'],
  ['U', 'unauthorised', 'Arrived in school after the register closed'],
  ['Z', 'administrative', 'Prospective pupil not on admission register'],
  ['#', 'administrative', 'Planned whole-school closure'],
];

const CATEGORY_RULE: Record<CodeCategory, { possible: boolean; countsAs: CountsAs }> = {
  present: { possible: true, countsAs: 'present' },
  'attending-elsewhere': { possible: true, countsAs: 'present' },
  'dual-registration': { possible: false, countsAs: 'not-counted' },
  'leave-of-absence': { possible: true, countsAs: 'authorised' },
  'not-compulsory-school-age': { possible: false, countsAs: 'not-counted' },
  'other-authorised': { possible: true, countsAs: 'authorised' },
  'unavoidable-cause': { possible: false, countsAs: 'not-counted' },
  unauthorised: { possible: true, countsAs: 'unauthorised' },
  administrative: { possible: false, countsAs: 'not-counted' },
};

export const CODE_INFO: ReadonlyMap<AttendanceCode, CodeInfo> = new Map(
  ROWS.map(([code, category, description]) => [
    code,
    { code, category, description, ...CATEGORY_RULE[category] },
  ]),
);

/**
 * Codes as small integers, for the engine's packed arrays: CODE_INDEX.get(code) is the
 * position of the code in ATTENDANCE_CODES.
 */
export const CODE_INDEX: ReadonlyMap<string, number> = new Map(
  ATTENDANCE_CODES.map((c, i) => [c, i]),
);

export function isAttendanceCode(value: string): value is AttendanceCode {
  return CODE_INDEX.has(value);
}

export function codeInfo(code: AttendanceCode): CodeInfo {
  return CODE_INFO.get(code)!;
}

/** Per code index: 0 not counted, 1 present, 2 authorised, 3 unauthorised. */
export const COUNTS_BY_INDEX: Uint8Array = Uint8Array.from(ATTENDANCE_CODES, (c) => {
  switch (codeInfo(c).countsAs) {
    case 'not-counted': return 0;
    case 'present': return 1;
    case 'authorised': return 2;
    case 'unauthorised': return 3;
  }
});

export const COUNT_NONE = 0;
export const COUNT_PRESENT = 1;
export const COUNT_AUTHORISED = 2;
export const COUNT_UNAUTHORISED = 3;

export const codeIndexOf = (code: AttendanceCode): number => CODE_INDEX.get(code)!;

/** The unauthorised codes that the National Framework counts by default. */
export const DEFAULT_PENALTY_CODES: readonly AttendanceCode[] = ['G', 'O', 'U'];
/** Lateness: arrived before (`L`) or after (`U`) the register closed. */
export const LATE_CODES: readonly AttendanceCode[] = ['L', 'U'];
/** Continuous absence that may lead to deletion from roll (20 school days). */
export const MISSING_EDUCATION_CODES: readonly AttendanceCode[] = ['G', 'N', 'O'];
/** Holding code, to be replaced within 5 school days. */
export const NOT_YET_ESTABLISHED: AttendanceCode = 'N';
export const ILLNESS: AttendanceCode = 'I';
export const CLOSURE: AttendanceCode = '#';

/**
 * MIS exports squeeze two-character codes into one character. A mapping table turns a
 * source's characters back into DfE codes; a character with no mapping is refused, never
 * guessed. Codes that are already one character map to themselves unless the table says
 * otherwise.
 */
export type SourceCodeMap = Readonly<Record<string, AttendanceCode>>;

/** One local authority's single-character mapping, quoted in the rules. */
export const LA_SINGLE_CHARACTER_MAP: SourceCodeMap = {
  '<': 'C1', '>': 'C2', '?': 'J1', $: 'Y1', a: 'Y2', '%': 'Y3', '`': 'Y4', ':': 'Y5', '|': 'Y6', _: 'Y7',
};

/** Turns a mark as a source wrote it into a DfE code, or undefined when it cannot. */
export function mapSourceMark(raw: string, map: SourceCodeMap | undefined): AttendanceCode | undefined {
  if (map && Object.prototype.hasOwnProperty.call(map, raw)) return map[raw];
  return isAttendanceCode(raw) ? raw : undefined;
}
