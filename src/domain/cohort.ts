/**
 * A group of pupils as one: a year, a form, a school. Its attendance is its sessions added up
 * (present / possible over every pupil), as the DfE counts a school's, never an average of
 * pupils' percentages; PA and SA are the share of its pupils persistently or severely absent;
 * its pupils are counted into the school's bands; and it splits by the groups the DfE reports
 * on, where a group small enough to name a child is not given a rate.
 */
import { type AbsenceStatus, type AttendanceStats, type Band, addStats, attendancePct, bandOf, percentOneDecimal, ZERO_STATS } from './statistics.ts';

/**
 * The national figures the DfE published for all state-funded schools, 2023/24 full year
 * (../shared/reference/attendance-rules.md): what a cohort's PA and SA are compared with.
 */
export const NATIONAL = { label: 'National 2023/24', absencePct: 7.1, persistentPct: 20.0, severePct: 2.3 } as const;

/**
 * The bands a school without its own uses: 97% and over, 95 to 97, above 90, then persistent
 * absence (at or below 90% attendance) and severe absence (at or below 50%).
 */
export const DEFAULT_BANDS: readonly Band[] = [
  { name: '97% or more', atLeast: 97 },
  { name: '95% to 96.9%', atLeast: 95 },
  { name: '90.1% to 94.9%', above: 90 },
  { name: '50.1% to 90% (PA)', above: 50 },
  { name: '50% or less (SA)' },
];

/** The groups a cohort splits into, as the DfE reports them. */
export const COHORT_GROUPS = ['pupil-premium', 'fsm', 'send', 'social-worker', 'looked-after'] as const;
export type CohortGroup = (typeof COHORT_GROUPS)[number];
export const COHORT_GROUP_NAMES: Readonly<Record<CohortGroup, string>> = {
  'pupil-premium': 'Pupil Premium', fsm: 'Free school meals', send: 'SEND', 'social-worker': 'Social worker', 'looked-after': 'Looked after',
};
/** Groups that are safeguarding facts: shown to DSL roles only. */
export const SAFEGUARDING_GROUPS: ReadonlySet<CohortGroup> = new Set(['social-worker', 'looked-after']);

/** A group of fewer pupils than this is counted but given no rate: a rate would be a child's. */
export const SMALLEST_GROUP_RATED = 3;

export interface CohortMember {
  readonly stats: AttendanceStats;
  readonly status: AbsenceStatus;
  readonly groups: readonly CohortGroup[];
  /** The pupil's figures in each period of the trend (e.g. each half term so far), in order. */
  readonly byPeriod: readonly AttendanceStats[];
}

export interface CohortFigures {
  readonly stats: AttendanceStats;
  readonly size: number;
  readonly attendancePct: number | null;
  readonly persistent: number;
  readonly severe: number;
  readonly persistentPct: number | null;
  readonly severePct: number | null;
}

export interface CohortSummary extends CohortFigures {
  readonly bands: readonly { readonly name: string; readonly pupils: number }[];
  /** Each group present: its size, and its figures when it is big enough to rate. */
  readonly groups: readonly { readonly group: CohortGroup; readonly size: number; readonly figures?: CohortFigures }[];
  /** Attendance in each period of the trend (null: nothing to count). */
  readonly trend: readonly (number | null)[];
}

/** The figures of pupils together: sessions added up; PA and SA as shares of the pupils with sessions. */
export function cohortFigures(members: readonly Pick<CohortMember, 'stats' | 'status'>[]): CohortFigures {
  const counted = members.filter((m) => m.stats.possible > 0);
  const stats = counted.reduce((s, m) => addStats(s, m.stats), ZERO_STATS);
  const persistent = counted.filter((m) => m.status === 'persistent' || m.status === 'severe').length;
  const severe = counted.filter((m) => m.status === 'severe').length;
  return {
    stats, size: members.length, attendancePct: attendancePct(stats), persistent, severe,
    persistentPct: percentOneDecimal(persistent, counted.length), severePct: percentOneDecimal(severe, counted.length),
  };
}

export function summariseCohort(members: readonly CohortMember[], bands: readonly Band[], periods: number): CohortSummary {
  const inBand = new Map<string, number>(bands.map((b) => [b.name, 0]));
  for (const m of members) {
    const b = bandOf(m.stats, bands);
    if (b) inBand.set(b.name, inBand.get(b.name)! + 1);
  }
  const groups = COHORT_GROUPS.flatMap((group) => {
    const of = members.filter((m) => m.groups.includes(group));
    if (of.length === 0) return [];
    return [{ group, size: of.length, ...(of.length >= SMALLEST_GROUP_RATED ? { figures: cohortFigures(of) } : {}) }];
  });
  const trend = Array.from({ length: periods }, (_, i) => attendancePct(members.reduce((s, m) => addStats(s, m.byPeriod[i] ?? ZERO_STATS), ZERO_STATS)));
  return { ...cohortFigures(members), bands: [...inBand.entries()].map(([name, pupils]) => ({ name, pupils })), groups, trend };
}
