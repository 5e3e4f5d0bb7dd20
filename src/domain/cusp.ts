/**
 * The early-warning "cusp": how many more absent sessions would take a pupil into
 * persistent absence by the end of a period (the half term, the year), given the sessions
 * still to come. A pupil two sessions from PA is the one to phone this week.
 */
import { type AttendanceStats, absences, isPersistentAbsence, PERSISTENT_ABSENCE_PCT } from './statistics.ts';

export interface Cusp {
  readonly alreadyPersistent: boolean;
  /**
   * The fewest further absent sessions, out of the remaining ones, that leave the pupil at
   * 10% absence or more at the end of the period; null when already persistent or when even
   * missing every remaining session would not get there.
   */
  readonly sessionsToPersistent: number | null;
  /** For a pupil already persistent: full attendance from now takes them out by the end. */
  readonly canLeaveByEnd: boolean;
}

export function cusp(stats: AttendanceStats, remainingSessions: number): Cusp {
  const a = absences(stats);
  const finalPossible = stats.possible + remainingSessions;
  const already = isPersistentAbsence(stats);
  const canLeaveByEnd = already && a * 100 < PERSISTENT_ABSENCE_PCT * finalPossible;
  if (already) return { alreadyPersistent: true, sessionsToPersistent: null, canLeaveByEnd };
  // smallest x >= 0 with 100 * (a + x) >= 10 * finalPossible
  const needed = Math.max(0, Math.ceil((PERSISTENT_ABSENCE_PCT * finalPossible - 100 * a) / 100));
  return {
    alreadyPersistent: false,
    sessionsToPersistent: needed <= remainingSessions ? needed : null,
    canLeaveByEnd: false,
  };
}
