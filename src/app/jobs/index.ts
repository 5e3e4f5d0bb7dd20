/**
 * The scheduled jobs, one file each, and their registry: each runs once for a school on a
 * date, by hand (`jobs run`) or from the BullMQ worker (jobs/queue.ts).
 */
import { dayOf } from '../../domain/dates.ts';
import { flagEscalation } from './flag-escalation.ts';
import type { Job, JobDeps, JobReport } from './job.ts';
import { laReturns } from './la-returns.ts';
import { misRoll, misSync } from './mis-sync.ts';
import { outbox } from './outbox.ts';
import { ladderSteps } from './ladder-steps.ts';
import { paEarlyWarning } from './pa-early-warning.ts';
import { paSaChanges } from './pa-sa-changes.ts';
import { penaltyThreshold } from './penalty-threshold.ts';
import { safeguardingFlags } from './safeguarding-flags.ts';
import { afternoonList, morningList } from './unexplained-list.ts';
import { weeklySummary } from './weekly-summary.ts';

export type { JobDeps, JobReport } from './job.ts';

export const JOBS = {
  'morning-list': morningList,
  'afternoon-list': afternoonList,
  'safeguarding-flags': safeguardingFlags,
  'flag-escalation': flagEscalation,
  'pa-sa-changes': paSaChanges,
  'pa-early-warning': paEarlyWarning,
  'penalty-threshold': penaltyThreshold,
  'ladder-steps': ladderSteps,
  'la-returns': laReturns,
  'weekly-summary': weeklySummary,
  outbox,
  'mis-sync': misSync,
  'mis-roll': misRoll,
} as const satisfies Record<string, Job>;

export type JobKind = keyof typeof JOBS;
export const JOB_KINDS = Object.keys(JOBS) as JobKind[];
export const isJobKind = (k: string): k is JobKind => Object.prototype.hasOwnProperty.call(JOBS, k);

export async function runJob(deps: JobDeps, kind: JobKind, schoolId: string, date: string): Promise<JobReport> {
  const school = await deps.schools.load(schoolId);
  const job: Job = JOBS[kind];
  if (!job.anyDay && !school.calendar.isSchoolDay(dayOf(date))) {
    return { kind, schoolId, date, skipped: `${date} is not a school day for ${schoolId}`, items: 0, delivery: [] };
  }
  const report = { kind, schoolId, date, ...(await job.run(deps, school, date)) };
  // finished: the healing check does not run it again today (a run that threw is not recorded)
  await deps.jobRuns.finished(schoolId, kind, date, deps.clock.now());
  return report;
}
