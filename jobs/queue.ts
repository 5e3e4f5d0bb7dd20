/**
 * The jobs on BullMQ 6: one queue, one worker, and per school a job scheduler for each job
 * (`upsertJobScheduler`: BullMQ 6 ignores the old `repeat` option). Schedules are cron
 * patterns in the school's time zone, so 09:20 stays 09:20 across the clock changes; the
 * processor itself skips days that are not school days in the school's calendar (the
 * scheduler knows weekdays, the calendar knows half terms, INSET days and closures).
 * A run missed while the service was down is caught up once at start (catchUp), keyed by
 * job id so it runs once; delivery is keyed in PostgreSQL so a job run twice posts once.
 */
import { hostname } from 'node:os';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { civilDate, instantOf } from '../src/config/clock.ts';
import { dayOf, isoWeekday } from '../src/domain/dates.ts';
import { isJobKind, type JobDeps, type JobKind, runJob } from '../src/app/jobs/index.ts';
import type { Schools } from '../src/app/ports.ts';

export const QUEUE = 'attendance';

export interface JobData {
  readonly kind: JobKind;
  readonly schoolId: string;
  /** Set for a run by hand or a catch-up; a scheduled run takes its date from its fire time. */
  readonly date?: string;
}

/** Minutes after a register closes before the list is posted: late marks settle. */
export const LIST_DELAY_MINUTES = 5;

const addMinutes = (hhmm: string, minutes: number): [number, number] => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const t = h * 60 + m + minutes;
  return [Math.floor(t / 60) % 24, t % 60];
};

/** Each school's schedules: [job, cron pattern] in the school's time zone, weekdays. */
export function schedulesFor(registers: { AM: { closes: string }; PM: { closes: string } }): { id: string; kind: JobKind; pattern?: string; every?: number }[] {
  const [amH, amM] = addMinutes(registers.AM.closes, LIST_DELAY_MINUTES);
  const [pmH, pmM] = addMinutes(registers.PM.closes, LIST_DELAY_MINUTES);
  const [flH, flM] = addMinutes(registers.AM.closes, LIST_DELAY_MINUTES + 1);
  return [
    { id: 'morning-list', kind: 'morning-list', pattern: `${amM} ${amH} * * 1-5` },
    { id: 'afternoon-list', kind: 'afternoon-list', pattern: `${pmM} ${pmH} * * 1-5` },
    { id: 'safeguarding-flags-am', kind: 'safeguarding-flags', pattern: `${flM} ${flH} * * 1-5` },
    { id: 'safeguarding-flags-pm', kind: 'safeguarding-flags', pattern: `${(pmM + 1) % 60} ${pmH + (pmM + 1 >= 60 ? 1 : 0)} * * 1-5` },
    { id: 'flag-escalation', kind: 'flag-escalation', every: 5 * 60_000 },
    { id: 'outbox', kind: 'outbox', every: 60_000 },
    { id: 'mis-sync', kind: 'mis-sync', every: 5 * 60_000 },
    { id: 'mis-roll', kind: 'mis-roll', pattern: '0 2 * * *' },
    { id: 'pa-sa-changes', kind: 'pa-sa-changes', pattern: '0 16 * * 1-5' },
    { id: 'pa-early-warning', kind: 'pa-early-warning', pattern: '30 15 * * 5' },
    { id: 'penalty-threshold', kind: 'penalty-threshold', pattern: '5 16 * * 1-5' },
    { id: 'ladder-steps', kind: 'ladder-steps', pattern: '45 7 * * 1-5' },
    { id: 'la-returns', kind: 'la-returns', pattern: '10 16 * * 1-5' },
    // posts on the week's last school day; on the other days, a week whose summary was missed
    { id: 'weekly-summary', kind: 'weekly-summary', pattern: '45 15 * * 1-5' },
  ];
}

/** `prefix` keeps one deployment's (or one test's) keys apart from another's in the same Redis. */
export function createQueue(connection: Redis, prefix = 'attendance'): Queue<JobData> {
  return new Queue<JobData>(QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 500, removeOnFail: 1000 },
  });
}

/**
 * Creates every school's job schedulers, and changes one only when its definition changed:
 * re-upserting an unchanged cron scheduler would remove its waiting job and schedule the next
 * occurrence after now, so a run due while the worker was busy would be lost.
 */
export async function syncSchedulers(queue: Queue<JobData>, schools: Schools): Promise<{ ids: string[]; created: string[] }> {
  const ids: string[] = [];
  const created: string[] = [];
  const existing = new Map((await queue.getJobSchedulers(0, -1)).map((j) => [j.key, j]));
  for (const id of await schools.ids()) {
    const school = await schools.load(id);
    for (const s of schedulesFor(school.calendar.registers)) {
      const schedulerId = `${id}:${s.id}`;
      ids.push(schedulerId);
      const now = existing.get(schedulerId);
      const data = now?.template?.data as Partial<JobData> | undefined;
      const same = now !== undefined && now.name === s.kind && data?.kind === s.kind && data?.schoolId === id
        && (s.pattern ? now.pattern === s.pattern && now.tz === school.timezone : Number(now.every) === s.every);
      if (same) continue;
      if (!now) created.push(schedulerId);
      await queue.upsertJobScheduler(schedulerId, s.pattern ? { pattern: s.pattern, tz: school.timezone } : { every: s.every! }, {
        name: s.kind, data: { kind: s.kind, schoolId: id },
      });
    }
  }
  return { ids, created };
}

/** The time a scheduled job fires today, in the school's time zone (for a weekday pattern that fires today), as HH:MM. */
function firesToday(pattern: string, weekday: number): string | undefined {
  const [m, h, , , days] = pattern.split(' ');
  if (!m || !h || !/^\d+$/.test(m) || !/^\d+$/.test(h)) return undefined;
  if (days && days !== '*') {
    const ok = days.split(',').some((d) => {
      const [a, b] = d.split('-').map(Number);
      return b === undefined ? a === weekday : weekday >= a! && weekday <= b;
    });
    if (!ok) return undefined;
  }
  return `${h.padStart(2, '0')}:${m.padStart(2, '0')}`;
}

/** A run is missed when its time passed this long ago with no run finished since. */
const MISSED_AFTER_MS = 2 * 60_000;

/**
 * Runs again, the same day, every scheduled job whose time has passed today with no run
 * finished since: one missed while the service was down, lost with an empty Redis, or that
 * failed all its attempts (or whose catch-up failed). A list counts as done once posted. The job
 * id (school, schedule, date) keeps one in the queue at a time; a failed one is removed so the
 * next check tries again while the day lasts. What was missed is logged once, when first queued.
 */
export async function catchUp(queue: Queue<JobData>, deps: Pick<JobDeps, 'schools' | 'posts' | 'jobRuns'>, now: Date, log: (line: string) => void = () => undefined): Promise<string[]> {
  const queued: string[] = [];
  for (const id of await deps.schools.ids()) {
    const school = await deps.schools.load(id);
    const date = civilDate(now, school.timezone);
    if (!school.calendar.isSchoolDay(dayOf(date))) continue;
    const weekday = isoWeekday(dayOf(date));
    const finished = await deps.jobRuns.lastFinished(id, date);
    for (const s of schedulesFor(school.calendar.registers)) {
      const at = s.pattern ? firesToday(s.pattern, weekday) : undefined;
      if (!at) continue; // the every-few-minutes jobs heal themselves
      const due = instantOf(date, at, school.timezone);
      if (now.getTime() < due.getTime() + MISSED_AFTER_MS) continue;
      const last = finished.get(s.kind);
      if (last && last.getTime() >= due.getTime()) continue;
      if ((s.kind === 'morning-list' || s.kind === 'afternoon-list') && await deps.posts.wasSent(id, 'unexplained-list', date, s.kind === 'morning-list' ? 'AM' : 'PM')) continue;
      const jobId = `catch-up.${id}.${s.id}.${date}`; // BullMQ job ids may not hold ':'
      const earlier = await queue.getJob(jobId);
      if (earlier) {
        const state = await earlier.getState();
        if (state !== 'failed' && state !== 'completed') { queued.push(jobId); continue; } // still on its way
        await earlier.remove();
      } else {
        log(`jobs: school ${id}: ${s.kind} of ${date} (due ${at}) has not run: running it now`);
      }
      await queue.add(s.kind, { kind: s.kind, schoolId: id, date }, { jobId });
      queued.push(jobId);
    }
  }
  return queued;
}

/**
 * Keeps the schedules alive: re-asserts every school's job schedulers (Redis may have come back
 * empty, a school may have been added) and runs again what was missed today. The service runs it
 * every few minutes, not only at start. Returns how many schedulers there were before and are
 * after, and which it had to create: read by the same look that created them, so a Redis that
 * went away between the two counts cannot hide the ones put back.
 */
export async function keepSchedulers(queue: Queue<JobData>, deps: Pick<JobDeps, 'schools' | 'posts' | 'jobRuns'>, now: Date, log?: (line: string) => void): Promise<{ before: number; after: number; created: string[]; caughtUp: string[] }> {
  const before = (await queue.getJobSchedulers()).length;
  const { ids, created } = await syncSchedulers(queue, deps.schools);
  // said as soon as they are back, before the catch-up (which may take a while)
  if (created.length > 0) log?.(`jobs: ${created.length} scheduler(s) were missing and are back`);
  // the schedulers are back whatever happens next; a catch-up that fails is tried at the next check
  const caughtUp = await catchUp(queue, deps, now, log).catch((err: unknown) => {
    log?.(`jobs: could not catch up missed jobs yet: ${err instanceof Error ? err.message : String(err)}`);
    return [] as string[];
  });
  return { before, after: ids.length, created, caughtUp };
}

/** The school day a job is for: its own date, or the civil date of its scheduled fire time. */
export async function jobDate(schools: Schools, job: Job<JobData>): Promise<string> {
  if (job.data.date) return job.data.date;
  const school = await schools.load(job.data.schoolId);
  return civilDate(new Date(job.opts.prevMillis ?? job.timestamp), school.timezone);
}

/**
 * A worker: runs up to `concurrency` jobs at once. Any number of workers, in any number of
 * processes, may share a queue; each job carries the name of the one that ran it (host:pid).
 */
export function startWorker(connection: Redis, deps: JobDeps, options: { concurrency?: number; prefix?: string } = {}): Worker<JobData> {
  return new Worker<JobData>(QUEUE, async (job) => {
    if (!isJobKind(job.data.kind)) throw new Error(`unknown job kind ${job.data.kind}`);
    const date = await jobDate(deps.schools, job);
    return runJob(deps, job.data.kind, job.data.schoolId, date);
  }, { connection, concurrency: options.concurrency ?? 4, prefix: options.prefix ?? 'attendance', name: `${hostname()}:${process.pid}` });
}
