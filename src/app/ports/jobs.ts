/** What the scheduled jobs keep: when each last finished, and what the alerts last announced. */
import type { AnnouncedState } from '../../domain/announce.ts';

/** When each job last finished for a school and a day: what the healing check reads. */
export interface JobRuns {
  finished(schoolId: string, kind: string, date: string, at: Date): Promise<void>;
  /** The latest finish of each kind of job for the school and day. */
  lastFinished(schoolId: string, date: string): Promise<Map<string, Date>>;
}

/** What an alert announces about a pupil: whether the penalty threshold is met, their absence status. */
export type AnnouncedKind = 'penalty-threshold' | 'absence-status';

/** What the alerts last told staff about each pupil (src/domain/announce.ts decides from it). */
export interface Announcements {
  last(schoolId: string, kind: AnnouncedKind): Promise<Map<number, AnnouncedState<string>>>;
  save(schoolId: string, kind: AnnouncedKind, rows: readonly (AnnouncedState<string> & { readonly pupilId: number })[]): Promise<void>;
}
