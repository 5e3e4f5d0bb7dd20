/**
 * The jobs on BullMQ 6: one queue, one worker, and per school a job scheduler for each job
 * (`upsertJobScheduler`: BullMQ 6 ignores the old `repeat` option). Schedules are cron
 * patterns in the school's time zone, so 09:20 stays 09:20 across the clock changes; the
 * processor itself skips days that are not school days in the school's calendar (the
 * scheduler knows weekdays, the calendar knows half terms, INSET days and closures).
 * A run missed while the service was down is caught up once at start (catchUp), keyed by
 * job id so it runs once; delivery is keyed in PostgreSQL so a job run twice posts once.
 */
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { civilDate, instantOf } from '../src/config/clock.ts';
import { dayOf } from '../src/domain/dates.ts';
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
export async function syncSchedulers(queue: Queue<JobData>, schools: Schools): Promise<string[]> {
  const ids: string[] = [];
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
      await queue.upsertJobScheduler(schedulerId, s.pattern ? { pattern: s.pattern, tz: school.timezone } : { every: s.every! }, {
        name: s.kind, data: { kind: s.kind, schoolId: id },
      });
    }
  }
  return ids;
}

/**
 * Runs, once, the lists whose time passed today while the service was down. The job id
 * (school, kind, date) makes a second catch-up a no-op.
 */
export async function catchUp(queue: Queue<JobData>, deps: Pick<JobDeps, 'schools' | 'posts'>, now: Date): Promise<string[]> {
  const queued: string[] = [];
  for (const id of await deps.schools.ids()) {
    const school = await deps.schools.load(id);
    const date = civilDate(now, school.timezone);
    if (!school.calendar.isSchoolDay(dayOf(date))) continue;
    for (const [kind, session] of [['morning-list', 'AM'], ['afternoon-list', 'PM']] as const) {
      const [h, m] = addMinutes(school.calendar.registers[session].closes, LIST_DELAY_MINUTES);
      const due = instantOf(date, `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, school.timezone);
      if (now < due) continue;
      if (await deps.posts.wasSent(id, 'unexplained-list', date, session)) continue;
      const jobId = `catch-up.${id}.${kind}.${date}`; // BullMQ job ids may not hold ':'
      // a catch-up that failed for good is kept by BullMQ under its id, and re-adding that id
      // does nothing: remove it, so that a later catch-up runs (the post log keeps it to once)
      const earlier = await queue.getJob(jobId);
      if (earlier && (await earlier.isFailed())) await earlier.remove();
      await queue.add(kind, { kind, schoolId: id, date }, { jobId });
      queued.push(jobId);
    }
  }
  return queued;
}

/**
 * Keeps the schedules alive: re-asserts every school's job schedulers (Redis may have come back
 * empty, a school may have been added) and catches up the lists missed meanwhile. The service
 * runs it every few minutes, not only at start. Returns how many schedulers exist after.
 */
export async function keepSchedulers(queue: Queue<JobData>, deps: Pick<JobDeps, 'schools' | 'posts'>, now: Date): Promise<{ before: number; after: number; caughtUp: string[] }> {
  const before = (await queue.getJobSchedulers()).length;
  const ids = await syncSchedulers(queue, deps.schools);
  const caughtUp = before < ids.length ? await catchUp(queue, deps, now) : [];
  return { before, after: ids.length, caughtUp };
}

/** The school day a job is for: its own date, or the civil date of its scheduled fire time. */
export async function jobDate(schools: Schools, job: Job<JobData>): Promise<string> {
  if (job.data.date) return job.data.date;
  const school = await schools.load(job.data.schoolId);
  return civilDate(new Date(job.opts.prevMillis ?? job.timestamp), school.timezone);
}

export function startWorker(connection: Redis, deps: JobDeps, options: { concurrency?: number; prefix?: string } = {}): Worker<JobData> {
  return new Worker<JobData>(QUEUE, async (job) => {
    if (!isJobKind(job.data.kind)) throw new Error(`unknown job kind ${job.data.kind}`);
    const date = await jobDate(deps.schools, job);
    return runJob(deps, job.data.kind, job.data.schoolId, date);
  }, { connection, concurrency: options.concurrency ?? 4, prefix: options.prefix ?? 'attendance' });
}
