/**
 * mis-sync (every 5 minutes) and mis-roll (nightly): registers arrive by themselves for a school
 * connected to its MIS. Marks are synced every few minutes during each register window (from the
 * register's opening to an hour after its close), then hourly in school hours; the roll and its
 * contacts nightly. Each sync is incremental (src/app/imports/sync-mis.ts). The unexplained-absence
 * list runs as soon as the first sync after the register closes has landed (posted once: the
 * scheduled run at close + 5 minutes finds it sent).
 */
import { instantOf, timeOfDay } from '../../config/clock.ts';
import { minuteOf } from '../../domain/flags.ts';
import { syncMis } from '../imports/sync-mis.ts';
import type { SchoolContext } from '../ports.ts';
import type { Job, JobDeps } from './job.ts';
import { afternoonList, morningList } from './unexplained-list.ts';

/** Minutes after a register closes during which marks are still synced every few minutes. */
export const AFTER_CLOSE_MINUTES = 60;
/** School hours for the hourly sync outside the register windows. */
const HOURS = { from: minuteOf('08:00'), to: minuteOf('17:00') };

function windowOf(school: SchoolContext, at: Date): 'AM' | 'PM' | 'hourly' | undefined {
  const t = minuteOf(timeOfDay(at, school.timezone));
  for (const s of ['AM', 'PM'] as const) {
    const r = school.calendar.registers[s];
    if (t >= minuteOf(r.opens) && t < minuteOf(r.closes) + AFTER_CLOSE_MINUTES) return s;
  }
  // the first run of each hour in school hours
  return t >= HOURS.from && t < HOURS.to && t % 60 < 5 ? 'hourly' : undefined;
}

const syncDeps = (deps: JobDeps) => ({ mis: deps.mis!.source, store: deps.mis!.store, imports: deps.mis!.imports, clock: deps.clock });

export const misSync: Job = {
  async run(deps, school, date) {
    const conn = deps.mis ? await deps.mis.store.connection(school.id) : undefined;
    if (!deps.mis || !conn) return { items: 0, delivery: [] };
    const now = deps.clock.now();
    const window = windowOf(school, now);
    if (!window) return { items: 0, delivery: [] };
    const r = await syncMis(syncDeps(deps), school.id, { roll: false });
    const report = { items: r.marks?.rows ?? 0, delivery: [] as Awaited<ReturnType<Job['run']>>['delivery'] };
    // the first sync that lands after the register closed posts the list at once
    if (window !== 'hourly') {
      const closes = instantOf(date, school.calendar.registers[window].closes, school.timezone);
      if (now >= closes && !(await deps.posts.wasSent(school.id, 'unexplained-list', date, window))) {
        report.delivery.push(...(await (window === 'AM' ? morningList : afternoonList).run(deps, school, date)).delivery);
      }
    }
    return report;
  },
};

export const misRoll: Job = {
  anyDay: true,
  async run(deps, school) {
    const conn = deps.mis ? await deps.mis.store.connection(school.id) : undefined;
    if (!deps.mis || !conn) return { items: 0, delivery: [] };
    const r = await syncMis(syncDeps(deps), school.id, { marks: false });
    return { items: r.roll?.rows ?? 0, delivery: [] };
  },
};
