/** What every scheduled job is given, and what it reports. */
import type { EscalationPolicy } from '../../domain/flags.ts';
import { schoolDate } from '../../domain/dates.ts';
import type { DeliveryDeps, DeliveryResult } from '../delivery.ts';
import type { AppDeps } from '../deps.ts';
import type { Announcements, Clock, JobRuns, ImportStore, MisSource, MisStore, SchoolContext } from '../ports.ts';

export interface JobDeps extends AppDeps, DeliveryDeps {
  readonly clock: Clock;
  /** What the alerts last told staff about each pupil. */
  readonly announcements: Announcements;
  /** When each job last finished (runJob records it). */
  readonly jobRuns: JobRuns;
  readonly escalation?: EscalationPolicy;
  /** The MIS connector, when one is configured (WONDE_TOKEN). */
  readonly mis?: { readonly source: MisSource; readonly store: MisStore; readonly imports: ImportStore };
}

export interface JobReport {
  readonly kind: string;
  readonly schoolId: string;
  readonly date: string;
  readonly skipped?: string;
  readonly items: number;
  readonly delivery: DeliveryResult[];
}

/** One kind of scheduled job: runs for one school on one school day. */
export interface Job {
  /** Runs on days that are not school days too (escalation counts its own time). */
  readonly anyDay?: boolean;
  run(deps: JobDeps, school: SchoolContext, date: string): Promise<Omit<JobReport, 'kind' | 'schoolId' | 'date'>>;
}

/** "Wed 2025-02-26" */
export const dateLabel = (date: string) => schoolDate(date);

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
