/** Registers: each pupil's marks. */
import type { AttendanceCode } from '../../domain/codes.ts';
import type { DayNumber, Session } from '../../domain/dates.ts';
import type { PupilRegister } from '../../domain/register.ts';

export interface Registers {
  /** Each pupil's marks between two days (inclusive). */
  load(schoolId: string, from: DayNumber, to: DayNumber, pupilIds?: readonly number[]): Promise<Map<number, PupilRegister>>;
  /** The codes taken for one session, by pupil. */
  session(schoolId: string, date: string, session: Session): Promise<Map<number, AttendanceCode>>;
}
