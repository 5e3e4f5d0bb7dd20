/**
 * A file's problems, each named by file, line and field, and the register rows a file is
 * read into. Free of zod so that `evaluate` loads only what it uses (rows.ts holds the
 * row schemas).
 */

import { shownUpn } from '../../domain/upn.ts';
export interface InputProblem {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export const formatProblem = (p: InputProblem): string =>
  `${p.file}:${p.line}: field "${p.field}": ${p.message}`;

/** The problem of a register row for a pupil the school's roll does not hold. */
export const notOnRoll = (upn: string, schoolId: string) => `no pupil "${shownUpn(upn)}" on the roll of school ${schoolId}`;

/** Problems kept at the most, per file (every one is counted). */
export const MAX_LISTED_PROBLEMS = 200;

/**
 * A file's problems as they are found: the first MAX_LISTED_PROBLEMS kept and every one counted,
 * so a file of bad rows costs a count, not a list the size of the file.
 */
export function problemList() {
  const listed: InputProblem[] = [];
  let more = 0;
  return {
    add(p: InputProblem): void { if (listed.length < MAX_LISTED_PROBLEMS) listed.push(p); else more++; },
    /** Throws what was found, the count of the rest in a last problem `moreProblem` writes; nothing when none. */
    throwIfAny(moreProblem: (more: number) => InputProblem): void {
      if (more > 0) listed.push(moreProblem(more));
      if (listed.length > 0) throw new InputError(listed);
    },
  };
}

export class InputError extends Error {
  constructor(readonly problems: readonly InputProblem[]) {
    const shown = problems.slice(0, 50).map(formatProblem);
    if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more problems`);
    super(shown.join('\n'));
  }
}

/** Rows grouped by pupil, packed: slot = day * 2 + (PM ? 1 : 0), code = index in ATTENDANCE_CODES. */
export interface PupilRows {
  readonly slots: ArrayLike<number>;
  readonly codes: ArrayLike<number>;
  readonly lines: ArrayLike<number>;
}

export interface ParsedRegister {
  readonly file: string;
  /** In order of first appearance. */
  readonly pupils: Map<string, PupilRows>;
  /** Days with at least one mark other than `#`. */
  readonly markedDays: Set<number>;
  readonly rows: number;
}
